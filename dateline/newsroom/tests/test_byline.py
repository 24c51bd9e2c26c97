"""The reporter who creates a story is its first byline, and no story goes out without one."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from wagtail.test.utils.form_data import inline_formset

from dateline.articles import services
from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage, Author

from .conftest import article_form, create_url

pytestmark = pytest.mark.django_db

link_migration = importlib.import_module("dateline.articles.migrations.0008_author_user_login")


def test_the_data_step_links_only_the_obvious_pairs(make_user):
    by_email = AuthorFactory(name="Ananya Rao", email="Ananya.Rao@example.com")
    by_name = AuthorFactory(name="Rohit  Mehra")
    ambiguous = AuthorFactory(name="Sam Lee")
    nobody = AuthorFactory(name="Daniel Okafor")
    ananya = make_user("ananya", email="ananya.rao@example.com")
    rohit = make_user("rohit", first_name="Rohit", last_name="Mehra", email="r@example.com")
    make_user("sam1", first_name="Sam", last_name="Lee", email="s1@example.com")
    make_user("sam2", first_name="Sam", last_name="Lee", email="s2@example.com")

    link_migration.link_authors_to_logins(django_apps, None)

    linked = dict(Author.objects.values_list("pk", "user_id"))
    assert linked[by_email.pk] == ananya.pk
    assert linked[by_name.pk] == rohit.pk
    assert linked[ambiguous.pk] is None  # two logins called Sam Lee: an editor decides
    assert linked[nobody.pk] is None


def test_a_new_story_starts_with_the_reporters_byline(client, reporter, world):
    author = AuthorFactory(name="Rita Reporter", user=reporter)
    client.force_login(reporter)

    html = client.get(create_url(world)).content.decode()

    assert 'name="article_authors-TOTAL_FORMS" value="1"' in html
    assert f'name="article_authors-0-author" value="{author.pk}"' in html


def test_a_login_without_an_author_starts_with_an_empty_byline(client, reporter, world):
    client.force_login(reporter)
    html = client.get(create_url(world)).content.decode()
    assert 'name="article_authors-TOTAL_FORMS" value="0"' in html


def test_the_prefilled_byline_is_saved_with_the_story(client, editor, world):
    author = AuthorFactory(name="Edna Editor", user=editor)
    client.force_login(editor)
    # What the browser posts back from the prefilled form: one row, not yet stored.
    data = article_form(
        agency="",
        article_authors=inline_formset([{"author": author.pk, "id": ""}], initial=1),
        **{"action-publish": "1"},
    )
    response = client.post(create_url(world), data)
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="port-strike-ends")
    assert story.live
    assert story.authors == [author]


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_no_byline_no_publication_and_the_form_says_why(client, editor, world, action):
    client.force_login(editor)
    response = client.post(create_url(world), article_form(agency="", **{action: "1"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A story needs a byline before it is submitted or published" in html
    assert not ArticlePage.objects.filter(slug="port-strike-ends").exists()


def test_a_draft_may_wait_for_its_byline(client, reporter, world):
    client.force_login(reporter)
    response = client.post(create_url(world), article_form(agency=""))
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="port-strike-ends").live is False


def test_an_agency_alone_is_a_byline(client, editor, world):
    client.force_login(editor)
    data = article_form(agency=str(AgencyFactory().pk), **{"action-publish": "1"})
    assert client.post(create_url(world), data).status_code == 302
    assert ArticlePage.objects.get(slug="port-strike-ends").live


def test_an_approval_outside_the_form_refuses_a_story_without_byline(world):
    story = ArticlePageFactory(section=world, publish=False, agency=None)
    revision = story.save_revision()
    with pytest.raises(services.BylineMissing):
        services.publish_approved(revision)
    story.refresh_from_db()
    assert not story.live
    credited = ArticlePageFactory(section=world, publish=False, authors=[AuthorFactory()])
    services.publish_approved(credited.save_revision())
    credited.refresh_from_db()
    assert credited.live
