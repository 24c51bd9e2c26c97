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


SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.mark.django_db
def test_newsletter_signup_saves_and_thanks_with_a_way_back(client, home):
    response = client.post(
        "/newsletter/", {"email": "reader@example.com", "next": "/world/"}, **SAME_SITE
    )
    assert response.status_code == 200
    assert 'href="/world/"' in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert NewsletterSignup.objects.get().email == "reader@example.com"


@pytest.mark.django_db
def test_newsletter_bad_address_rerenders_with_the_reason(client, home):
    response = client.post(
        "/newsletter/", {"email": "not-an-address", "next": "/world/"}, **SAME_SITE
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-address"' in html
    assert NewsletterSignup.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_duplicate_gets_the_same_answer_as_a_new_address(client, home):
    """Nobody can learn from the form whether an address is subscribed."""
    new = client.post("/newsletter/", {"email": "new@example.com"}, **SAME_SITE)
    again = client.post("/newsletter/", {"email": "new@example.com"}, **SAME_SITE)
    assert (new.status_code, again.status_code) == (200, 200)
    assert new.content == again.content
    assert NewsletterSignup.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_refuses_offsite_redirects(client, home):
    response = client.post(
        "/newsletter/", {"email": "a@example.com", "next": "https://evil.example/"}, **SAME_SITE
    )
    assert 'href="/"' in response.content.decode()
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {},  # no word from the browser at all
    ],
)
def test_newsletter_refuses_sign_ups_forged_by_other_sites(client, home, headers):
    response = client.post("/newsletter/", {"email": "victim@example.com"}, **headers)
    assert response.status_code == 403
    assert NewsletterSignup.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_accepts_an_origin_of_this_site(client, home):
    response = client.post(
        "/newsletter/", {"email": "a@example.com"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 200
    assert NewsletterSignup.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_trap_field_turns_bots_away_silently(client, home):
    response = client.post(
        "/newsletter/", {"email": "bot@example.com", "website": "http://spam"}, **SAME_SITE
    )
    assert response.status_code == 200
    assert NewsletterSignup.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_limits_sign_ups_per_client(client, home):
    statuses = [
        client.post("/newsletter/", {"email": f"r{n}@example.com"}, **SAME_SITE).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert NewsletterSignup.objects.count() == 10
