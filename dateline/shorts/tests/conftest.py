import pytest

from dateline.shorts.factories import make_shorts_index

INVALIDATED: list[set[str]] = []


def collect_invalidated(keys: set[str], urls: set[str] | None = None) -> None:
    """An invalidator for tests (DATELINE_INVALIDATORS): remembers each purge."""
    INVALIDATED.append(set(keys))


@pytest.fixture
def shorts_index(home):
    return make_shorts_index(home)


@pytest.fixture
def invalidated(settings):
    settings.DATELINE_INVALIDATORS = ["dateline.shorts.tests.conftest.collect_invalidated"]
    INVALIDATED.clear()
    yield INVALIDATED
    INVALIDATED.clear()
