"""Transports (contract per backend, a real local HTTP server) and background polling."""

from __future__ import annotations

import datetime as dt
import http.server
import threading

import pytest
from django.test import override_settings
from django.utils import timezone

from dateline.articles.factories import AgencyFactory
from dateline.articles.models import ArticlePage
from dateline.wires.models import WireSource
from dateline.wires.services.polling import backoff_seconds, poll_source
from dateline.wires.tasks import enqueue_due_polls
from dateline.wires.transports import WirePayload, WireTransportError
from dateline.wires.transports.dummy import DummyTransport
from dateline.wires.transports.folder import FolderTransport
from dateline.wires.transports.http import HTTPTransport

from .contracts import TransportContract

NINJS = b'{"uri": "urn:poll:1", "type": "text", "headlines": [{"value": "Polled story"}], "bodies": [{"value": "Words."}]}'  # noqa: E501
PORTS = range(8110, 8120)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/ok.json":
            if self.headers.get("x-api-key") != "secret":
                self.send_error(401)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(NINJS)
        elif self.path == "/slow.json":
            self.server.release.wait(5)  # held until the test ends; the client gives up first
            self.send_response(200)
            self.end_headers()
        else:
            self.send_error(500, "Wire down")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def wire_server():
    for port in PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
            break
        except OSError:
            continue
    else:
        pytest.fail("No free port in 8110-8119")
    server.daemon_threads = True
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _confinement(settings, tmp_path):
    """The local test server is an internal address: allow-listed here, as a deployment
    would name an agency's address inside its network; drop folders live under tmp_path."""
    settings.DATELINE_WIRE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.DATELINE_WIRE_DROP_ROOT = tmp_path


class _Source:
    def __init__(self, **values):
        defaults = {
            "slug": "s",
            "url": "",
            "folder": "",
            "api_key_header": "",
            "api_key": "",
            "username": "",
            "password": "",
        }
        self.__dict__.update({**defaults, **values})


class TestHTTPContract(TransportContract):
    @pytest.fixture(autouse=True)
    def _server(self, wire_server):
        self.base = wire_server

    def working(self):
        return HTTPTransport(params={"TIMEOUT": 2}), _Source(
            url=f"{self.base}/ok.json", api_key_header="x-api-key", api_key="secret"
        )

    def broken(self):
        return HTTPTransport(params={"TIMEOUT": 2}), _Source(url=f"{self.base}/down.json")


class TestFolderContract(TransportContract):
    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path):
        self.folder = tmp_path

    def working(self):
        (self.folder / "story.json").write_bytes(NINJS)
        return FolderTransport(), _Source(folder=str(self.folder))

    def broken(self):
        return FolderTransport(), _Source(folder=str(self.folder / "missing"))


class TestDummyContract(TransportContract):
    def working(self):
        return DummyTransport(params={"PAYLOADS": [WirePayload(name="a", data=NINJS)]}), _Source()

    def broken(self):
        return DummyTransport(params={"ERROR": "down"}), _Source()


def test_http_500_is_a_transport_error_with_the_status(wire_server):
    with pytest.raises(WireTransportError, match=r"answered HTTP 500 Wire down\.$"):
        HTTPTransport(params={"TIMEOUT": 2}).fetch_url(f"{wire_server}/down.json")


def test_http_timeout_is_a_transport_error(wire_server):
    with pytest.raises(WireTransportError, match=r"did not answer within 0.2 s\.$"):
        HTTPTransport(params={"TIMEOUT": 0.2}).fetch_url(f"{wire_server}/slow.json")


def test_only_http_urls_are_fetched():
    with pytest.raises(WireTransportError, match="Only http and https URLs"):
        HTTPTransport().fetch_url("file:///etc/passwd")


def test_folder_moves_ingested_files_to_done_and_skips_partial_ones(tmp_path):
    (tmp_path / "a.json").write_bytes(NINJS)
    (tmp_path / "b.json.part").write_bytes(b"half")
    (tmp_path / ".hidden").write_bytes(b"x")
    transport, source = FolderTransport(), _Source(folder=str(tmp_path))
    [payload] = transport.fetch(source)
    transport.acknowledge(source, payload)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden", "b.json.part", "done"]
    assert (tmp_path / "done" / "a.json").read_bytes() == NINJS


# --- polling


def _http_source(world, url: str, slug: str) -> WireSource:
    return WireSource.objects.create(
        name=slug,
        slug=slug,
        transport="http",
        url=url,
        default_section=world,
        poll_interval=60,
        api_key_header="x-api-key",
        api_key="secret",
    )


def test_a_source_answering_500_backs_off_and_keeps_its_health(world, wire_server):
    source = _http_source(world, f"{wire_server}/down.json", "down")
    now = timezone.now()
    report = poll_source(source, now=now)
    assert report.summary() == "0 created, 0 updated, 0 unchanged, 0 withdrawn, 0 quarantined"
    assert source.consecutive_failures == 1
    assert source.last_error.endswith("answered HTTP 500 Wire down.")
    assert source.next_poll_at == now + dt.timedelta(seconds=120)
    poll_source(source, now=now)
    assert source.next_poll_at == now + dt.timedelta(seconds=240)


def test_a_source_that_times_out_does_not_block_the_others(world, wire_server):
    slow = _http_source(world, f"{wire_server}/slow.json", "slow")
    good = _http_source(world, f"{wire_server}/ok.json", "good")
    queued = enqueue_due_polls(now=timezone.now())  # the immediate task backend runs them
    assert queued == 2
    slow.refresh_from_db()
    good.refresh_from_db()
    assert "did not answer within 0.5 s" in slow.last_error
    assert (good.consecutive_failures, good.last_error) == (0, "")
    assert ArticlePage.objects.get().title == "Polled story"


def test_due_polls_are_not_queued_twice(world, wire_server):
    _http_source(world, f"{wire_server}/ok.json", "good")
    now = timezone.now()
    assert enqueue_due_polls(now=now) == 1
    assert enqueue_due_polls(now=now) == 0
    assert enqueue_due_polls(now=now + dt.timedelta(seconds=61)) == 1


def test_drop_folder_poll_ingests_and_moves_the_file(world, tmp_path):
    (tmp_path / "story.json").write_bytes(NINJS)
    source = WireSource.objects.create(
        name="Drop",
        slug="drop",
        transport="folder",
        folder=str(tmp_path),
        default_section=world,
        agency=AgencyFactory(),  # whose copy it is: the byline a story needs to go out
    )
    assert (
        poll_source(source).summary()
        == "1 created, 0 updated, 0 unchanged, 0 withdrawn, 0 quarantined"
    )
    assert ArticlePage.objects.get().live is True
    assert not (tmp_path / "story.json").exists()


def test_backoff_doubles_and_is_capped():
    assert [backoff_seconds(60, n) for n in (1, 2, 3, 10)] == [120, 240, 480, 3600]


@override_settings(
    DATELINE_PERIODIC_JOBS=[
        "dateline.wires.tests.test_transports.failing_job",
        "dateline.wires.tests.test_transports.counting_job",
    ]
)
def test_scheduler_runs_periodic_jobs_and_survives_a_failing_one(db):
    from dateline.newsroom.scheduler import run_periodic_jobs

    CALLS.clear()
    run_periodic_jobs()
    assert CALLS == ["counted"]


CALLS: list[str] = []


def failing_job() -> None:
    raise RuntimeError("boom")


def counting_job() -> None:
    CALLS.append("counted")


def test_demo_settings_register_the_wire_poll_job():
    from dateline.settings import base

    assert "dateline.wires.tasks.enqueue_due_polls" in base.DATELINE_PERIODIC_JOBS
    assert len(set(base.DATELINE_PERIODIC_JOBS)) == len(base.DATELINE_PERIODIC_JOBS)
