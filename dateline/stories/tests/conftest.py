import pytest

from dateline.stories.factories import make_web_story_index

INVALIDATED: list[set[str]] = []


def collect_invalidated(keys: set[str], urls: set[str] | None = None) -> None:
    INVALIDATED.append(set(keys))


@pytest.fixture
def web_story_index(home):
    return make_web_story_index(home)


@pytest.fixture
def invalidated(settings):
    settings.DATELINE_INVALIDATORS = ["dateline.stories.tests.conftest.collect_invalidated"]
    INVALIDATED.clear()
    yield INVALIDATED
    INVALIDATED.clear()
