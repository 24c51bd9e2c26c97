"""The Short model: the 60-word limit in the model and in the admin form, and invalidation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from dateline.articles.factories import ArticlePageFactory
from dateline.shorts.factories import make_short
from dateline.shorts.models import ShortPage

SIXTY = " ".join(f"w{i}" for i in range(60))
SIXTY_ONE = SIXTY + " extra"


def test_model_accepts_sixty_words(shorts_index):
    short = ShortPage(title="Sixty", slug="sixty", body=SIXTY)
    shorts_index.add_child(instance=short)
    short.full_clean()
    assert short.word_count == 60


def test_model_refuses_sixty_one_words(shorts_index):
    short = ShortPage(title="Too long", slug="too-long", body=SIXTY_ONE)
    with pytest.raises(ValidationError) as exc:
        short.full_clean()
    assert exc.value.message_dict["body"] == [
        "A Short has at most 60 words; this one has 61. Cut 1."
    ]


def test_saving_a_revision_runs_the_same_rule(shorts_index):
    short = make_short(shorts_index, publish=False)
    short.body = SIXTY_ONE
    with pytest.raises(ValidationError):
        short.save_revision()


def test_model_refuses_an_empty_body(shorts_index):
    short = ShortPage(title="Empty", slug="empty", body="   ")
    with pytest.raises(ValidationError) as exc:
        short.full_clean()
    assert "body" in exc.value.message_dict


def _post_new_short(admin_client, shorts_index, body, slug="a-short"):
    url = reverse("wagtailadmin_pages:add", args=("shorts", "shortpage", shorts_index.pk))
    data = nested_form_data(
        {
            "title": "A Short",
            "slug": slug,
            "body": body,
            "image_alt": "",
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    return admin_client.post(url, data)


def test_admin_form_refuses_sixty_one_words_with_a_clear_message(admin_client, shorts_index):
    response = _post_new_short(admin_client, shorts_index, SIXTY_ONE)
    assert response.status_code == 200  # the form again, nothing saved
    form = response.context["form"]
    assert form.errors["body"] == ["A Short has at most 60 words; this one has 61. Cut 1."]
    assert ShortPage.objects.count() == 0
    assert SIXTY_ONE in response.content.decode()  # the editor's text is kept


def test_admin_form_accepts_sixty_words_and_tidies_spaces(admin_client, shorts_index):
    response = _post_new_short(admin_client, shorts_index, SIXTY.replace(" ", "  \n"))
    assert response.status_code == 302
    short = ShortPage.objects.get(slug="a-short")
    assert short.get_latest_revision_as_object().body == SIXTY


def test_editor_page_has_the_live_counter(admin_client, shorts_index):
    url = reverse("wagtailadmin_pages:add", args=("shorts", "shortpage", shorts_index.pk))
    html = admin_client.get(url).content.decode()
    assert 'data-word-limit="60"' in html
    assert "shorts/word_count.js" in html


def test_publishing_and_unpublishing_invalidate_the_short_listing_and_story(
    shorts_index, world, invalidated, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(section=world)
    short = make_short(shorts_index, publish=False, story=story)
    with django_capture_on_commit_callbacks(execute=True):
        short.get_latest_revision().publish()
    # Wagtail's own handlers (the page cache's) purge too; ours adds the shorts keys.
    assert {f"page:{short.pk}", "list:shorts", f"page:{story.pk}"} <= set().union(*invalidated)
    invalidated.clear()
    short.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        short.unpublish()
    assert {f"page:{short.pk}", "list:shorts", f"page:{story.pk}"} <= set().union(*invalidated)


def test_deleting_a_short_invalidates_it(
    shorts_index, invalidated, django_capture_on_commit_callbacks
):
    short = make_short(shorts_index)
    pk = short.pk
    invalidated.clear()
    with django_capture_on_commit_callbacks(execute=True):
        short.delete()
    assert {f"page:{pk}", "list:shorts"} <= set().union(*invalidated)
