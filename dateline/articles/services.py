"""State changes of articles. Views, hooks, commands, tasks and tests call these."""

from __future__ import annotations

import calendar
import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from dateline.caching import dependencies
from dateline.caching.autodeps import own_keys
from dateline.caching.dependencies import invalidate, listing_key
from dateline.core import renditions

from . import bulk
from .bulk import Filing
from .models import (
    ArchiveMonthPage,
    ArchiveYearPage,
    ArticleCorrection,
    ArticlePage,
    SectionPage,
    refresh_article_months,
)
from .rules import (
    BylineMissing,
    EmbargoActive,
    check_embargo,
    go_live_for_approval,
    has_byline,
    publication_breaks_embargo,
)

logger = logging.getLogger("dateline.articles")

# Re-exported: code outside `articles` reaches the publication rules through the services.
__all__ = [
    "BylineMissing",
    "EmbargoActive",
    "Filing",
    "check_embargo",
    "refresh_article_months",
]


# Month buckets found or made by the open `batch()`, by (section, year, month).
_buckets: contextvars.ContextVar[dict[tuple[int, str, str], ArchiveMonthPage] | None] = (
    contextvars.ContextVar("dateline_article_batch", default=None)
)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """File many stories as one unit of work (a wire poll): each still goes through the
    same services and publish path, but the pages their changes make stale are purged
    once per key when the batch ends (`dependencies.batch`), and month buckets are looked
    up once. Nest one per item inside the caller's savepoint: an item that fails purges
    nothing and forgets the buckets looked up since (one may have been rolled back)."""
    outer = _buckets.get()
    token = _buckets.set({} if outer is None else outer)
    try:
        with dependencies.batch():
            yield
    except BaseException:
        if outer is not None:
            outer.clear()
        raise
    finally:
        _buckets.reset(token)


def month_bucket(section: Page, when: dt.datetime) -> ArchiveMonthPage:
    """The Year › Month bucket under `section` for `when` (site time), created if missing."""
    local = timezone.localtime(when)
    year_slug, month_slug = f"{local.year:04d}", f"{local.month:02d}"
    cache = _buckets.get()
    if cache is None:
        return _month_bucket(section, local, year_slug, month_slug)
    key = (section.pk, year_slug, month_slug)
    if key not in cache:
        cache[key] = _month_bucket(section, local, year_slug, month_slug)
    return cache[key]


def _month_bucket(
    section: Page, local: dt.datetime, year_slug: str, month_slug: str
) -> ArchiveMonthPage:
    with transaction.atomic():
        year = ArchiveYearPage.objects.child_of(section).filter(slug=year_slug).first()
        if year is None:
            # A live page joining its parent purges the parent's children by itself.
            year = section.add_child(instance=ArchiveYearPage(title=year_slug, slug=year_slug))
        month = ArchiveMonthPage.objects.child_of(year).filter(slug=month_slug).first()
        if month is None:
            month = year.add_child(
                instance=ArchiveMonthPage(
                    title=f"{calendar.month_name[local.month]} {local.year}", slug=month_slug
                )
            )
    return month


def file_article(
    section: Page,
    article: ArticlePage,
    *,
    publish: bool = True,
    published_at: dt.datetime | None = None,
    user=None,
) -> ArticlePage:
    """Put a new article in its section's month bucket and (by default) publish it.

    The page goes into the tree as a draft and is published from its first revision, as
    the admin's "Publish" does: `ArticlePage.publish` purges what it joins."""
    when = published_at or article.published_at or timezone.now()
    article.live = False
    if publish:
        check_byline(article)  # before it joins the tree: a refusal leaves no stray draft
        # The story's own time (an agency's, a backdated import), kept by publish().
        article.published_at = when
        article.first_published_at = when
    if user is not None and article.owner_id is None:
        article.owner = user  # as the admin's create view does
    bucket = month_bucket(section, when)
    if article.slug:  # an empty one is made from the title by Wagtail's own free-slug rule
        article.slug = free_slug(bucket, article.slug)
    bucket.add_child(instance=article)  # logs "wagtail.create"
    # add_child has just validated the page; nothing changed since.
    revision = article.save_revision(user=user, log_action=False, clean=False)
    if publish:
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
        # publish() stamps "now" as the last publication; the story keeps its own time.
        # freshness: inside a publication whose save purged the story
        Page.objects.filter(pk=article.pk).update(last_published_at=when)
        article.refresh_from_db()
        # The month's newest change is the story's own time, not publish()'s "now".
        refresh_article_months([when])
    return article


def file_articles(filings: Sequence[Filing]) -> list[ArticlePage]:
    """File and publish many new stories at once (a wire poll): each is left exactly as
    `file_article` leaves it (tree place, first revision, "Created" and "Published" in its
    history, tag links, reference index, search index, `page_published` sent) and the
    pages it joins are purged, but each table is written once for the whole batch.

    A slug already taken becomes the next free one (`free_slug`). All or nothing: any
    failure (a bad value, an embargo) raises and writes nothing,
    so a caller that must keep the good items files them one by one with `file_article`.
    Stories under embargo go through `file_article`, which schedules them."""
    if not filings:
        return []
    now = timezone.now()
    with transaction.atomic():
        buckets = [month_bucket(f.section, f.published_at) for f in filings]
        articles = [f.article for f in filings]
        bulk.pin_child_rows(articles)
        _place_in_buckets(articles, buckets)
        # A story's sections are its bucket's: one look-up per bucket, for a child's path.
        sections = {
            b.pk: ArticlePage.sections_above(b.path + "0" * Page.steplen)
            for b in {b.pk: b for b in buckets}.values()
        }
        for filing, bucket in zip(filings, buckets, strict=True):
            _prepare_for_publication(filing, sections[bucket.pk], now)
        bulk.insert_pages(buckets, articles)
        bulk.insert_child_rows(articles)
        users = [f.user for f in filings]
        revisions = bulk.insert_revisions(articles, users, now)
        bulk.insert_log_entries(articles, revisions, users, now)
        bulk.insert_references(articles)
        ids = [article.pk for article in articles]
        transaction.on_commit(lambda: bulk.index_stories.enqueue(ids))
        refresh_article_months(f.published_at for f in filings)
        for article, bucket, revision in zip(articles, buckets, revisions, strict=True):
            after = article.listings_in_memory([bucket.pk])
            # What the admin's path purges by construction (`caching.signal_handlers`): the
            # story's listings, its tables' coarse keys, and its month bucket's children.
            invalidate(
                *article.change_keys(None, after),
                *own_keys(article),
                listing_key("pages"),
                listing_key("children", bucket.pk),
            )
            page_published.send(sender=ArticlePage, instance=article, revision=revision)
    return articles


def load_stories(
    batches: Iterable[Sequence[bulk.NewStory]],
    *,
    defer_indexes: bool = False,
    derived_tables: Sequence[type[models.Model]] = (),
    progress: Callable[[int], None] | None = None,
) -> bulk.Loaded:
    """Many new live stories for scale tests (`dateline generate`), one transaction per
    batch, written table by table (`bulk.loading` says what they get and what they skip).

    Nothing is purged and no `page_published` is sent: the stories are new to everyone,
    and their buckets, made here by `month_bucket`, purge what they join as they are made."""
    return bulk.load_stories(
        batches,
        month_bucket=month_bucket,
        defer_indexes=defer_indexes,
        derived_tables=derived_tables,
        progress=progress,
    )


def _place_in_buckets(articles: Sequence[ArticlePage], buckets: Sequence[Page]) -> None:
    """Tree paths after each bucket's last child, in filing order (treebeard's layout);
    a slug already taken in its bucket, or twice in the batch, becomes the next free one
    (`free_slug`), as in `file_article`."""
    last_step: dict[int, int] = {}
    taken: dict[int, set[str]] = {}
    for bucket in {b.pk: b for b in buckets}.values():
        children = Page.objects.filter(
            path__startswith=bucket.path, depth=bucket.depth + 1
        ).order_by("-path")
        last = children.values_list("path", flat=True).first()
        last_step[bucket.pk] = Page._str2int(last[-Page.steplen :]) if last else 0
        slugs = {a.slug for a, b in zip(articles, buckets, strict=True) if b.pk == bucket.pk}
        taken[bucket.pk] = set(children.filter(slug__in=slugs).values_list("slug", flat=True))
    for article, bucket in zip(articles, buckets, strict=True):
        if article.slug in taken[bucket.pk]:
            article.slug = free_slug(bucket, article.slug, reserved=taken[bucket.pk])
        taken[bucket.pk].add(article.slug)
        last_step[bucket.pk] += 1
        article.depth = bucket.depth + 1
        article.path = Page._get_path(bucket.path, article.depth, last_step[bucket.pk])
        article.numchild = 0
        article.locale_id = bucket.locale_id
        article._cached_parent_obj = bucket  # treebeard's own cache: no re-read in clean()
        article._slug_checked = True
        article.set_url_path(bucket)


def _prepare_for_publication(
    filing: Filing, section_ids_by_path: dict[str, int], now: dt.datetime
) -> None:
    """The fields the admin's create-and-publish leaves, after the checks it makes."""
    article, when = filing.article, filing.published_at
    if not article.draft_title:
        article.draft_title = article.title
    if filing.user is not None and article.owner_id is None:
        article.owner = filing.user
    article.published_at = article.first_published_at = article.last_published_at = when
    article.live, article.has_unpublished_changes = True, False
    article.latest_revision_created_at = now
    # The slugs were checked above for the whole batch; the tree fields are unique by
    # construction, and the relations were set by code (the database's constraints hold
    # them): the checks left are the values' own, without a query per story.
    article.full_clean(
        exclude=[f.name for f in ArticlePage._meta.concrete_fields if f.is_relation],
        validate_unique=False,
        validate_constraints=False,
    )
    if publication_breaks_embargo(article.embargo_until, article.go_live_at):
        raise EmbargoActive(article.embargo_until)
    check_byline(article)  # the batch skips publish(), whose gate asks the same
    article.section_id, article.top_section_id = ArticlePage.sections_for_path(
        article.path, section_ids_by_path
    )
    article._sections_path = article.path
    for link in article.tagged_items.all():
        link.published_at = when  # the topic pages' sort key (sync_tag_dates)


def free_slug(
    parent: Page, slug: str, *, page: Page | None = None, reserved: Iterable[str] = ()
) -> str:
    """`slug` if no other child of `parent` has it (nor `reserved`, the slugs a batch has
    given out), else the first free "slug-2", "slug-3"… (Wagtail's own rule for generated
    slugs), kept within the field's 255 characters."""
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(
        siblings.filter(Q(slug=slug) | Q(slug__startswith=f"{slug[:240]}-")).values_list(
            "slug", flat=True
        )
    )
    taken.update(reserved)
    if slug not in taken:
        return slug
    suffix = 2
    while f"{slug[:240]}-{suffix}" in taken:
        suffix += 1
    return f"{slug[:240]}-{suffix}"


def move_into_bucket(article: ArticlePage) -> ArticlePage:
    """An article created directly under a section moves into its month bucket.

    The admin checked the slug against the section's children, not the bucket's: a story of
    the same headline there (or an abandoned autosaved draft) gives this one the next free
    slug, in the page and in the revision the editor goes on from, instead of failing."""
    parent = article.get_parent().specific
    if isinstance(parent, ArchiveMonthPage):
        return article
    bucket = month_bucket(parent, article.published_at or timezone.now())
    slug = free_slug(bucket, article.slug, page=article)
    if slug != article.slug:
        article.slug = slug
        # move() reads the page afresh and derives the url_path from the stored slug.
        # freshness: followed by move(), whose signals purge the story and both buckets
        Page.objects.filter(pk=article.pk).update(slug=slug)
        revision = article.latest_revision
        if revision is not None:
            revision.content["slug"] = slug
            revision.save(update_fields=["content"])
    article.move(bucket, pos="last-child")
    article.refresh_from_db()
    article.save(update_fields=["section", "top_section"])
    return article


def record_publication(article: ArticlePage, revision: Revision) -> ArticlePage:
    """After a revision goes live: stamp new correction notes and the visible update time.

    The first publication sets no "Updated" time; a republication of a live story does,
    unless the editor flagged it as a minor edit. Called from Wagtail's `page_published`.
    """
    now = article.last_published_at or timezone.now()
    # The revision lists its notes: a first publication without notes has none to stamp.
    notes = revision.content.get("corrections")
    if notes is None or any(note.get("noted_at") is None for note in notes):
        # freshness: inside a publication whose save purged the story
        ArticleCorrection.objects.filter(page=article, noted_at__isnull=True).update(noted_at=now)
    # The revision remembers whether a live version existed when it was written.
    was_live = revision.content.get("live_revision") is not None
    if was_live and not revision.content.get("minor_edit"):
        # freshness: inside a publication whose save purged the story
        ArticlePage.objects.filter(pk=article.pk).update(updated_at=now)
        article.updated_at = now
    renditions.make_after_commit(picture_sizes(article))
    return article


def picture_sizes(article: ArticlePage) -> dict[int, set[str]]:
    """The renditions a published story shows, by image id: its hero picture wherever the
    story appears (page, cards, social card, JSON-LD), its body's pictures and galleries.
    Read from the stored JSON, so no image is loaded to find out."""
    plan: dict[int, set[str]] = {}

    def want(image_id, *names: str) -> None:
        if isinstance(image_id, int) and image_id:
            plan.setdefault(image_id, set()).update(renditions.specs(*names))

    want(article.hero_image_id, *renditions.STORY_PICTURE)
    for block in article.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "image":
            want(value.get("image"), "body.image")
        elif block.get("type") == "gallery":
            for item in value.get("images") or []:
                # ListBlock items are {"type": "item", "value": {...}} (older data: the value)
                item_value = item.get("value", item) if isinstance(item, dict) else {}
                if isinstance(item_value, dict):
                    want(item_value.get("image"), "body.gallery", "body.gallery.full")
    return plan


@transaction.atomic
def unpublish_article(
    article: ArticlePage, *, user=None, redirect_to: Page | str | None = None
) -> ArticlePage:
    """Take a story off the site. Its URL answers 410 Gone, or redirects where the editor chose.

    Wagtail's unpublish action logs it, fires `page_unpublished` (frontend-cache purge) and
    the story drops out of every listing at once because they all filter on `live`.
    """
    site = article.get_site()
    old_path = Redirect.normalise_path(article.relative_url(site))
    article.unpublish(user=user, log_action=True)
    if redirect_to is not None:
        # Wagtail's redirect middleware answers before the 410 does.
        Redirect.objects.filter(old_path=old_path, site=site).delete()
        Redirect.add_redirect(old_path, redirect_to=redirect_to, is_permanent=True, site=site)
    article.refresh_from_db()
    return article


def publish_approved(revision: Revision, user=None) -> None:
    """The last approver signed a story off: publish it, or, while it is under embargo,
    schedule it for the embargo time (Wagtail's scheduler then puts it live)."""
    story = revision.as_object()
    if isinstance(story, ArticlePage):
        check_byline(story)
        go_live_at = go_live_for_approval(story.embargo_until, story.go_live_at)
        if go_live_at is not None:
            revision.content["go_live_at"] = go_live_at.isoformat()
            revision.save(update_fields=["content"])
            logger.info("Approved under embargo; scheduled for %s", go_live_at)
    revision.publish(user=user)


def check_byline(article: ArticlePage) -> None:
    """Refuse to put out a story with no author and no agency, as it stands in memory (the
    edit form asks first, at submission and publication; filing, the wire batch and an
    approval given outside the form ask here; `ArticlePage.publish` asks every revision)."""
    if not has_byline(len(article.article_authors.all()), article.agency_id):
        raise BylineMissing()


def withdrawn_story_at(site_root_url_path: str, path: str) -> ArticlePage | None:
    """A once-published story at this address that is no longer live (unpublished or expired)."""
    if not path.endswith("/"):
        path += "/"
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    if not slug:
        return None
    url_path = site_root_url_path + path.lstrip("/")
    # url_path has no index; the slug does, so a stream of random 404s never scans the pages.
    return (
        ArticlePage.objects.filter(
            slug=slug, url_path=url_path, live=False, first_published_at__isnull=False
        )
        .only("id", "title", "url_path", "section")
        .first()
    )


def recount_story_months(article: ArticlePage) -> None:
    """Recount the month summary (`ArticleMonth`) of a story as the database now has it,
    for changes that take it out of (or put it into) every listing at once: unpublication
    and expiry, moves, deletion. What they make stale is purged by the write itself
    (`caching.signal_handlers`: the story's listings before and after), not here."""
    state = article.stored_listing_state(live_only=False)
    if state is not None:
        refresh_article_months([state.published_at])


def story_deleted(article: ArticlePage) -> None:
    """After a story is deleted (its pages were purged just before): recount its month."""
    refresh_article_months([article.published_at])


def release_due_stories(since: dt.datetime, until: dt.datetime) -> list[int]:
    """Stories that became visible between `since` and `until` without a publication event:
    an embargo that lifted, or a publication time that came. Their listings are purged."""
    due = ArticlePage.objects.published().filter(
        models.Q(embargo_until__gt=since, embargo_until__lte=until)
        | models.Q(published_at__gt=since, published_at__lte=until, first_published_at__lt=since)
    )
    released = list(due)
    for article in released:
        # No write happened, so no signal purges: the listings it joins are purged here
        # (pages that listed its type recorded the moment too; this is the belt).
        state = article.stored_listing_state()
        if state is not None:  # live (it came from published()): the same state recounts it
            refresh_article_months([state.published_at])
        invalidate(*article.change_keys(None, state))
    return [article.pk for article in released]


def story_moved(article: ArticlePage) -> None:
    """After a move in the tree: the story's sections follow its new place (the save's
    signal purges the listings it left and joined; the move's purged its places) and its
    month is recounted."""
    article = ArticlePage.objects.get(pk=article.pk)  # Wagtail may pass the base Page
    article.save(update_fields=["section", "top_section"])
    recount_story_months(article)


def revise_article(
    article: ArticlePage,
    *,
    user=None,
    publish: bool = True,
    tags: list[str] | None = None,
    **changes,
) -> ArticlePage:
    """Save `changes` (field values; `tags` replaces the tag names) as a new revision of the
    same page, and publish it: the URL stays, "Updated" moves (record_publication) and
    `ArticlePage.publish` purges what the change made stale. With a future `go_live_at`,
    Wagtail schedules it instead. `publish=False` leaves a draft.
    """
    for field, value in changes.items():
        setattr(article, field, value)
    if tags is not None:
        article.tags.set(tags)
    revision = article.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
        article.refresh_from_db()
    return article


def stories_below_moved(page: Page) -> int:
    """After a page that holds stories (a section, usually) moved or changed its slug: the
    stories below it take their sections from their new place (`section`, `top_section`:
    the rule `ArticlePage.save` applies to one story), and every page that showed any page
    below it (their addresses changed, Wagtail has rewritten the stored `url_path`s) or
    listed those stories under the old or the new sections is purged. Returns how many
    stories changed section."""
    if isinstance(page, ArticlePage):
        return 0
    stories = list(
        ArticlePage.objects.filter(path__startswith=page.path).values_list(
            "pk", "path", "section_id", "top_section_id", "published_at"
        )
    )
    keys = {
        dependencies.key_for(Page, pk)
        for pk in Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    }
    keys |= {listing_key("pages"), listing_key("modified")}
    section_model = models.Q(path__in=ArticlePage.ancestor_paths(page.path)) | models.Q(
        path__startswith=page.path
    )
    sections = dict(
        Page.objects.filter(
            section_model,
            content_type__app_label=SectionPage._meta.app_label,
            content_type__model=SectionPage._meta.model_name,
        ).values_list("path", "pk")
    )
    moved: dict[tuple[int | None, int | None], list[int]] = {}
    for pk, path, section_id, top_section_id, published_at in stories:
        new = ArticlePage.sections_for_path(path, sections)
        for section in {section_id, top_section_id, *new} - {None}:
            keys.add(listing_key("section", section))
        if published_at is not None:
            keys.add(listing_key("modified", published_at.strftime("%Y-%m")))
        if new != (section_id, top_section_id):
            moved.setdefault(new, []).append(pk)
    for (section_id, top_section_id), pks in moved.items():
        for start in range(0, len(pks), 500):
            # freshness: the keys collected above (every listing left and joined) are purged
            ArticlePage.objects.filter(pk__in=pks[start : start + 500]).update(
                section_id=section_id, top_section_id=top_section_id
            )
    invalidate(*keys)
    return sum(len(pks) for pks in moved.values())


def submit_article(section: Page, article: ArticlePage, *, user=None) -> bool:
    """File a story from outside the newsroom (a partner's API submission) as a draft and
    put it in the review queue: the workflow of its place, when there is one. Never live.
    Returns whether it is in review (False: a draft, where no workflow applies)."""
    file_article(section, article, publish=False, user=user)
    workflow = article.get_workflow()
    if workflow is None:
        return False
    workflow.start(article, user)
    return True
