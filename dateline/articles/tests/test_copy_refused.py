"""Copying or aliasing a story in the admin is refused with a clear message: a copy would go
live without the publish button's rules (`ArticlePage.publish`)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.articles.wagtail_hooks import COPY_REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home):
    user = get_user_model().objects.create_superuser("ada", "ada@example.com", "pass")
    client.force_login(user)
    return client


def copy(client, page, parent, **options):
    data = {"new_title": f"{page.title} (copy)", "new_slug": f"{page.slug}-copy"}
    data["new_parent_page"] = str(parent.pk)
    data.update({name: "on" for name, on in options.items() if on})
    return client.post(reverse("wagtailadmin_pages:copy", args=(page.pk,)), data)


@pytest.mark.parametrize(
    "options",
    [{}, {"publish_copies": True}, {"alias": True}],
    ids=["copy", "copy-and-publish", "alias"],
)
def test_a_story_cannot_be_copied_or_aliased(admin_client, world, options):
    story = ArticlePageFactory(section=world, title="Polls open early")
    pages_before = Page.objects.count()

    response = copy(admin_client, story, story.get_parent(), **options)

    assert response.status_code == 302
    assert COPY_REFUSED in [str(m) for m in get_messages(response.wsgi_request)]
    assert Page.objects.count() == pages_before
    assert ArticlePage.objects.filter(title__startswith="Polls open early").count() == 1
    # The copy form itself is refused too, with the same message.
    form = admin_client.get(reverse("wagtailadmin_pages:copy", args=(story.pk,)))
    assert form.status_code == 302


def test_a_section_copied_with_its_stories_is_refused_and_without_them_is_not(
    admin_client, home, world
):
    ArticlePageFactory(section=world, title="Polls open early")
    pages_before = Page.objects.count()

    refused = copy(admin_client, world, home, copy_subpages=True)
    assert COPY_REFUSED in [str(m) for m in get_messages(refused.wsgi_request)]
    assert Page.objects.count() == pages_before

    copy(admin_client, world, home)
    assert Page.objects.count() == pages_before + 1
    assert Page.objects.filter(slug="world-copy").exists()
