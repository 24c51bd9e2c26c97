"""The admin's create view with a headline already used in the month: never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.articles import services
from dateline.articles.factories import AgencyFactory, ArticlePageFactory
from dateline.articles.models import ArchiveMonthPage, ArticlePage

pytestmark = pytest.mark.django_db

# One fixed month for every story here, so no test depends on the day it runs.
WHEN = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("ada", "ada@example.com", "pass")
    client.force_login(user)
    return client


def create_form(title: str, slug: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "dek": "",
            "article_type": "news",
            "body": streamfield([("paragraph", rich_text("<p>Dock workers return.</p>"))]),
            "tags": "",
            "article_authors": inline_formset([]),
            "corrections": inline_formset([]),
            "comments": inline_formset([]),
            "agency": str(AgencyFactory().pk),  # a byline: publishing needs one
            "go_live_at": "",
            "expire_at": "",
            "embargo_until": "",
            "published_at": timezone.localtime(WHEN).strftime("%Y-%m-%d %H:%M:%S"),
            **extra,
        }
    )


def create_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", parent.pk))


def existing_story(world, slug: str = "port-strike-ends") -> ArticlePage:
    return services.file_article(
        world,
        ArticlePageFactory.build(title="Port strike ends", slug=slug, agency=AgencyFactory()),
        published_at=WHEN,
    )


def test_a_headline_used_in_the_month_gets_the_next_free_slug(admin_client, world):
    taken = existing_story(world)

    response = admin_client.post(
        create_url(world), create_form("Port strike ends", "port-strike-ends")
    )

    assert response.status_code == 302
    new = ArticlePage.objects.exclude(pk=taken.pk).get()
    assert new.slug == "port-strike-ends-2"
    assert isinstance(new.get_parent().specific, ArchiveMonthPage)
    assert new.get_parent().pk == taken.get_parent().pk
    assert new.url_path.endswith("/port-strike-ends-2/")
    # The editor goes on from a revision with the new slug, so saving again keeps it.
    assert new.get_latest_revision_as_object().slug == "port-strike-ends-2"
    # No stray draft is left outside the month folder.
    assert not ArticlePage.objects.child_of(world).exists()


def test_publishing_a_duplicate_headline_from_the_create_view(admin_client, world):
    existing_story(world)

    response = admin_client.post(
        create_url(world),
        create_form("Port strike ends", "port-strike-ends", **{"action-publish": "publish"}),
    )

    assert response.status_code == 302
    new = ArticlePage.objects.get(slug="port-strike-ends-2")
    assert new.live
    assert admin_client.get(new.url).status_code == 200


def test_an_abandoned_autosaved_draft_does_not_block_the_headline(admin_client, world):
    # Autosave posts the create form asking for JSON: the draft is filed in the month.
    response = admin_client.post(
        create_url(world),
        create_form("Port strike ends", "port-strike-ends"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    draft = ArticlePage.objects.get()
    assert draft.slug == "port-strike-ends"

    # The reporter starts again from "Add child page" with the same headline, autosaved too.
    response = admin_client.post(
        create_url(world),
        create_form("Port strike ends", "port-strike-ends"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json()["success"] is True

    # And once more by the Save button.
    response = admin_client.post(
        create_url(world), create_form("Port strike ends", "port-strike-ends")
    )
    assert response.status_code == 302
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == [
        "port-strike-ends",
        "port-strike-ends-2",
        "port-strike-ends-3",
    ]
    assert not ArticlePage.objects.child_of(world).exists()


def test_a_taken_slug_in_the_month_folder_itself_is_a_form_error(admin_client, world):
    taken = existing_story(world)
    month = taken.get_parent()

    response = admin_client.post(
        create_url(month), create_form("Port strike ends", "port-strike-ends")
    )

    assert response.status_code == 200
    assert "port-strike-ends" in response.context["form"].errors["slug"][0]
    assert ArticlePage.objects.count() == 1


def test_free_slug_counts_past_taken_suffixes(world):
    existing_story(world)
    existing_story(world, slug="port-strike-ends-2")
    month = ArchiveMonthPage.objects.get()

    assert services.free_slug(month, "port-strike-ends") == "port-strike-ends-3"
    assert services.free_slug(month, "dock-talks") == "dock-talks"


@pytest.fixture
def reporter_client(client, desk_roles, world):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("rita", "rita@example.com", "pass")
    user.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(user)
    return client


def test_the_dashboard_and_a_section_offer_new_story(reporter_client, world):
    dashboard = reporter_client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{create_url(world)}"' in dashboard
    assert "New story in World" in dashboard

    explorer = reporter_client.get(reverse("wagtailadmin_explore", args=(world.pk,)))
    assert f'href="{create_url(world)}"' in explorer.content.decode()


def test_add_child_page_of_a_section_offers_only_what_belongs(reporter_client, world):
    response = reporter_client.get(reverse("wagtailadmin_pages:add_subpage", args=(world.pk,)))
    html = response.content.decode()
    if response.status_code == 302:  # one type left: Wagtail goes straight to its form
        assert response.url == create_url(world)
        return
    assert "Archive year page" not in html and "Archive month page" not in html


def test_the_story_form_has_one_publication_panel_and_field_help(reporter_client, world):
    html = reporter_client.get(create_url(world)).content.decode()
    assert "Publication" in html
    for field in ("go_live_at", "embargo_until", "expire_at", "published_at"):
        assert f'name="{field}"' in html
    assert "Alt text" in html and "for readers who cannot see it" in html
    assert "Press + for a paragraph" in html
