"""Contract tests every wire backend must pass: subclass per backend and fill in the hooks."""

from __future__ import annotations

import pytest

from dateline.wires.items import WireItem
from dateline.wires.parsers import WireParseError, WireParser
from dateline.wires.transports import WirePayload, WireTransport, WireTransportError


class ParserContract:
    """`parser()` returns the backend; `sample()` bytes it reads into at least one story."""

    def parser(self) -> WireParser:
        raise NotImplementedError

    def sample(self) -> bytes:
        raise NotImplementedError

    def test_sample_gives_stories_with_guid_and_headline(self):
        items = self.parser().parse(self.sample())
        assert items
        for item in items:
            assert isinstance(item, WireItem)
            assert item.guid.strip() == item.guid and item.guid
            assert item.headline

    def test_empty_file_is_refused_with_the_parsers_error(self):
        with pytest.raises(WireParseError, match="The file is empty."):
            self.parser().parse(b"  \n")

    def test_oversized_file_is_refused_before_parsing(self):
        parser = type(self.parser())(params={"MAX_BYTES": 100})
        with pytest.raises(WireParseError, match=r"^The file is \d[\d,]* bytes; the limit is 100"):
            parser.parse(self.sample() + b" " * 100)

    def test_truncated_sample_raises_only_the_parsers_error(self):
        sample = self.sample()
        with pytest.raises(WireParseError):
            self.parser().parse(sample[: len(sample) // 2])


class TransportContract:
    """`working()` gives (transport, source) with one payload waiting; `broken()` a pair
    whose fetch fails."""

    def working(self) -> tuple[WireTransport, object]:
        raise NotImplementedError

    def broken(self) -> tuple[WireTransport, object]:
        raise NotImplementedError

    def test_fetch_returns_payloads_with_bytes(self):
        transport, source = self.working()
        payloads = transport.fetch(source)
        assert len(payloads) == 1
        assert isinstance(payloads[0], WirePayload)
        assert isinstance(payloads[0].data, bytes) and payloads[0].data

    def test_failure_raises_the_transport_error(self):
        transport, source = self.broken()
        with pytest.raises(WireTransportError):
            transport.fetch(source)

    def test_acknowledge_accepts_a_fetched_payload(self):
        transport, source = self.working()
        for payload in transport.fetch(source):
            transport.acknowledge(source, payload)
