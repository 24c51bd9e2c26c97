"""Recording by construction: what a render read is what it depends on.

While a recording is open (`dependencies.recording()`: the page cache around an anonymous
render, `cachestore.cached()` around a fragment), two hooks note dependencies without any
hand-written call:

- every model instance loaded (`post_init`) records its own key (`page:12`,
  `articles.author:3`; a rendition records its image's key: it follows its image);
- every SELECT records the coarse listing key of each reader-visible table it reads, joins
  included (`list:articles.articlepage`), because the set of rows it returned can change
  with any write to those tables. Code that knows better narrows on purpose
  (`dependencies.narrow()` / `narrowed()`): its queries record the narrow keys instead
  (`list:section:12`). Narrowing is the only hand-written part.

Outside a recording both hooks return at their first line (one context variable read).

Which models count is decided here, once (`classify()`): reader-visible content is recorded
and invalidated; bookkeeping (counters, revisions, logs, sessions, what a reader's request
writes...) is neither. `dateline/caching/tests/test_by_construction.py` asserts that every
installed model is classified, so a new third-party model cannot slip through unnoticed;
a new model of a `dateline.*` app counts by default and needs no code.

Limits, on purpose: raw SQL (`cursor.execute`) records nothing of its own; subqueries in a
WHERE (`Exists`, `pk__in=<queryset>`) record their tables' coarse keys with the outer ones;
a values query that selects another table's columns (`values("hero_image__file")`) records
that table's coarse key (no instance loads to record its row).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In
from django.db.models.query import QuerySet
from django.db.models.signals import post_init, post_save
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.query import Query
from django.db.models.sql.subqueries import AggregateQuery

from . import dependencies
from .dependencies import NARROW_ATTRIBUTE, _recording, current_narrowing, narrow
from .placement import placement_key

CONTENT = "content"
BOOKKEEPING = "bookkeeping"

# Whole apps that hold no reader-visible content: accounts, sessions, sign-in throttling and
# two-factor devices, the task queue, Wagtail's admin state, search index rows, oEmbed
# responses (written when a reader's page renders an embed) and form submissions (written
# by readers).
BOOKKEEPING_APPS = frozenset(
    {
        "auth",
        "contenttypes",
        "sessions",
        "axes",
        "otp_totp",
        "otp_static",
        "django_tasks_database",
        "wagtailusers",
        "wagtailadmin",
        "wagtailsearch",
        "wagtailembeds",
        "wagtailforms",
        # The wire desk's own records (sources, rules, items, quarantine, near-duplicate
        # bands): what it files reaches readers as stories, through articles.services.
        "wires",
    }
)

# Single models that are bookkeeping: the purge outbox, counters, reader sign-ups,
# derived summaries (recounted with the stories they count, whose keys cover them), and
# Wagtail's revisions, logs, workflow states, permissions, comments and reference index.
BOOKKEEPING_MODELS = frozenset(
    {
        "caching.pendingpurge",
        "ops.serviceheartbeat",
        # Who receives which newsletter and what was sent: written by readers and the sender.
        "newsletters.subscriber",
        "newsletters.subscription",
        "newsletters.delivery",
        "newsletters.suppression",
        # Readers' push subscriptions and the alerts sent to them: shown on no reader page
        # (the bell's topics, alerts.alerttopic, are content: the bell's options list them).
        "alerts.pushsubscription",
        "alerts.alert",
        "alerts.alertdelivery",
        "articles.articlemonth",
        "api.apikey",  # partners' keys and usage counts: shown on no reader page
        "search.searchqueryday",
        "trending.pageviewhour",
        "trending.tagviewhour",
        "ads.consentrecord",  # readers' consent decisions: an append-only ledger
        "wagtailcore.revision",
        "wagtailcore.modellogentry",
        "wagtailcore.pagelogentry",
        "wagtailcore.workflow",
        "wagtailcore.workflowtask",
        "wagtailcore.workflowstate",
        "wagtailcore.workflowpage",
        "wagtailcore.workflowcontenttype",
        "wagtailcore.task",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.taskstate",
        "wagtailcore.groupsitepermission",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.collection",
        "wagtailcore.apitoken",
        "wagtailcore.uploadedfile",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.pagesubscription",
        "wagtailcore.referenceindex",
    }
)


def _bookkeeping_bases() -> tuple[type, ...]:
    from wagtail.images.models import AbstractRendition

    return (AbstractRendition,)  # a rendition follows its image (see `_instance_key`)


def _content_bases() -> tuple[type, ...]:
    from taggit.models import ItemBase, TagBase
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Locale, Page, Site

    return (
        Page,
        AbstractImage,
        AbstractDocument,
        TagBase,
        ItemBase,
        BaseSiteSetting,
        BaseGenericSetting,
        Site,
        Locale,
        Redirect,
        BaseViewRestriction,
    )


def classify(model: type[models.Model]) -> str | None:
    """CONTENT, BOOKKEEPING, or None when no rule decides (a test forbids that).

    The rule, in order: explicit bookkeeping (apps, models, renditions); then content:
    pages, images, documents, tags and taggings, settings, sites, locales, redirects, view
    restrictions, registered snippets, and every other model of a `dateline.*` app."""
    from wagtail.snippets.models import get_snippet_models

    meta = model._meta
    if (
        meta.app_label in BOOKKEEPING_APPS
        or meta.label_lower in BOOKKEEPING_MODELS
        or issubclass(model, _bookkeeping_bases())
    ):
        return BOOKKEEPING
    if issubclass(model, _content_bases()) or model in get_snippet_models():
        return CONTENT
    if apps.get_app_config(meta.app_label).name.startswith("dateline."):
        return CONTENT
    return None


@functools.cache
def is_content(model: type[models.Model]) -> bool:
    """Whether writes to `model` change what readers see (unclassified counts: safe side).
    Models outside the project's registry (migrations' historical models, the migration
    recorder) never do."""
    if model._meta.apps is not apps or model._meta.app_label not in apps.app_configs:
        return False
    return classify(model) != BOOKKEEPING


def concrete_models(model: type[models.Model]) -> list[type[models.Model]]:
    """The model's concrete class and its concrete parents (multi-table inheritance)."""
    concrete = model._meta.concrete_model
    return [concrete, *(p for p in concrete._meta.get_parent_list() if not p._meta.proxy)]


def coarse_keys(model: type[models.Model]) -> list[str]:
    """The coarse listing keys a write to `model` purges: its table's and its parents'."""
    return [dependencies.listing_key(m._meta.label_lower) for m in concrete_models(model)]


# --- what a write purges by construction (dateline.caching.signal_handlers uses these)


@functools.cache
def parent_page_field(model: type) -> models.ForeignKey | None:
    """The key from a page's child row (a byline, a topic link, a pick) to its page."""
    for field in model._meta.concrete_fields:
        if _is_page_parental_key(field):
            return field
    return None


def own_keys(instance: models.Model) -> set[str]:
    """The instance's key and its model's coarse keys (with its concrete parents'); for a
    page, its child rows' coarse keys too (they are saved with it), and its placement key
    (`caching.placement`: a save that keeps the page's place takes it out again)."""
    own = dependencies.key_for(instance)
    keys = {own, *coarse_keys(type(instance)), *_child_keys(type(instance))}
    keys.update(model._meta.label_lower for model in concrete_models(type(instance)))
    if own.startswith("page:"):
        keys.add(placement_key(instance.pk))
    return keys


@functools.cache
def _child_keys(model: type) -> tuple[str, ...]:
    from wagtail.models import Page

    if not issubclass(model, Page):
        return ()
    return tuple(
        key
        for child in apps.get_models()
        if (field := parent_page_field(child)) is not None
        and issubclass(model, field.related_model)
        and is_content(child)
        for key in coarse_keys(child)
    )


@functools.cache
def _table_keys() -> dict[str, str]:
    """db_table -> coarse key, for the tables of reader-visible models."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        # An m2m table made by Django counts when the model that declared it does.
        owner = model._meta.auto_created or model
        if is_content(owner):
            found[model._meta.db_table] = dependencies.listing_key(model._meta.label_lower)
    return found


@functools.cache
def _key_prefix(model: type[models.Model]) -> str | None:
    from wagtail.images import get_image_model
    from wagtail.images.models import AbstractRendition
    from wagtail.models import Page

    if issubclass(model, AbstractRendition):
        return "rendition"
    if not is_content(model):
        return None
    if issubclass(model, Page):
        return "page:"
    if issubclass(model, get_image_model()):
        return _image_key_prefix()
    return f"{model._meta.concrete_model._meta.label_lower}:"


@functools.cache
def _image_key_prefix() -> str:
    """`wagtailimages.image:` or the custom image model's: looked up once, not per rendition
    loaded (`get_image_model()` parses a setting and asks the app registry: in a cold home
    page's profile it was most of this hook's time)."""
    from wagtail.images import get_image_model

    return f"{get_image_model()._meta.label_lower}:"


@functools.cache
def _init_rule(model: type[models.Model]) -> tuple[str, str] | None:
    """(key prefix, attribute holding the key's id) for an instance of `model` as it loads,
    or None when it records nothing. Decided once a model: a cold home page loads hundreds
    of instances, and the hook runs for each."""
    prefix = _key_prefix(model)
    if prefix is None:
        return None
    if prefix == "rendition":
        return _image_key_prefix(), "image_id"
    return prefix, model._meta.pk.attname


def _on_init(sender, instance, **kwargs) -> None:
    recorded = _recording.get()
    if recorded is None:
        return
    rule = _init_rule(sender)
    if rule is None:
        return
    # Read from the instance's dict, not `instance.pk` (a property resolving the attribute
    # name each time): the primary key is never deferred, and a rendition's image id is
    # absent only when deferred, when there is no image to record.
    ident = instance.__dict__.get(rule[1])
    if ident is not None:
        recorded.add(f"{rule[0]}{ident}")


def _on_save(sender, instance, created=False, **kwargs) -> None:
    """A row created while rendering (a site's settings made on first read) is shown too."""
    if created and _recording.get() is not None:
        _on_init(sender, instance)


def tables_read(query) -> Iterable[str]:
    """The tables a SELECT reads: its FROM and JOINs (an aggregate's inner query's too), and
    the model's table with its concrete parents (joined only when the SQL is compiled, after
    this runs; so is the FROM of a query with no condition, `Model.objects.all()`)."""
    for alias in query.alias_map.values():
        name = getattr(alias, "table_name", None)
        if name:
            yield name
    if query.model is not None:
        for model in concrete_models(query.model):
            yield model._meta.db_table
    for subquery in _subqueries(query.where):  # Exists(...), pk__in=<queryset>...
        yield from tables_read(subquery)
    inner = getattr(query, "inner_query", None)
    if inner is not None:
        yield from tables_read(inner)


def _subqueries(node) -> Iterable:
    if isinstance(node, Query):
        yield node
        return
    inner = getattr(node, "query", None)
    if isinstance(inner, Query):
        yield inner
        return
    for child in getattr(node, "children", None) or ():
        yield from _subqueries(child)
    for attribute in ("lhs", "rhs"):
        part = getattr(node, attribute, None)
        if part is not None and not isinstance(part, str | int | list | tuple):
            yield from _subqueries(part)


def _query_narrowing(query) -> tuple[str, ...] | None:
    keys = getattr(query, NARROW_ATTRIBUTE, None)
    if keys is None and isinstance(query, AggregateQuery):
        keys = getattr(query.inner_query, NARROW_ATTRIBUTE, None)
    return keys


def anchored_keys(query) -> list[str] | None:
    """The keys of the rows a query is anchored to, when its only condition is one primary
    key (`get(pk=)`, `.specific`, a foreign key's prefetch) or one page's child rows (a
    story's bylines, topics, corrections: written with their page, see
    `caching.signal_handlers`): its result depends on those rows alone, not on the tables
    (the rows themselves record their keys as they load). None otherwise."""
    where = query.where
    if where.negated or where.connector != "AND" or getattr(query, "inner_query", None):
        return None
    for lookup in where.children:
        keys = _anchor(query, lookup)
        if keys is None:
            continue
        # Other conditions may only narrow the anchored rows further, on the same tables.
        try:
            columns = _where_columns(where, set())
        except _UnsupportedShape:
            return None
        anchor_alias = getattr(lookup.lhs, "alias", None)
        if all(alias in (query.base_table, anchor_alias) for alias, _column in columns):
            return keys
        return None
    return None


def _anchor(query, lookup) -> list[str] | None:
    if not isinstance(lookup, Exact | In):
        return None
    lhs = lookup.lhs
    if isinstance(lhs, Col):
        target, alias = lhs.target, lhs.alias
        values = [lookup.rhs] if isinstance(lookup, Exact) else lookup.rhs
    elif len(getattr(lhs, "targets", ())) == 1 and lookup.__class__.__name__.startswith("Tuple"):
        # Django's prefetch of a foreign key: (id) IN ((1), (2)...)
        target, alias = lhs.targets[0], getattr(lhs, "alias", None)
        rows = [lookup.rhs] if isinstance(lookup, Exact) else lookup.rhs
        values = [row[0] if isinstance(row, tuple | list) else row for row in rows]
    else:
        return None
    if not isinstance(values, list | tuple | set):
        return None
    values = [value for value in values if value is not None]  # (a null key matches nothing)
    if not all(isinstance(value, int | str) for value in values):
        return None
    if target.primary_key and alias == query.base_table:
        return [dependencies.key_for(target.model, value) for value in values]
    if _is_page_parental_key(target):  # on any table: rows joined through the children
        return [dependencies.key_for(target.related_model, value) for value in values]
    return None


# Columns the public rule and tree placement filter on: a query of published pages of a
# type filtered by these only lists "every public page of the type", whose membership and
# order change exactly when the type's public listing key is purged.
PUBLIC_RULE_COLUMNS = frozenset(
    {
        "id",
        "page_ptr_id",
        "live",
        "path",
        "depth",
        "embargo_until",
        "published_at",
        "first_published_at",
        "last_published_at",
        "go_live_at",
        "expire_at",
        "expired",
        "locale_id",
    }
)


class _UnsupportedShape(Exception):
    pass


def _where_columns(node, found: set) -> set:
    """Every (alias, column) a WHERE tree reads; raises on a subquery (no shortcut)."""
    if isinstance(node, Col):
        found.add((node.alias, node.target.column))
        return found
    if isinstance(node, Query) or hasattr(node, "query"):
        raise _UnsupportedShape
    for child in getattr(node, "children", None) or ():
        _where_columns(child, found)
    if hasattr(node, "lhs"):
        for part in (node.lhs, node.rhs):
            if hasattr(part, "resolve_expression"):
                _where_columns(part, found)
    elif not hasattr(node, "children") and hasattr(node, "get_source_expressions"):
        for part in node.get_source_expressions():
            if part is not None:
                _where_columns(part, found)
    return found


def public_listing_keys(query) -> list[str] | None:
    """A `published()` query (`core.visibility`) of a type that names its public listing
    (`public_listing_key`), filtered by the public rule's columns only: that listing's key.
    Tables joined only to load related rows (select_related) add nothing: those rows record
    their own keys. None for any other shape (then the tables' coarse keys are recorded)."""
    model = getattr(query, "dateline_public", None)
    key = getattr(model, "public_listing_key", None)
    if key is None or getattr(query, "inner_query", None) is not None:
        return None
    try:
        columns = _where_columns(query.where, set())
    except _UnsupportedShape:
        return None
    own_tables = {m._meta.db_table for m in concrete_models(model)}
    for alias, column in columns:
        table = query.alias_map[alias].table_name if alias in query.alias_map else None
        if table not in own_tables or column not in PUBLIC_RULE_COLUMNS:
            return None
    return [key]


def selected_joined_keys(query) -> set[str]:
    """The coarse keys of the joined reader-visible tables whose columns a values query
    selects (`values("hero_image__file")`, `values_list("section__title")`). The anchored
    and public-listing shortcuts rely on joined rows recording their own keys as they load;
    plain values load no instance, so what they show from another table depends on that
    table. The query's own table and its concrete parents' count as its own."""
    selected = [*query.select, *query.annotation_select.values()]
    if not selected:
        return set()
    own_tables = {query.base_table}
    if query.model is not None:
        own_tables.update(m._meta.db_table for m in concrete_models(query.model))
    table_keys = _table_keys()
    keys = set()
    for expression in selected:
        for alias in _column_aliases(expression):
            table = getattr(query.alias_map.get(alias), "table_name", None)
            # A parent joined for the query's own columns keeps its table's name as alias.
            if alias == table and table in own_tables:
                continue
            key = table_keys.get(table)
            if key is not None:
                keys.add(key)
    return keys


def _column_aliases(expression) -> Iterable[str]:
    if isinstance(expression, Col):
        yield expression.alias
        return
    for part in getattr(expression, "get_source_expressions", lambda: ())():
        if part is not None:
            yield from _column_aliases(part)


@functools.cache
def _is_page_parental_key(field) -> bool:
    from modelcluster.fields import ParentalKey
    from wagtail.models import Page

    related = getattr(field, "related_model", None)
    return (
        isinstance(field, ParentalKey)
        and isinstance(related, type)
        and issubclass(related, Page)
        and field.model._meta.apps is apps
    )


def record_query(query) -> None:
    recorded = _recording.get()
    if recorded is None:
        return
    keys = _query_narrowing(query)
    if keys is not None:
        recorded.update(keys)
        return
    if current_narrowing() is not None:
        return  # the block recorded its keys when it opened
    try:
        anchored = anchored_keys(query)
        if anchored is None:
            anchored = public_listing_keys(query)
    except Exception:  # an unusual query shape: fall back to the coarse keys
        anchored = None
    if anchored is not None:
        recorded.update(anchored)
        recorded.update(selected_joined_keys(query))
        return
    table_keys = _table_keys()
    base = query.alias_map.get(query.base_table) if query.alias_map else None
    if base is not None and getattr(base, "table_name", None) not in table_keys:
        # Bookkeeping rows (renditions, counters) are not content; the content rows such a
        # query loads record themselves (a rendition records its image).
        return
    for table in tables_read(query):
        key = table_keys.get(table)
        if key is not None:
            recorded.add(key)


_WRITE_COMPILERS = (
    sql_compiler.SQLInsertCompiler,
    sql_compiler.SQLUpdateCompiler,
    sql_compiler.SQLDeleteCompiler,
)


def _patch_compiler() -> None:
    original = sql_compiler.SQLCompiler.execute_sql
    if getattr(original, "_dateline_hooked", False):
        return

    @functools.wraps(original)
    def execute_sql(self, *args, **kwargs):
        if _recording.get() is not None and not isinstance(self, _WRITE_COMPILERS):
            record_query(self.query)
        return original(self, *args, **kwargs)

    execute_sql._dateline_hooked = True
    sql_compiler.SQLCompiler.execute_sql = execute_sql


def _patch_fetch_all() -> None:
    """A narrowed queryset's prefetches (images, bylines) run inside its narrowing."""
    original = QuerySet._fetch_all
    if getattr(original, "_dateline_hooked", False):
        return

    @functools.wraps(original)
    def _fetch_all(self):
        if self._result_cache is None and _recording.get() is not None:
            keys = getattr(self._query, NARROW_ATTRIBUTE, None)
            if keys is not None:
                with narrow(*keys):
                    return original(self)
        return original(self)

    _fetch_all._dateline_hooked = True
    QuerySet._fetch_all = _fetch_all


def install() -> None:
    """Called once from `CachingConfig.ready()`."""
    post_init.connect(_on_init, dispatch_uid="dateline-autodeps-init", weak=False)
    post_save.connect(_on_save, dispatch_uid="dateline-autodeps-created", weak=False)
    _patch_compiler()
    _patch_fetch_all()
