import pytest

from dateline.core.factories import make_standard_page
from dateline.core.models import NewsletterSignup


@pytest.mark.django_db
def test_standard_page_renders_with_breadcrumb(client, home):
    page = make_standard_page(home, "About us", intro="Who we are.")
    html = client.get(page.url).content.decode()
    assert '<h1 class="page-title">About us</h1>' in html
    assert '<span aria-current="page">About us</span>' in html


@pytest.mark.django_db
def test_unknown_url_gets_the_designed_404(client, home):
    response = client.get("/no/such/story/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_server_error_page_is_designed_and_needs_no_database(client, home, settings):
    from django.test import RequestFactory

    from dateline.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_newsletter_signup_saves_and_returns_to_the_story(client, home):
    response = client.post("/newsletter/", {"email": "reader@example.com", "next": "/world/"})
    assert response.status_code == 302
    assert response["Location"] == "/world/"
    assert NewsletterSignup.objects.get().email == "reader@example.com"


@pytest.mark.django_db
def test_newsletter_bad_address_rerenders_with_the_reason(client, home):
    response = client.post("/newsletter/", {"email": "not-an-address", "next": "/world/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-address"' in html
    assert NewsletterSignup.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_duplicate_is_explained_not_lost(client, home):
    NewsletterSignup.objects.create(email="reader@example.com")
    response = client.post("/newsletter/", {"email": "reader@example.com"})
    assert response.status_code == 400
    assert "already signed up" in response.content.decode()
    assert NewsletterSignup.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_refuses_offsite_redirects(client, home):
    response = client.post(
        "/newsletter/", {"email": "a@example.com", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
