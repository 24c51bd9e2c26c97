import pytest
from django_tasks.signals import task_finished

from dateline.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task_errors():
    """Errors of background tasks (the search index is updated by one): a failure is silent."""
    errors: list[str] = []

    def record(sender, task_result, **kwargs):
        errors.extend(error.traceback for error in task_result.errors)

    task_finished.connect(record, weak=False)
    yield errors
    task_finished.disconnect(record)


def test_search_finds_published_stories_only(client, world, task_errors):
    ArticlePageFactory(section=world, title="Monsoon arrives early in Kerala")
    ArticlePageFactory(section=world, title="Monsoon draft not yet out", publish=False)
    assert task_errors == []
    html = client.get("/search/", {"q": "monsoon"}).content.decode()
    assert "Monsoon arrives early in Kerala" in html
    assert "Monsoon draft not yet out" not in html
    assert "1 result for" in html


def test_empty_and_unmatched_searches(client, world):
    assert client.get("/search/").status_code == 200
    html = client.get("/search/", {"q": "zzzyxw"}).content.decode()
    assert "Nothing found for" in html
    assert client.get("/search/", {"q": "monsoon", "page": "9"}).status_code == 404
