"""ads.txt and app-ads.txt: edited in the admin, served as text, cached and purged."""

import pytest
from wagtail.models import Site

from dateline.ads.models import AdsTxt

pytestmark = pytest.mark.django_db

LINE = "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0"


@pytest.mark.parametrize(
    ("path", "field"), [("/ads.txt", "ads_txt"), ("/app-ads.txt", "app_ads_txt")]
)
def test_the_file_is_served_as_text_cached_and_purged_on_save(client, home, path, field):
    assert client.get(path).status_code == 404  # nothing written yet: no file
    files = AdsTxt.for_site(Site.objects.get(is_default_site=True))
    setattr(files, field, LINE)
    files.save()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == LINE + "\n"
    assert client.get(path)["X-Cache"] == "HIT"
    setattr(files, field, LINE + "\nexample.com, 12345, RESELLER")
    files.save()
    assert client.get(path).content.decode().endswith("RESELLER\n")


def test_a_missing_file_is_the_sites_404_page(client, home):
    response = client.get("/ads.txt")
    assert response.status_code == 404
    assert "<html" in response.content.decode().lower()


def test_the_files_are_edited_in_the_admin(client, admin_user, home):
    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/ads/adstxt/{site.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"ads_txt": LINE, "app_ads_txt": ""})
    assert response.status_code == 302
    client.logout()
    assert client.get("/ads.txt").content.decode() == LINE + "\n"
