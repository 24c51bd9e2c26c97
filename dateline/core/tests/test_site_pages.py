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
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame, a data: or file: page
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "null", "HTTP_REFERER": "http://testserver/world/"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "/world/"},  # not a URL a browser sends
        {"HTTP_REFERER": "null"},
    ],
)
def test_newsletter_refuses_a_post_whose_origin_is_not_this_site(client, home, headers):
    response = client.post("/newsletter/", {"email": "victim@example.com"}, **headers)
    assert response.status_code == 403
    assert "This sign-up did not come from our site" in response.content.decode()
    assert NewsletterSignup.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/world/some-story/"},
    ],
)
def test_newsletter_accepts_what_browsers_send_from_this_site(client, home, headers):
    response = client.post("/newsletter/", {"email": "a@example.com"}, **headers)
    assert response.status_code == 200
    assert NewsletterSignup.objects.count() == 1


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


@pytest.fixture
def staff_client(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_see_sign_ups_in_the_admin_and_can_search_them(staff_client, home):
    NewsletterSignup.objects.create(email="asha@example.com", source_path="/india/")
    NewsletterSignup.objects.create(email="ben@example.org", source_path="/world/")
    html = staff_client.get("/admin/snippets/core/newslettersignup/").content.decode()
    assert "asha@example.com" in html and "ben@example.org" in html
    found = staff_client.get("/admin/snippets/core/newslettersignup/?q=asha").content.decode()
    assert "asha@example.com" in found and "ben@example.org" not in found


@pytest.mark.django_db
def test_staff_export_sign_ups_as_csv(staff_client, home):
    NewsletterSignup.objects.create(email="asha@example.com", source_path="/india/")
    response = staff_client.get("/admin/snippets/core/newslettersignup/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="newsletter-signups.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = [line.split(",") for line in body.strip().splitlines()]
    assert rows[0] == ["Email", "Signed up on page", "Signed up at"]
    assert rows[1][:2] == ["asha@example.com", "/india/"]


@pytest.mark.django_db
def test_readers_cannot_open_the_sign_up_list(client, home):
    response = client.get("/admin/snippets/core/newslettersignup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
