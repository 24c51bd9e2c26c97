"""`file_articles` (many stories at once) leaves each story exactly as `file_article` (the
admin's path: tree insert, first revision, publication) does, row by row."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.forms.models import model_to_dict
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from dateline.api.models import ApiChange
from dateline.articles import services
from dateline.articles.factories import AgencyFactory, AuthorFactory
from dateline.articles.models import ArticleMonth, ArticlePage, ArticlePageAuthor, ArticlePageTag
from dateline.caching.autodeps import own_keys

WHEN = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)


def new_story(slug: str, *, image=None, agency=None, author=None, tags=("Shipping", "Ports")):
    if agency is None and author is None:
        agency = AgencyFactory()  # a story goes out under a byline (articles.rules)
    story = ArticlePage(
        title="Harbour reopens after the storm",
        slug=slug,
        dek="Ships are moving again.",
        body=[("paragraph", RichText("<p>The harbour reopened on Tuesday.</p>"))],
        agency=agency,
        hero_image=image,
        dateline_place="Kochi",
    )
    story.tags.add(*tags)
    if author is not None:
        story.article_authors.add(ArticlePageAuthor(author=author, sort_order=0))
    return story


# What legitimately differs between two stories: identities, places and the clock.
PAGE_OWN = {"id", "page_ptr", "path", "slug", "url_path", "translation_key"}
PAGE_OWN |= {"latest_revision", "live_revision", "latest_revision_created_at"}


def snapshot(story: ArticlePage) -> dict:
    story = ArticlePage.objects.get(pk=story.pk)
    page = {k: v for k, v in model_to_dict(story).items() if k not in PAGE_OWN | {"body", "tags"}}
    page["body"] = [(block.block_type, str(block.value)) for block in story.body]
    page["live"], page["has_unpublished_changes"] = story.live, story.has_unpublished_changes
    page["first_published_at"] = story.first_published_at
    page["last_published_at"] = story.last_published_at
    page["draft_title"] = story.draft_title
    page["depth"] = story.depth
    page["url_path_tail"] = story.url_path.rsplit("/", 3)[:-2]  # the bucket's part
    page["revision_is_live"] = story.latest_revision_id == story.live_revision_id is not None
    (revision,) = Revision.objects.filter(object_id=str(story.pk), base_content_type__model="page")
    content = dict(revision.content)
    for key in ("pk", "path", "slug", "url_path", "translation_key"):
        content.pop(key)
    content["body"] = [(b["type"], b["value"]) for b in json.loads(content["body"])]
    content["tagged_items"] = [
        (link["tag"], link["published_at"]) for link in content["tagged_items"]
    ]
    content["article_authors"] = [
        (link["author"], link["sort_order"]) for link in content["article_authors"]
    ]
    logs = [
        (e.action, e.label, e.data, e.content_changed, e.user_id, e.revision_id == revision.pk)
        for e in PageLogEntry.objects.filter(page_id=story.pk).order_by("action")
    ]
    references = sorted(
        (r.to_content_type_id, r.to_object_id, r.model_path)
        for r in ReferenceIndex.objects.filter(object_id=str(story.pk))
    )
    index = list(IndexEntry.objects.filter(object_id=str(story.pk)).values("title", "body"))
    tags = sorted(
        ArticlePageTag.objects.filter(content_object_id=story.pk).values_list(
            "tag__name", "published_at"
        )
    )
    return {
        "page": page,
        "revision": (content, revision.user_id, revision.object_str, revision.content_type_id),
        "logs": logs,
        "references": references,
        "index": index,
        "tags": tags,
        "listings": story.stored_listing_state(),
    }


def test_a_batch_filed_story_is_row_for_row_what_the_admin_path_leaves(
    home, world, image, invalidated, django_capture_on_commit_callbacks
):
    agency, author = AgencyFactory(), AuthorFactory()
    # The month's buckets and the topics exist already (their making purges more).
    services.file_article(world, new_story("zero"), published_at=WHEN)
    invalidated.clear()
    with django_capture_on_commit_callbacks(execute=True):
        one = services.file_article(
            world, new_story("one", image=image, agency=agency, author=author), published_at=WHEN
        )
    purged_by_one = set().union(*invalidated)
    invalidated.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (two,) = services.file_articles(
            [
                services.Filing(
                    world, new_story("two", image=image, agency=agency, author=author), WHEN
                )
            ]
        )
    two_state, one_state = snapshot(two), snapshot(one)
    # Purges name each story's own listings: the same set but for the story's own keys.
    purged_by_two = set().union(*invalidated)
    # Each story's own key, and its entry in the content API's change feed (rows of their own).
    feed = {key for change in ApiChange.objects.all() for key in own_keys(change)}
    own = feed - {"list:api.apichange"}
    two_keys, one_keys = ({f"page:{s.pk}", f"placement:{s.pk}"} for s in (two, one))
    assert purged_by_two - two_keys - own == purged_by_one - one_keys - own
    assert two_keys <= purged_by_two
    a, b = one_state["revision"][0], two_state["revision"][0]
    assert {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)} == {}
    assert one_state == two_state
    assert two_state["index"] and two_state["references"] and two_state["tags"]
    assert [log[0] for log in two_state["logs"]] == ["wagtail.create", "wagtail.publish"]
    assert two.get_parent().pk == one.get_parent().pk
    assert two.path > one.path  # the next child of the month bucket
    bucket = Page.objects.get(pk=two.get_parent().pk)
    assert bucket.numchild == bucket.get_children().count() == 3
    assert two.url == f"/world/{WHEN:%Y}/{timezone.localtime(WHEN):%m}/two/"
    assert ArticleMonth.objects.get().stories == 3
    found = get_search_backend().search("harbour", ArticlePage.objects.live())
    assert {story.pk for story in found} >= {one.pk, two.pk}


def test_batch_stories_are_stories_like_any_other(client, home, world, admin_client):
    filings = [
        services.Filing(world, new_story(f"s{n}"), WHEN - dt.timedelta(minutes=n)) for n in range(3)
    ]
    stories = services.file_articles(filings)
    live = ArticlePage.objects.live().order_by("path")
    assert [s.pk for s in live] == [s.pk for s in stories]
    response = client.get(stories[0].url)
    assert response.status_code == 200
    assert b"Harbour reopens after the storm" in response.content
    assert admin_client.get(f"/admin/pages/{stories[1].pk}/edit/").status_code == 200
    revised = services.revise_article(
        ArticlePage.objects.get(pk=stories[1].pk), title="Harbour reopens, ships queue"
    )
    assert revised.live and client.get(revised.url).status_code == 200
    assert Revision.objects.filter(object_id=str(revised.pk)).count() == 2
    assert world.specific.get_children().count() == 1  # one year bucket


def test_a_taken_slug_becomes_the_next_free_one(home, world):
    services.file_article(world, new_story("taken"), published_at=WHEN)
    filed = services.file_articles(
        [
            services.Filing(world, new_story("free"), WHEN),
            services.Filing(world, new_story("taken"), WHEN),
            services.Filing(world, new_story("twice"), WHEN),
            services.Filing(world, new_story("twice"), WHEN),
        ]
    )
    assert [story.slug for story in filed] == ["free", "taken-2", "twice", "twice-2"]
    assert services.file_article(world, new_story("taken"), published_at=WHEN).slug == "taken-3"


def test_a_batch_filed_story_matches_one_published_in_the_admin(
    client, home, world, django_user_model, django_capture_on_commit_callbacks
):
    from dateline.newsroom.tests.conftest import article_form

    editor = django_user_model.objects.create_superuser("desk", "desk@example.com", "pw")
    client.force_login(editor)
    form = article_form(
        "Harbour reopens after the storm",
        "by-hand",
        body="<p>The harbour reopened on Tuesday.</p>",
        dek="Ships are moving again.",
        tags="Shipping, Ports",
        dateline_place="Kochi",
        **{"action-publish": "1"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/add/articles/articlepage/{world.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    by_hand = ArticlePage.objects.get(slug="by-hand")
    story = new_story("by-batch", agency=AgencyFactory())  # the form's byline (article_form)
    with django_capture_on_commit_callbacks(execute=True):
        (batch,) = services.file_articles(
            [services.Filing(world, story, by_hand.published_at, user=editor)]
        )
    a, b = snapshot(by_hand), snapshot(batch)
    # What the editor's hands add: the editor's block keys, the publication stamped at the
    # click (a wire story keeps its own time), and the history of filing into the section
    # first (an edit, then the move into the month).
    for state in (a, b):
        state["page"]["body"] = [
            (kind, re.sub(r' data-block-key="\w+"', "", html))
            for kind, html in state["page"]["body"]
        ]
        for stamp in ("first_published_at", "last_published_at"):
            state["page"].pop(stamp)
        state["index"] = [sorted(entry["body"].split()) for entry in state["index"]]
    assert a["page"] == b["page"]
    for part in ("references", "index", "tags", "listings"):
        assert (part, a[part]) == (part, b[part])
    assert [log[0] for log in b["logs"]] == ["wagtail.create", "wagtail.publish"]
    assert all(log in a["logs"] for log in b["logs"])
    assert {log[0] for log in a["logs"]} - {log[0] for log in b["logs"]} == {
        "wagtail.edit",
        "wagtail.move",
    }
