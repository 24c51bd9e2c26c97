"""Every shared wire sample ingests, or is quarantined with a precise reason (one test each),
and the ninjs and NewsML-G2 samples agree with IPTC's schemas."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from dateline.articles.factories import AgencyFactory
from dateline.articles.models import ArticlePage
from dateline.wires.models import QuarantinedFile, WireSource
from dateline.wires.services.intake import ingest_file

from .conftest import WIRE_FIXTURES

# file → (stories created, quarantine reason or None)
EXPECTED = {
    "ninjs/3.x/iptc-doc-3.1-004_simple_text_article.json": (1, None),
    "ninjs/3.x/iptc-doc-3.1-005_complex_text_article.json": (1, None),
    "ninjs/3.x/iptc-doc-3.1-007_multimedia.json": (1, None),
    "ninjs/3.x/iptc-doc-3.1-008_event.json": (
        0,
        "ninjs item 'urn:nato.int:2023-nato-summit-press-conference' is of type 'event': only "
        "text and composite items are stories (media and events are not ingested).",
    ),
    "ninjs/3.x/ap_image.json": (0, "is of type 'picture': only text and composite items"),
    "ninjs/3.x/dpa_text.json": (1, None),
    "ninjs/3.x/tt_text_image_3.json": (1, None),
    "ninjs/2.x/iptc-doc-2.2-005_complex_text_article.json": (1, None),
    "ninjs/2.x/ap_video.json": (0, "is of type 'video': only text and composite items"),
    "newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml": (
        0,
        "NewsML-G2 item 'urn:newsml:acmenews.com:20161018:US-FINANCE-FED' has no inline text "
        "content.",
    ),
    "newsml-g2/LISTING_2_NewsML-G2_Text_Document.xml": (1, None),
    "newsml-g2/LISTING_3_Photo_in_NewsML-G2.xml": (
        0,
        "No text newsItem in this NewsML-G2 file (item classes: picture); pictures and "
        "packages are not stories on their own.",
    ),
    "newsml-g2/LISTING_6_Simple_NewsML-G2_Package.xml": (
        0,
        "A NewsML-G2 <packageItem> carries no story: only text newsItems are ingested.",
    ),
    "newsml-g2/LISTING_29_Hop_History.xml": (
        0,
        "NewsML-G2 item 'urn:newsml:acmenews.com:20161019T1205:HOP-HISTORY-EXAMPLE' has no "
        "headline.",
    ),
    "newsml-g2/ap_metadata_example.xml": (
        0,
        "No text newsItem in this NewsML-G2 file (item classes: video); pictures and "
        "packages are not stories on their own.",
    ),
    "newsml-g2/TT_newsmlg2_sample.xml": (1, None),
    "rss/guardian.rss": (55, None),
    # ISO-8859-1 without a declaration: read as Windows-1252; 4 items have empty descriptions.
    "rss/uolNoticias.rss": (11, "Nothing is left of the body once unsafe HTML is removed."),
}


def test_every_sample_file_is_listed():
    on_disk = {
        str(path.relative_to(WIRE_FIXTURES))
        for path in WIRE_FIXTURES.rglob("*")
        if path.is_file() and path.parent.name != "schemas" and path.suffix != ".md"
    }
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_ingests_or_is_quarantined_with_its_reason(name, world):
    created, reason = EXPECTED[name]
    data = (WIRE_FIXTURES / name).read_bytes()
    # Through a source, as wire copy arrives: the source names the agency (the byline a
    # story needs to go out; a sample naming no provider would otherwise wait as a draft).
    source = WireSource.objects.create(
        name="Samples", slug="samples", default_section=world, agency=AgencyFactory()
    )
    report = ingest_file(data, source=source, filename=name, publish=True)
    assert report.counts["created"] == created
    assert ArticlePage.objects.live().count() == created
    held = list(QuarantinedFile.objects.all())
    if reason is None:
        assert held == []
        assert report.counts["quarantined"] == 0
    else:
        assert len(held) == 1
        assert reason in held[0].reason
        assert bytes(held[0].data) == data  # kept byte for byte
        assert report.counts["quarantined"] == 1


# --- schemas


def _ninjs_validator(schema_name: str):
    from jsonschema import Draft7Validator, validators
    from referencing import Registry, Resource

    schemas = WIRE_FIXTURES / "schemas"
    geojson = json.loads((schemas / "GeoJSON.json").read_text())
    schema = json.loads((schemas / schema_name).read_text())
    registry = Registry().with_resources(
        [
            ("https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson)),
            (schema.get("$id", schema_name).rstrip("#"), Resource.from_contents(schema)),
        ]
    )
    validator_class = validators.validator_for(schema, default=Draft7Validator)
    return validator_class(schema, registry=registry)


NINJS_FILES = sorted(name for name in EXPECTED if name.startswith("ninjs/"))


@pytest.mark.parametrize("name", NINJS_FILES)
def test_ninjs_sample_validates_against_its_schema(name):
    schema = "ninjs-schema_3.1.json" if name.startswith("ninjs/3.x") else "ninjs-schema_2.2.json"
    validator = _ninjs_validator(schema)
    document = json.loads((WIRE_FIXTURES / name).read_bytes())
    errors = [error.message for error in validator.iter_errors(document)]
    assert errors == []


def test_ninjs_schema_rejects_what_the_parser_refuses():
    """Parser and schema agree on the identifier: an item without `uri` is invalid for both."""
    validator = _ninjs_validator("ninjs-schema_3.1.json")
    assert not validator.is_valid({"headlines": [{"role": "main", "value": "No id"}]})


@pytest.fixture(scope="module")
def newsml_schema():
    # The XSD imports xml.xsd from beside itself; nothing is fetched from the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.parse(
        str(WIRE_FIXTURES / "schemas" / "NewsML-G2_2.35-spec-All-Power.xsd"), parser
    )
    return etree.XMLSchema(document)


NEWSML_VALID = sorted(
    name for name in EXPECTED if name.startswith("newsml-g2/") and "TT_" not in name
)


@pytest.mark.parametrize("name", NEWSML_VALID)
def test_newsml_sample_validates_against_the_schema(name, newsml_schema):
    document = etree.parse(str(WIRE_FIXTURES / name), etree.XMLParser(no_network=True))
    assert newsml_schema.validate(document), str(newsml_schema.error_log)


def test_tt_sample_declares_no_namespace_so_the_schema_refuses_it_but_we_read_it(
    newsml_schema, world
):
    name = "newsml-g2/TT_newsmlg2_sample.xml"
    document = etree.parse(str(WIRE_FIXTURES / name), etree.XMLParser(no_network=True))
    assert not newsml_schema.validate(document)
    assert ingest_file((WIRE_FIXTURES / name).read_bytes()).counts["created"] == 1
