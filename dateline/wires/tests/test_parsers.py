"""Parsers: the contract for each backend, hostile XML, encodings, and property tests."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.wires.items import PubStatus
from dateline.wires.parsers import WireParseError, detect_format
from dateline.wires.parsers.dummy import DummyParser
from dateline.wires.parsers.feeds import FeedParser
from dateline.wires.parsers.newsml import NewsMLG2Parser
from dateline.wires.parsers.ninjs import NinjsParser

from .conftest import WIRE_FIXTURES, make_item
from .contracts import ParserContract

NINJS_SAMPLE = (WIRE_FIXTURES / "ninjs" / "3.x" / "dpa_text.json").read_bytes()
NEWSML_SAMPLE = (WIRE_FIXTURES / "newsml-g2" / "LISTING_2_NewsML-G2_Text_Document.xml").read_bytes()
RSS_SAMPLE = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire</title>
<item><title>Ferry timetable changes from Monday</title><guid>urn:t:1</guid>
<pubDate>Mon, 02 Mar 2026 06:00:00 GMT</pubDate>
<description>&lt;p&gt;Morning ferries leave ten minutes earlier.&lt;/p&gt;</description></item>
</channel></rss>"""
ATOM_SAMPLE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>tag:t,2026:1</id><title>Library opens on Sundays</title>
<updated>2026-03-02T06:00:00Z</updated><published>2026-03-02T05:00:00Z</published>
<content type="html">&lt;p&gt;The central library will open on Sundays.&lt;/p&gt;</content></entry>
</feed>"""


class TestNinjsContract(ParserContract):
    def parser(self):
        return NinjsParser()

    def sample(self):
        return NINJS_SAMPLE


class TestNewsMLContract(ParserContract):
    def parser(self):
        return NewsMLG2Parser()

    def sample(self):
        return NEWSML_SAMPLE


class TestRSSContract(ParserContract):
    def parser(self):
        return FeedParser()

    def sample(self):
        return RSS_SAMPLE


class TestAtomContract(ParserContract):
    def parser(self):
        return FeedParser()

    def sample(self):
        return ATOM_SAMPLE


class TestDummyContract(ParserContract):
    def parser(self):
        return DummyParser(params={"ITEMS": [make_item()]})

    def sample(self):
        return b"anything the dummy is given"

    def test_truncated_sample_raises_only_the_parsers_error(self):
        """The dummy refuses exactly the bytes b"bad" and records every call."""
        parser = self.parser()
        assert parser.parse(b"any") == [make_item()]
        with pytest.raises(WireParseError, match="told this file is bad"):
            parser.parse(b"bad")
        assert parser.calls == [b"any", b"bad"]


def test_ninjs_reads_versions_status_and_times():
    item = NinjsParser().parse(NINJS_SAMPLE)[0]
    assert item.guid == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert item.version == 2
    assert item.version_created.isoformat() == "2019-05-10T14:02:28+00:00"
    assert item.pub_status == PubStatus.USABLE
    assert item.urgency == 4
    assert item.provider == "dpa"
    assert item.language == "de"


def test_ninjs_canceled_status_and_embargo():
    doc = {
        "uri": "urn:x:1",
        "type": "text",
        "version": "3",
        "pubStatus": "canceled",
        "embargoed": "2026-03-02T12:00:00+05:30",
        "headlines": [{"role": "main", "value": "Killed story"}],
        "bodies": [{"contentType": "text/plain", "value": "Withdrawn.\n\nSecond."}],
    }
    item = NinjsParser().parse(json.dumps(doc).encode())[0]
    assert item.pub_status == PubStatus.CANCELED
    assert item.embargo.isoformat() == "2026-03-02T06:30:00+00:00"
    assert item.body_html == "<p>Withdrawn.</p><p>Second.</p>"


def test_ninjs_1x_single_headline_and_body_html():
    doc = {
        "uri": "urn:x:old",
        "headline": "One-x headline",
        "body_html": "<p>Old style.</p>",
        "versioncreated": "2014-01-01T00:00:00Z",
        "subject": [{"name": "Politics", "code": "p"}],
    }
    item = NinjsParser().parse(json.dumps(doc).encode())[0]
    assert (item.headline, item.body_html, item.subjects[0].name) == (
        "One-x headline",
        "<p>Old style.</p>",
        "Politics",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"uri": "urn:x", "headlines": [', r"^Invalid JSON at line 1, column \d+: "),
        (b'{"uri": "urn:x", "headline": "caf\xe9"}', r"^The JSON is not valid UTF-8 \(byte 33"),
        (b'{"headline": "No id"}', r"has no 'uri'"),
        (b'{"uri": "urn:x", "headline": "H"}', r"has no body text"),
        (
            b'{"uri": "urn:x", "pubStatus": "maybe", "headline": "H", "body_text": "b"}',
            r"^Unknown publication status 'maybe'",
        ),
        (b"[]", r"empty list"),
        (b"[" * 100_000, r"nested too deeply|Invalid JSON"),
    ],
    ids=["truncated", "latin1-bytes", "no-uri", "no-body", "bad-status", "empty-list", "deep"],
)
def test_bad_ninjs_is_refused_with_a_precise_reason(data, reason):
    with pytest.raises(WireParseError, match=reason):
        NinjsParser().parse(data)


def test_ninjs_in_utf16_with_a_bom_is_read():
    doc = {"uri": "urn:x:16", "headline": "Sixteen bits", "body_text": "Text."}
    item = NinjsParser().parse(json.dumps(doc).encode("utf-16"))[0]
    assert item.headline == "Sixteen bits"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>Leak</title><guid>g</guid>
<description>&xxe;</description></item></channel></rss>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<newsItem guid="g" version="1"><contentMeta><headline>&lol9;</headline></contentMeta></newsItem>"""
UTF16_XXE = (
    XXE.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    .decode()
    .encode("utf-16")
)


@pytest.mark.parametrize("parser_class", [FeedParser, NewsMLG2Parser])
@pytest.mark.parametrize(
    "data", [XXE, BILLION_LAUGHS, UTF16_XXE], ids=["xxe", "laughs", "utf16-xxe"]
)
def test_entities_are_refused_without_being_expanded(parser_class, data):
    with pytest.raises(WireParseError, match=r"The XML declares entities \(<!ENTITY>\)"):
        parser_class().parse(data)


def test_an_external_dtd_is_not_fetched_and_the_feed_still_reads():
    data = RSS_SAMPLE.replace(
        b'<rss version="2.0">',
        b'<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/never.dtd"><rss version="2.0">',
    )
    assert FeedParser().parse(data)[0].headline == "Ferry timetable changes from Monday"


def test_a_latin1_feed_without_declaration_is_read_as_windows_1252():
    data = RSS_SAMPLE.replace(b'<?xml version="1.0" encoding="utf-8"?>\n', b"").replace(
        b"Ferry timetable", "Ferry timetable café".encode("latin-1")
    )
    assert FeedParser().parse(data)[0].headline == "Ferry timetable café changes from Monday"


def test_a_declared_encoding_that_lies_is_refused_with_the_position():
    data = RSS_SAMPLE.replace(b"Ferry timetable", "café".encode("latin-1"))
    with pytest.raises(WireParseError, match=r"^The XML is not well-formed: .*line 3"):
        FeedParser().parse(data)


def test_newsml_message_attaches_its_pictures_to_the_text_item():
    data = (WIRE_FIXTURES / "newsml-g2" / "TT_newsmlg2_sample.xml").read_bytes()
    [item] = NewsMLG2Parser().parse(data)
    assert item.provider == "TT"
    assert item.images[0].width == 4928
    assert "<h1>" not in item.body_html and "<figure" not in item.body_html
    assert item.body_html.count("<p>") == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (NINJS_SAMPLE, "ninjs"),
        (NEWSML_SAMPLE, "newsml-g2"),
        (RSS_SAMPLE, "rss"),
        (ATOM_SAMPLE, "atom"),
    ],
)
def test_detect_format(data, expected):
    assert detect_format(data) == expected


def test_detect_format_refuses_other_xml():
    with pytest.raises(WireParseError, match=r"root element is <html>"):
        detect_format(b"<?xml version='1.0'?><html/>")


# --- property tests: whatever arrives, a parser raises nothing but WireParseError

PARSERS = [NinjsParser, NewsMLG2Parser, FeedParser]
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_parse_errors(parser, data: bytes) -> None:
    try:
        items = parser.parse(data)
    except WireParseError:
        return
    assert all(item.guid and item.headline for item in items)


@pytest.mark.parametrize("parser_class", PARSERS)
@quick
@given(data=st.binary(max_size=2000))
def test_random_bytes_raise_only_the_parse_error(parser_class, data):
    _only_parse_errors(parser_class(), data)


json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
NINJS_KEYS = [
    "uri",
    "type",
    "version",
    "versionCreated",
    "firstCreated",
    "pubStatus",
    "urgency",
    "headlines",
    "bodies",
    "descriptions",
    "by",
    "located",
    "subjects",
    "genres",
    "embargoed",
    "language",
    "associations",
    "infoSources",
    "copyrightHolder",
    "headline",
    "body_html",
    "body_text",
    "keywords",
    "subject",
    "renditions",
]


REQUIRED = {
    "uri": st.text(min_size=1, max_size=30) | json_values,
    "headlines": st.just([{"role": "main", "value": "H"}]) | json_values,
    "bodies": st.just([{"contentType": "text/html", "value": "<p>b</p>"}]) | json_values,
}


@quick
@given(
    doc=st.fixed_dictionaries(
        REQUIRED, optional={key: json_values for key in NINJS_KEYS if key not in REQUIRED}
    )
)
def test_structurally_valid_ninjs_raises_only_the_parse_error(doc):
    _only_parse_errors(NinjsParser(), json.dumps(doc).encode())


xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
)


@quick
@given(
    headline=xml_text,
    guid=xml_text,
    version=xml_text,
    when=xml_text,
    status=xml_text,
    body=xml_text,
    qcode=xml_text,
)
def test_structurally_valid_newsml_raises_only_the_parse_error(
    headline, guid, version, when, status, body, qcode
):
    quote = lambda s: s.replace('"', "&quot;")  # noqa: E731
    data = (
        f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{quote(guid)}" version="{quote(version)}">'  # noqa: E501
        f'<itemMeta><itemClass qcode="ninat:text"/><versionCreated>{when}</versionCreated>'
        f'<pubStatus qcode="{quote(status)}"/></itemMeta><contentMeta><headline>{headline}</headline>'  # noqa: E501
        f'<subject qcode="{quote(qcode)}"><name>{body}</name></subject></contentMeta>'
        f"<contentSet><inlineXML><nitf><body><body.content><p>{body}</p></body.content></body></nitf>"
        f"</inlineXML></contentSet></newsItem>"
    ).encode()
    _only_parse_errors(NewsMLG2Parser(), data)


@quick
@given(
    title=xml_text,
    guid=xml_text,
    date=xml_text,
    body=xml_text,
    category=xml_text,
    atom=st.booleans(),
)
def test_structurally_valid_feeds_raise_only_the_parse_error(
    title, guid, date, body, category, atom
):
    if atom:
        data = (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>{guid}</id><title>{title}</title>'
            f'<updated>{date}</updated><content>{body}</content><category term="{category.replace(chr(34), "")}"/>'  # noqa: E501
            f"</entry></feed>"
        )
    else:
        data = (
            f"<rss><channel><item><title>{title}</title><guid>{guid}</guid><pubDate>{date}</pubDate>"
            f"<description>{body}</description><category>{category}</category></item></channel></rss>"
        )
    _only_parse_errors(FeedParser(), data.encode())


@pytest.mark.parametrize(
    ("text", "version"), [("3", 3), (" 12 ", 12), ("²", 0), ("½", 0), ("٣", 3), ("x", 0)]
)
def test_a_version_is_read_only_from_decimal_digits(text, version):
    """A superscript two is a digit to `str.isdigit` but not a number to `int` (found by
    the property test above): it counts as no version, as any other junk does."""
    from dateline.wires.parsers.base import parse_version

    assert parse_version(text) == version
