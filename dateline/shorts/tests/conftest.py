import pytest

from dateline.shorts.factories import make_shorts_index


@pytest.fixture
def shorts_index(home):
    return make_shorts_index(home)
