"""Desk users per role and helpers to drive the real Wagtail admin forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.articles.factories import AgencyFactory
from dateline.articles.models import ArticlePage


@pytest.fixture
def reporter(make_user):
    return make_user("rita", "Reporter")


@pytest.fixture
def copy_desk(make_user):
    return make_user("carl", "Copy desk")


@pytest.fixture
def editor(make_user):
    return make_user("edna", "Editor")


@pytest.fixture
def homepage_editor(make_user):
    return make_user("hugo", "Homepage editor")


def local_form_time(value: dt.datetime) -> str:
    """A time as the admin's date-time field shows it, in the active (site) zone."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def article_form(
    title: str = "Port strike ends",
    slug: str = "port-strike-ends",
    *,
    body: str = "<p>Dock workers return.</p>",
    corrections: list[dict] | None = None,
    existing_notes: int = 0,
    **fields,
) -> dict:
    """POST data of the article edit form, as the browser sends it. The byline is the
    agency's unless the test says otherwise (`agency=""`: none; a story needs one to be
    submitted or published)."""
    data = {
        "title": title,
        "slug": slug,
        "dek": "The dispute is over.",
        "article_type": "news",
        "body": streamfield([("paragraph", rich_text(body))]),
        "tags": "",
        "article_authors": inline_formset([]),
        "corrections": inline_formset(corrections or [], initial=existing_notes),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        "embargo_until": "",
        "published_at": "",
    }
    if "agency" not in fields:
        data["agency"] = str(AgencyFactory().pk)
    data.update(fields)
    return nested_form_data(data)


def edit_form_of(article: ArticlePage, **fields) -> dict:
    """The edit form for an existing story, keeping its corrections' rows."""
    article = article.get_latest_revision_as_object()
    notes = [
        {"id": note.pk, "kind": note.kind, "text": note.text} for note in article.corrections.all()
    ]
    extra_notes = fields.pop("new_notes", [])
    data = {
        "title": article.title,
        "slug": article.slug,
        "body": "<p>Dock workers return.</p>",
        "corrections": notes + extra_notes,
        "existing_notes": len(notes),
    }
    data.update(fields)
    return article_form(**data)


def create_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", parent.pk))


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))
