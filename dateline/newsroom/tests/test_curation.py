"""Curation by the Homepage editor through the admin: ordered top stories with pin expiry,
the breaking-news banner, event hubs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from dateline.articles.factories import ArticlePageFactory
from dateline.home.models import BreakingNewsBanner, HomePage
from dateline.listings.factories import make_event

from .conftest import edit_url, local_form_time

pytestmark = pytest.mark.django_db


def home_form(home: HomePage, top_stories: list[dict], **fields) -> dict:
    data = {
        "title": home.title,
        "slug": home.slug,
        "top_stories_count": "3",
        "latest_count": "10",
        "section_block_size": "4",
        "top_stories": inline_formset(top_stories),
        "section_blocks": inline_formset([]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def test_top_stories_follow_the_editors_order_and_drop_expired_pins(
    client, homepage_editor, home, world
):
    first, second, third, fourth = (
        ArticlePageFactory(section=world, title=f"Story {name}")
        for name in ["one", "two", "three", "four"]
    )
    past = local_form_time(timezone.now() - dt.timedelta(minutes=1))
    future = local_form_time(timezone.now() + dt.timedelta(hours=1))
    client.force_login(homepage_editor)
    response = client.post(
        edit_url(home),
        home_form(
            home,
            [
                {"story": third.pk, "pinned_until": future},
                {"story": first.pk, "pinned_until": past},
                {"story": second.pk, "pinned_until": ""},
            ],
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    home = HomePage.objects.get(pk=home.pk)
    # Three slots: the two live pins in the editors' order, then the newest unpinned story.
    assert [s.title for s in home.top_stories_list()] == ["Story three", "Story two", "Story four"]
    html = client.get(home.url).content.decode()
    assert html.index("Story three") < html.index("Story two")


def test_homepage_editor_sets_the_breaking_banner_with_a_link_and_expiry(
    client, homepage_editor, home, world
):
    story = ArticlePageFactory(section=world, title="Quake hits the coast")
    site = Site.objects.get(is_default_site=True)
    banner = BreakingNewsBanner.for_site(site)
    client.force_login(homepage_editor)
    url = reverse("wagtailsettings:edit", args=("home", "breakingnewsbanner", site.pk))
    expires_at = (timezone.now() + dt.timedelta(hours=1)).replace(microsecond=0)
    response = client.post(
        url,
        {
            "text": "Magnitude 6.1 earthquake off the coast",
            "link_page": story.pk,
            "link_url": "",
            "expires_at": local_form_time(expires_at),
        },
    )
    assert response.status_code == 302
    banner.refresh_from_db()
    assert banner.expires_at == expires_at
    client.logout()
    html = client.get(home.url).content.decode()
    assert (
        f'<a class="breaking-banner__text" href="{story.url}">'
        "Magnitude 6.1 earthquake off the coast</a>" in html
    )
    assert "Magnitude 6.1" in client.get(story.url).content.decode()  # on every page


def test_an_expired_or_empty_banner_is_not_shown(client, home):
    banner = BreakingNewsBanner.for_site(Site.objects.get(is_default_site=True))
    banner.text = "Polls close"
    banner.link_url = "/world/"
    banner.expires_at = timezone.now() - dt.timedelta(seconds=1)
    banner.save()
    assert "breaking-banner" not in client.get(home.url).content.decode()
    banner.expires_at = None
    banner.save()
    assert '<a class="breaking-banner__text" href="/world/">Polls close</a>' in (
        client.get(home.url).content.decode()
    )
    banner.text = ""
    banner.save()
    assert "breaking-banner" not in client.get(home.url).content.decode()


def test_the_banner_costs_no_query_once_cached(client, home, django_assert_max_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    template = Template("{% load banner_tags %}{% breaking_banner %}")
    Site.find_for_request(request)  # the site lookup is cached per request, like the middleware
    template.render(Context({"request": request}))
    with django_assert_max_num_queries(0):
        template.render(Context({"request": request}))


def test_editors_choose_an_event_hubs_lead_story_and_tag(client, editor, home, world):
    lead = ArticlePageFactory(section=world, title="Budget lead")
    ArticlePageFactory(section=world, title="Budget reaction", tags=["Budget"])
    ArticlePageFactory(section=world, title="Cricket score", tags=["Cricket"])
    event = make_event(home, "Budget day")
    client.force_login(editor)
    data = {
        "title": "Budget day",
        "slug": event.slug,
        "intro": "",
        "lead_story": lead.pk,
        "tag": Tag.objects.get(name="Budget").pk,
        "picks": inline_formset([]),
        "comments": inline_formset([]),
        "starts_on": "",
        "ends_on": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "1",
    }
    assert client.post(edit_url(event), nested_form_data(data)).status_code == 302
    event.refresh_from_db()
    assert (event.lead_story, event.tag.name) == (lead, "Budget")
    html = client.get(event.url).content.decode()
    assert html.index("Budget lead") < html.index("Budget reaction")
    assert "Cricket score" not in html


def test_a_banner_link_must_be_an_address(home):
    from django.core.exceptions import ValidationError

    banner = BreakingNewsBanner(site=Site.objects.get(is_default_site=True), link_url="world")
    with pytest.raises(ValidationError) as error:
        banner.clean()
    assert error.value.message_dict == {
        "link_url": ["Use an address starting with /, http:// or https://."]
    }
