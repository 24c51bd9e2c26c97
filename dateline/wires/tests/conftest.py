"""Wire test helpers: the shared sample files, items and sources built in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.wires.items import PubStatus, WireItem, WireSubject

# ../shared beside the repository (dateline/wires/tests → repo root is parents[3]).
WIRE_FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "wire"

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)

BODY = (
    "<p>The harbour authority closed the northern channel on Monday after a cargo ship lost "
    "power near the breakwater, officials said, and tugs were sent to hold it in place.</p>"
    "<p>No one was hurt and the ship was not leaking fuel, the authority said in a statement "
    "issued shortly before noon.</p>"
)


def make_item(**overrides) -> WireItem:
    values = {
        "guid": "urn:test:harbour-1",
        "headline": "Harbour channel closed after cargo ship loses power",
        "version": 1,
        "version_created": T0,
        "first_created": T0,
        "pub_status": PubStatus.USABLE,
        "body_html": BODY,
        "byline": "A. Reporter",
        "dateline_place": "Kochi",
        "subjects": (WireSubject(name="Shipping", code="medtop:20000279"),),
        "provider": "Test Wire",
    }
    values.update(overrides)
    return WireItem(**values)


@pytest.fixture
def wire_source(world):
    from dateline.articles.factories import AgencyFactory
    from dateline.wires.models import WireSource

    return WireSource.objects.create(
        name="Associated Press",
        slug="ap",
        agency=AgencyFactory(),
        transport="folder",
        folder="/nonexistent",
        default_section=world,
        poll_interval=60,
    )
