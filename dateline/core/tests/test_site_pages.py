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


SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}  # what a browser sends from our own page


@pytest.mark.django_db
def test_newsletter_signup_saves_and_thanks_with_a_way_back(client, home):
    response = client.post(
        "/newsletter/", {"email": "reader@example.com", "next": "/world/"}, **SAME_SITE
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The newsletter is on its way to your inbox." in html
    assert '<a href="/world/">Back to where you were</a>' in html
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
def test_newsletter_answers_a_known_address_exactly_like_a_new_one(client, home):
    """Nobody can learn from the form whether an address is on the list."""
    NewsletterSignup.objects.create(email="reader@example.com", source_path="/india/")
    known = client.post(
        "/newsletter/", {"email": "Reader@Example.com", "next": "/world/"}, **SAME_SITE
    )
    new = client.post(
        "/newsletter/", {"email": "other@example.com", "next": "/world/"}, **SAME_SITE
    )
    assert known.status_code == new.status_code == 200
    assert known.content == new.content
    assert "already" not in known.content.decode()
    # nothing lost, nothing duplicated, the first sign-up keeps where it came from
    assert list(NewsletterSignup.objects.order_by("email").values_list("email", "source_path")) == [
        ("other@example.com", "/world/"),
        ("reader@example.com", "/india/"),
    ]


@pytest.mark.django_db
def test_newsletter_refuses_offsite_redirects(client, home):
    response = client.post(
        "/newsletter/", {"email": "a@example.com", "next": "https://evil.example/"}, **SAME_SITE
    )
    assert '<a href="/">Back to where you were</a>' in response.content.decode()


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
