"""The matrix's two processes, each a `dateline shell -c` on the same database and cache:

- the writer builds the tree and makes each change as the admin or the scheduler makes it
  (its own transactions: purges run on its real commit);
- the reader is the site: it asks for every URL through the page cache, and for the truth,
  the same URL rendered with the page cache and fragments off.

They speak JSON lines on stdin/stdout (`MATRIX ` prefixed, so nothing else printed is read)."""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback

REPLY = "MATRIX "
# What differs between two renders of the same state: a response's CSP nonce, the CSRF token
# of a form (a password-protected page is never cached, but is compared all the same).
VOLATILE = re.compile(
    rb'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+|name="csrfmiddlewaretoken" value="[^"]*"'
)


def _loop(handlers: dict) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            reply = {"ok": True, **handlers[command.pop("op")](**command)}
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(REPLY + json.dumps(reply) + "\n")
        sys.stdout.flush()


def writer() -> None:
    from .changes import CHANGES
    from .tree import Tree, url_kinds

    state: dict = {}

    def build() -> dict:
        state["tree"] = tree = Tree()
        return {"urls": {kind: tree.urls_of(kind) for kind in url_kinds()}}

    def apply(name: str) -> dict:
        CHANGES[name](state["tree"])
        return {}

    _loop({"build": build, "change": apply})


# A feed's own date where nothing dates it (no entries): Django's feeds write the time of the
# render (an Atom `updated` with microseconds; an RSS `lastBuildDate` of a feed without items).
RENDER_TIME = re.compile(rb"<updated>[^<]*\.\d+[^<]*</updated>")
EMPTY_FEED_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def _shown(response) -> tuple:
    """What a reader gets: the status, where a redirect leads, and the body."""
    body = RENDER_TIME.sub(b"", VOLATILE.sub(b"", response.content))
    if b"<rss" in body and b"<item>" not in body:
        body = EMPTY_FEED_DATE.sub(b"", body)
    return (response.status_code, response.get("Location", ""), body)


def _difference(cached: tuple, truth: tuple) -> str:
    if cached[:2] != truth[:2]:
        return f"cached {cached[0]} {cached[1]} / now {truth[0]} {truth[1]}"
    old, new = cached[2].decode(errors="replace"), truth[2].decode(errors="replace")
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    at = min(len(old), len(new)) if at is None else at
    return f"at {at}: cached {old[at - 60 : at + 100]!r} / now {new[at - 60 : at + 100]!r}"


def reader() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client, override_settings

    client = Client()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 404s and 410s are expected
    fresh = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": False}

    def truth(url: str):
        with override_settings(DATELINE_PAGE_CACHE=fresh):
            return client.get(url)

    def warm(urls: list[str]) -> dict:
        """Each URL asked for once: what can be cached now is."""
        return {"urls": {url: client.get(url).status_code for url in urls}}

    def check(urls: list[str]) -> dict:
        """Each URL as a reader gets it now, against a render of the database as it is."""
        found = {}
        for url in urls:
            response = client.get(url)
            shown, now = _shown(response), _shown(truth(url))
            # A miss must match too: it may carry a stale fragment.
            found[url] = {
                "cache": response.get("X-Cache", ""),
                "fresh": shown == now,
                "difference": "" if shown == now else _difference(shown, now),
            }
        return {"urls": found}

    def clear() -> dict:
        cache.clear()
        return {}

    _loop({"warm": warm, "check": check, "clear": clear})


def main(role: str) -> None:
    {"writer": writer, "reader": reader}[role]()
