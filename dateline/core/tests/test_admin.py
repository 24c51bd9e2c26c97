"""The newsroom's editing screens for every content type open without errors."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.site.factories import MenuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


def test_add_and_edit_forms_open(admin_client, home, world):
    story = ArticlePageFactory(section=world, tags=["Cricket"], authors=[AuthorFactory()])
    month = story.get_parent()
    urls = [
        f"/admin/pages/add/articles/articlepage/{month.pk}/",
        f"/admin/pages/add/articles/articlepage/{world.pk}/",
        f"/admin/pages/add/articles/sectionpage/{home.pk}/",
        f"/admin/pages/add/sections/eventpage/{home.pk}/",
        f"/admin/pages/add/site/standardpage/{home.pk}/",
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{world.pk}/edit/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{month.pk}/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_snippets_and_settings_open(admin_client, home):
    author = AuthorFactory()
    agency = AgencyFactory()
    menu = MenuFactory(handle="footer")
    site = Site.objects.get(is_default_site=True)
    urls = [
        "/admin/snippets/articles/author/",
        f"/admin/snippets/articles/author/edit/{author.pk}/",
        f"/admin/snippets/articles/agency/edit/{agency.pk}/",
        "/admin/snippets/site/menu/",
        f"/admin/snippets/site/menu/edit/{menu.pk}/",
        f"/admin/settings/site/sitesettings/{site.pk}/",
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_site_settings_form_refuses_an_unknown_time_zone(admin_client, home):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/site/sitesettings/{site.pk}/",
        {
            "site_name": "Dateline",
            "time_zone": "Mars/Olympus",
            "language": "en",
            "newsletter_heading": "x",
            "newsletter_text": "y",
            "network_sites-count": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
