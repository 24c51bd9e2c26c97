"""Probes of issue 18's findings 6, 8 and 9, as an attacker or an unlucky operator would.

- 6: a cache that fails (a corrupted DiskCache shard) costs no page, and /healthz says so
  (every page kind, unwritable folders and an unreachable Redis:
  dateline/core/tests/test_cache_faults.py; finding 7, the restore:
  dateline/core/tests/test_backup_restore.py).
- 8: rotating the User-Agent buys neither searches nor views: limits and the repeat-view
  filter are keyed on the client address, and only stories are counted.
- 9: X-Forwarded-For is believed only from DATELINE_TRUSTED_PROXIES; behind one, two clients
  are two clients for the search limit and for django-axes' lock-out.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from dateline.articles.factories import ArticlePageFactory
from dateline.core.clients import client_address
from dateline.ops import health
from dateline.trending.models import PageViewHour
from dateline.trending.ranking import most_read_ids
from dateline.trending.tasks import roll_up_views

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def agent(n: int) -> str:
    return f"{BROWSER} Build/{n}"


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- Finding 9: trusted proxies ---------------------------------------------------------


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.DATELINE_TRUSTED_PROXIES = [PROXY]
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    settings.DATELINE_TRUSTED_PROXIES = []
    assert client_address(request_from(PROXY, "203.0.113.9")) == PROXY


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client(settings):
    settings.DATELINE_TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    assert client_address(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself (left) cannot override what our proxies appended (right).
    assert client_address(request_from(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"
    assert client_address(request_from("::1", "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_address(request_from(PROXY, "not-an-address")) == PROXY


def test_the_trusted_proxy_setting_is_checked_at_start_up(settings):
    from dateline.core.checks import check_trusted_proxies

    settings.DATELINE_TRUSTED_PROXIES = ["10.0.0.0/8", "10.0.0.300"]
    assert [error.id for error in check_trusted_proxies()] == ["dateline.E010"]


def test_one_client_locked_out_through_the_proxy_does_not_lock_out_another(client, settings):
    settings.DATELINE_TRUSTED_PROXIES = [PROXY]
    get_user_model().objects.create_user("edna", "edna@example.com", "a-long-staff-secret")

    def sign_in(password: str, client_ip: str, peer: str = PROXY):
        client.cookies.clear()
        return client.post(
            "/admin/login/",
            {"username": "edna", "password": password},
            REMOTE_ADDR=peer,
            HTTP_X_FORWARDED_FOR=client_ip,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong-password", "203.0.113.5")
    assert sign_in("a-long-staff-secret", "203.0.113.5").status_code == 429
    # Another reader behind the same proxy keeps their access...
    assert sign_in("a-long-staff-secret", "203.0.113.6").status_code == 302
    # ...and an attacker talking to the app directly cannot pose as someone else.
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong-password", f"203.0.113.{100 + n}", peer="198.51.100.7")
    assert sign_in("a-long-staff-secret", "203.0.113.200", "198.51.100.7").status_code == 429


# --- Findings 8 and 9: limits keyed on the client address ----------------------------------


@pytest.mark.usefixtures("page_cache_off")  # a cached answer is not counted
def test_rotating_the_user_agent_does_not_lift_the_search_limit(
    client, home, settings, one_rate_window
):
    settings.DATELINE_TRUSTED_PROXIES = [PROXY]
    limit = 5
    settings.DATELINE_SEARCH_RATE_LIMIT = (limit, 60)
    statuses = [
        client.get(
            f"/search/?q=harbour+{n}",  # each a render: a cached answer is not counted
            HTTP_USER_AGENT=agent(n),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        ).status_code
        for n in range(limit + 1)
    ]
    assert statuses == [200] * limit + [429]
    # Another client behind the same proxy still searches.
    other = client.get("/search/?q=port", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 200


def test_a_rotating_user_agent_loop_cannot_move_most_read(client, world):
    read = ArticlePageFactory(section=world, title="Read by many")
    pushed = ArticlePageFactory(section=world, title="Pushed by a loop")
    for n in range(5):  # five readers
        client.post(
            f"/beacon/view?p={read.pk}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=f"192.0.2.{n}"
        )
    for n in range(600):  # one client, a new user agent each time
        client.post(
            f"/beacon/view?p={pushed.pk}", HTTP_USER_AGENT=agent(n), REMOTE_ADDR="198.51.100.7"
        )
    # The beacon fires on every page; only stories are counted.
    client.post(f"/beacon/view?p={world.pk}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.9")

    roll_up_views()

    views = dict(PageViewHour.objects.values_list("page_id", "views"))
    assert views == {read.pk: 5, pushed.pk: 1}
    assert most_read_ids()[0] == read.pk


# --- Finding 6: a broken cache is reported, not served as an error -----------------------


def test_a_corrupted_cache_shard_costs_no_page_and_health_names_it(
    client, world, tmp_path, settings
):
    import diskcache

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    story = ArticlePageFactory(section=world, title="Harbour reopens")
    folder = tmp_path / "cache"
    diskcache.DjangoCache(str(folder), {"SHARDS": 2}).close()
    with (folder / "001" / "cache.db").open("r+b") as shard:
        shard.write(b"garbage where the sqlite header was")
    broken = {
        "BACKEND": "dateline.caching.cache.GuardedCache",
        "GUARDED": {
            "BACKEND": "dateline.caching.cache.DiskCache",
            "LOCATION": str(folder),
            "SHARDS": 2,
        },
    }
    health.beat(health.SCHEDULER)
    with override_settings(CACHES={"default": broken, "counters": broken}):
        statuses = {path: client.get(path).status_code for path in ["/", "/world/", story.url]}
        report = client.get("/healthz")
    assert statuses == {"/": 200, "/world/": 200, story.url: 200}
    body = json.loads(report.content)
    assert (report.status_code, body["status"]) == (200, "degraded")
    assert body["caches"]["default"] == "degraded: DatabaseError: file is not a database"
