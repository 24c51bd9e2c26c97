import pytest

from dateline.stories.factories import make_web_story_index


@pytest.fixture
def web_story_index(home):
    return make_web_story_index(home)
