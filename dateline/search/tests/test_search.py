import pytest

from dateline.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_search_finds_published_stories_only(client, world):
    ArticlePageFactory(section=world, title="Monsoon arrives early in Kerala")
    ArticlePageFactory(section=world, title="Monsoon draft not yet out", publish=False)
    html = client.get("/search/", {"q": "monsoon"}).content.decode()
    assert "Monsoon arrives early in Kerala" in html
    assert "Monsoon draft not yet out" not in html
    assert "1 result for" in html


def test_empty_and_unmatched_searches(client, world):
    assert client.get("/search/").status_code == 200
    html = client.get("/search/", {"q": "zzzyxw"}).content.decode()
    assert "Nothing found for" in html
    assert client.get("/search/", {"q": "monsoon", "page": "9"}).status_code == 404
