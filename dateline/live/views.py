"""The reader's update endpoint: what changed on a live blog, shared by every reader polling
in the same time bucket.

The URL carries the bucket (`/live/<id>/updates/<n>/`, n = Unix time // BUCKET_SECONDS), so
every reader in a bucket asks for the same address and the page cache (and a front cache)
answers all but the first. Posting, correcting or deleting an entry purges the current
bucket's entry by construction: the entries read here are narrowed to the blog's listing,
which `LiveEntry.freshness_listings` names. The answer says when to ask next (`next`, 0 =
stop), which is how the desk slows everyone down.
"""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime

from django.http import Http404, HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from dateline.caching import cachestore as store
from dateline.caching.dependencies import record_until
from dateline.caching.queryparams import reads_query_params
from dateline.core.visibility import is_restricted

from .models import BUCKET_SECONDS, CoverageStatus, LiveBlogPage, LiveEntry

# Buckets accepted either side of the server's: a reader's clock may be off by a minute or
# two; beyond that an address is refused rather than cached (no cache-busting by URL).
MAX_SKEW_BUCKETS = 12
# Entries deleted this long ago or less are listed, so open pages remove them.
REMOVED_WINDOW = 50


def current_bucket(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // BUCKET_SECONDS)


def reader_blog(page_id: int) -> LiveBlogPage:
    """The blog if readers may see it (the story's own visibility rule), else 404."""
    blog = LiveBlogPage.objects.filter(pk=page_id).first()  # anchored: records page:<id>
    if blog is None or not blog.live or not blog.is_visible_now or is_restricted(blog):
        raise Http404("No such live blog")
    return blog


@require_GET
@reads_query_params()
def updates(request: HttpRequest, page_id: str, bucket: str) -> JsonResponse:
    page_id, bucket = int(page_id), int(bucket)
    now = time.time()
    if abs(bucket - current_bucket(now)) > MAX_SKEW_BUCKETS:
        raise Http404("Out of date")
    blog = reader_blog(page_id)
    flight = _RenderInFlight(page_id, bucket)
    shared = flight.answer_of_another_render()
    if shared is not None:
        return shared
    data = _answer(blog, bucket)
    flight.publish(data)
    return JsonResponse(data)


class _RenderInFlight:
    """One render per bucket, whatever the crowd: readers arrive together (a new bucket, or
    the first requests after a post purged it), all miss the page cache at once, and each
    would render. The first takes a lock; the others wait for its answer (a few tens of ms)
    and return it uncached (the page cache keeps the first's, with what it read). Keyed by
    the purge generation, so an answer made before any later purge is never handed out."""

    WAIT_SECONDS = 2.0
    STEP_SECONDS = 0.02

    def __init__(self, page_id: int, bucket: int) -> None:
        self.cache = store.page_cache()
        self.key = f"dateline:live-flight:{page_id}:{bucket}:{store.generation()}"
        self.leader = False

    def answer_of_another_render(self) -> JsonResponse | None:
        if not store.is_shared_render():
            return None  # a private render (an editor signed in): its own answer
        try:
            self.leader = self.cache.add(self.key + ":lock", 1, timeout=int(self.WAIT_SECONDS) + 3)
        except Exception:  # an unreachable cache: render, as a miss does
            self.leader = True
        if self.leader:
            return None
        waited = 0.0
        while waited < self.WAIT_SECONDS:
            time.sleep(self.STEP_SECONDS)
            waited += self.STEP_SECONDS
            data = store.cache_get(self.key)
            if data is not None:
                response = JsonResponse(data)
                response["Cache-Control"] = "private, max-age=0"  # not stored under this URL
                return response
        return None  # the leader is slow or gone: render

    def publish(self, data: dict) -> None:
        if self.leader:
            with contextlib.suppress(Exception):  # unreachable: the others render, as misses do
                self.cache.set(self.key, data, timeout=BUCKET_SECONDS * 3)


def _answer(blog: LiveBlogPage, bucket: int) -> dict:
    entries, _older = blog.entries_page(None)
    last = entries[0].posted_at if entries else None
    status = blog.status_now(last)
    ends = blog.ends_at(last)
    if status != CoverageStatus.ENDED:
        record_until(ends)  # the moment it ends for silence, it says "stop"
    pinned = blog.pinned_entry()
    # This bucket's answer is not wanted after the next one.
    record_until(datetime.fromtimestamp((bucket + 2) * BUCKET_SECONDS, tz=UTC))
    return {
        "status": status,
        "next": 0 if status == CoverageStatus.ENDED else blog.poll_seconds,
        "entries": [entry_json(blog, entry) for entry in entries],
        "removed": blog.removed_entry_ids(REMOVED_WINDOW),
        "pinned": entry_json(blog, pinned, pinned=True) if pinned else None,
        # The key-events box as a whole: open pages replace theirs when it differs.
        "key_events": render_to_string(
            "live/key_events.html", {"page": blog, "key_events": blog.key_events()}
        ),
    }


def entry_json(blog: LiveBlogPage, entry: LiveEntry, *, pinned: bool = False) -> dict:
    html = render_to_string(
        "live/entry.html", {"entry": entry, "page": blog, "pinned_copy": pinned}
    )
    return {"id": entry.pk, "version": entry.updated_at.isoformat(), "html": html}
