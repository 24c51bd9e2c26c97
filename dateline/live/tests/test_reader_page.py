"""The reader's live page, complete without JavaScript: headline, summary, the pinned entry,
key events linking to anchors, the latest 20 entries newest first, older ones on crawlable
`?before=` pages, and every entry's own address."""

import re

import pytest

from dateline.live.factories import LiveEntryFactory
from dateline.live.models import ENTRIES_PER_PAGE

pytestmark = pytest.mark.django_db


def entry_ids(html: str) -> list[int]:
    feed = html.split("data-live-entries", 1)[1]
    return [int(n) for n in re.findall(r'<article class="live-entry[^"]*" id="entry-(\d+)"', feed)]


def test_page_shows_the_latest_entries_newest_first_with_pinned_and_key_events(client, blog):
    entries = [LiveEntryFactory(blog=blog, headline=f"Update {n}") for n in range(25)]
    entries[3].is_key_event = True
    entries[3].headline = "Income tax cut announced"
    entries[3].save()
    entries[1].is_pinned = True
    entries[1].save()
    response = client.get(blog.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<h1 id="article-headline" class="article__headline">Budget day, as it happened</h1>'
        in html
    )
    assert "Every announcement, live." in html
    assert "data-live-status>Live</span>" in html
    shown = entry_ids(html)
    assert shown == [e.pk for e in reversed(entries)][:ENTRIES_PER_PAGE]
    # The pinned entry at the top (a copy: its anchor stays with the entry in the feed).
    pinned = html.split("data-live-pinned", 1)[1].split("</section>", 1)[0]
    assert f'data-entry="{entries[1].pk}"' in pinned and f'id="entry-{entries[1].pk}"' not in pinned
    # Key events link to the entry's own address, on the page of entries that holds it.
    key_url = f"{blog.url}?before={entries[3].pk + 1}#entry-{entries[3].pk}"
    assert f'<a href="{key_url}">' in html and "Income tax cut announced" in html
    # Every entry has its own link; the older page is a plain link (no script needed).
    assert f'href="{blog.url}?before={entries[-1].pk + 1}#entry-{entries[-1].pk}"' in html
    older = f'href="{blog.url}?before={entries[5].pk}"'
    assert older in html


def test_older_pages_are_crawlable_and_hold_each_entry_at_its_anchor(client, blog):
    entries = [LiveEntryFactory(blog=blog) for _ in range(45)]
    first = client.get(blog.url).content.decode()
    older = re.search(r'class="pagination__older" rel="next" href="([^"]+)"', first).group(1)
    second = client.get(older.replace("&amp;", "&"))
    assert second.status_code == 200
    assert entry_ids(second.content.decode()) == [e.pk for e in reversed(entries)][20:40]
    third_link = re.search(r'pagination__older" rel="next" href="([^"]+)"', second.content.decode())
    third = client.get(third_link.group(1)).content.decode()
    assert entry_ids(third) == [e.pk for e in reversed(entries)][40:]
    assert "pagination__older" not in third  # the last page
    assert "data-live-updates" not in third  # older pages do not poll
    # An entry's share link opens the page that starts with it, at its anchor.
    target = entries[10]
    page = client.get(f"{blog.url}?before={target.pk + 1}").content.decode()
    assert entry_ids(page)[0] == target.pk


@pytest.mark.parametrize("before", ["abc", "0", "-1", "9" * 30, "99999999"])
def test_a_bad_page_of_entries_is_the_404_page(client, blog, before):
    LiveEntryFactory(blog=blog)
    response = client.get(f"{blog.url}?before={before}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() or response.templates


def test_deleted_entries_are_gone_from_the_page(client, blog):
    kept, gone = LiveEntryFactory(blog=blog), LiveEntryFactory(blog=blog, headline="Wrong figure")
    from django.contrib.auth import get_user_model

    from dateline.live import services

    admin = get_user_model().objects.create_superuser("boss", "b@example.com", "pw")
    assert "Wrong figure" in client.get(blog.url).content.decode()
    services.delete_entry(gone, user=admin)
    html = client.get(blog.url).content.decode()
    assert "Wrong figure" not in html and entry_ids(html) == [kept.pk]


def test_an_upcoming_blog_says_so_and_an_ended_one_does_not_poll(client, blog):
    from dateline.live import services
    from dateline.live.models import CoverageStatus

    blog = services.set_status(blog, CoverageStatus.UPCOMING, check=False)
    html = client.get(blog.url).content.decode()
    assert "data-live-status>Coming up</span>" in html and "No updates yet." in html
    assert "data-live-updates=" in html
    blog = services.set_status(blog, CoverageStatus.ENDED, check=False)
    html = client.get(blog.url).content.decode()
    assert "data-live-status>Ended</span>" in html and "data-live-updates=" not in html
    assert "Ended: <time" in html
