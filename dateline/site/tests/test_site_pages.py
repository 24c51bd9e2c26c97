import pytest

from dateline.site.factories import make_standard_page


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
