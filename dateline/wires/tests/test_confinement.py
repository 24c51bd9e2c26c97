"""Wire transports stay out of the server's own network and files (issue 18, finding 4).

Real HTTP servers on 127.0.0.1 (no mocked network): loopback is an internal address, so a
source pointing at one is refused unless DATELINE_WIRE_ALLOWED_NETWORKS names it.
"""

from __future__ import annotations

import http.server
import os
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from dateline.articles.models import ArticlePage
from dateline.wires.models import QuarantinedFile, WireSource
from dateline.wires.services.polling import poll_source
from dateline.wires.transports import WireTransportError
from dateline.wires.transports.folder import FolderTransport
from dateline.wires.transports.http import HTTPTransport

pytestmark = pytest.mark.django_db

NINJS = b'{"uri": "urn:confine:1", "type": "text", "headlines": [{"value": "Allowed story"}], "bodies": [{"value": "Words."}]}'  # noqa: E501
JUNK = b"-ERR unknown command 'GET', with args beginning with: '/'\r\n" * 2000


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.server.requests.append(self.path)
        if self.path == "/story.json":
            self._answer(200, NINJS, "application/json")
        elif self.path == "/junk":
            self._answer(200, JUNK, "text/plain")
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect?to="))
            self.end_headers()
        else:
            self.send_error(404)

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # any free port
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def base_url(local_server) -> str:
    local_server.requests.clear()
    return f"http://127.0.0.1:{local_server.server_address[1]}"


@pytest.fixture
def drop_root(settings, tmp_path):
    root = tmp_path / "wire-drop"
    root.mkdir()
    settings.DATELINE_WIRE_DROP_ROOT = root
    return root


def http_source(world, url: str) -> WireSource:
    return WireSource.objects.create(
        name="Inside", slug="inside", transport="http", url=url, default_section=world
    )


# --- HTTP


def test_a_source_at_127_0_0_1_is_refused_at_poll_time_and_never_contacted(
    world, base_url, local_server
):
    source = http_source(world, f"{base_url}/story.json")
    poll_source(source)
    assert source.consecutive_failures == 1
    assert source.last_error == (
        "Refused 127.0.0.1: it is a loopback address, inside this server's network. "
        "Name it in DATELINE_WIRE_ALLOWED_NETWORKS to poll it."
    )
    assert local_server.requests == []
    assert not ArticlePage.objects.exists()


def test_a_name_is_checked_after_it_resolves(base_url):
    port = base_url.rsplit(":", 1)[1]
    with pytest.raises(WireTransportError, match=r"^Refused localhost \((127\.0\.0\.1|::1)\)"):
        HTTPTransport().fetch_url(f"http://localhost:{port}/story.json")


@pytest.mark.parametrize(
    "address, kind",
    [
        ("169.254.169.254", "a link-local (cloud metadata)"),
        ("10.0.0.7", "a private"),
        ("192.168.1.1", "a private"),
        ("100.100.100.200", "a reserved or shared"),
        ("0.0.0.0", "an unspecified"),
        ("[::1]", "a loopback"),
        ("[::ffff:127.0.0.1]", "a loopback"),
        ("[fd00:ec2::254]", "a private"),
    ],
)
def test_internal_addresses_are_refused_before_any_connection(address, kind):
    with pytest.raises(WireTransportError, match=re.escape(f"it is {kind} address")):
        HTTPTransport(params={"TIMEOUT": 0.5}).fetch_url(f"http://{address}/latest/meta-data/")


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:{port}/story.json"]
)
def test_a_redirect_to_an_internal_address_is_refused(settings, base_url, local_server, target):
    settings.DATELINE_WIRE_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the first hop only
    port = base_url.rsplit(":", 1)[1]
    with pytest.raises(WireTransportError, match=r"^Refused 127\.0\.0\.2|^Refused 169\.254"):
        HTTPTransport().fetch_url(f"{base_url}/redirect?to={target.format(port=port)}")
    assert local_server.requests == [f"/redirect?to={target.format(port=port)}"]


def test_an_allow_listed_address_is_polled(settings, world, base_url, local_server):
    settings.DATELINE_WIRE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    source = http_source(world, f"{base_url}/redirect?to={base_url}/story.json")
    report = poll_source(source)
    assert (source.consecutive_failures, source.last_error) == (0, "")
    assert report.summary().startswith("1 created")
    assert ArticlePage.objects.get().title == "Allowed story"
    assert local_server.requests[-1] == "/story.json"


def test_an_unexpected_answer_is_quarantined_as_a_bounded_excerpt(settings, world, base_url):
    settings.DATELINE_WIRE_ALLOWED_NETWORKS = ["127.0.0.1"]
    source = http_source(world, f"{base_url}/junk")
    poll_source(source)
    held = QuarantinedFile.objects.get()
    assert bytes(held.data) == JUNK[:4096]
    assert held.size == len(JUNK)
    assert f"Only the first 4,096 of {len(JUNK):,} bytes are kept" in held.reason


@pytest.fixture
def admin_client(client, desk_roles):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


def source_form(**fields) -> dict:
    return nested_form_data(
        {
            "name": "Inside",
            "slug": "inside",
            "transport": "http",
            "url": "",
            "folder": "",
            "format": "auto",
            "poll_interval": "300",
            "publish_mode": "publish",
            "duplicate_policy": "flag",
            "enabled": "on",
            "rules": inline_formset([]),
            **fields,
        }
    )


ADD_SOURCE = "wagtailsnippets_wires_wiresource:add"


def test_the_admin_form_refuses_a_url_at_127_0_0_1(admin_client, base_url):
    response = admin_client.post(reverse(ADD_SOURCE), source_form(url=f"{base_url}/story.json"))
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [
        "Refused 127.0.0.1: it is a loopback address, inside this server's network. "
        "Name it in DATELINE_WIRE_ALLOWED_NETWORKS to poll it."
    ]
    assert not WireSource.objects.exists()


def test_the_admin_form_accepts_an_allow_listed_address(settings, admin_client, base_url):
    settings.DATELINE_WIRE_ALLOWED_NETWORKS = ["127.0.0.1"]
    response = admin_client.post(reverse(ADD_SOURCE), source_form(url=f"{base_url}/story.json"))
    assert response.status_code == 302
    assert WireSource.objects.get().url == f"{base_url}/story.json"


# --- drop folders


def test_the_admin_form_refuses_a_folder_outside_the_root(admin_client, drop_root, tmp_path):
    response = admin_client.post(
        reverse(ADD_SOURCE), source_form(transport="folder", folder=str(tmp_path / "var"))
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["folder"]
    assert error.startswith(
        f"The drop folder {tmp_path / 'var'} is outside DATELINE_WIRE_DROP_ROOT"
    )
    response = admin_client.post(
        reverse(ADD_SOURCE), source_form(transport="folder", folder="pti/../../var")
    )
    assert "folder" in response.context["form"].errors
    assert not WireSource.objects.exists()


def test_the_admin_form_accepts_a_folder_under_the_root(admin_client, drop_root):
    (drop_root / "pti").mkdir()
    response = admin_client.post(
        reverse(ADD_SOURCE), source_form(transport="folder", folder=str(drop_root / "pti"))
    )
    assert response.status_code == 302


def test_a_folder_outside_the_root_is_refused_at_poll_time(world, drop_root, tmp_path):
    secrets = tmp_path / "var"
    secrets.mkdir()
    (secrets / "secret_key").write_bytes(b"not for the wire desk")
    source = WireSource.objects.create(
        name="Drop", slug="drop", transport="folder", folder=str(secrets), default_section=world
    )
    poll_source(source)
    assert source.consecutive_failures == 1
    assert "is outside DATELINE_WIRE_DROP_ROOT" in source.last_error
    assert (secrets / "secret_key").exists()
    assert not QuarantinedFile.objects.exists()


def test_links_out_of_the_root_are_not_followed(world, drop_root, tmp_path):
    secrets = tmp_path / "var"
    secrets.mkdir()
    (secrets / "secret_key").write_bytes(b"not for the wire desk")
    os.symlink(secrets, drop_root / "linked")  # a folder that is a link out of the root
    (drop_root / "pti").mkdir()
    os.symlink(secrets / "secret_key", drop_root / "pti" / "story.json")  # a linked file
    with pytest.raises(WireTransportError, match="is outside DATELINE_WIRE_DROP_ROOT"):
        FolderTransport().fetch(WireSource(folder="linked"))
    assert FolderTransport().fetch(WireSource(folder="pti")) == []
    assert (secrets / "secret_key").read_bytes() == b"not for the wire desk"
