import pytest

from dateline.articles.factories import AuthorFactory
from dateline.video.factories import make_show, make_show_index, make_video_index


@pytest.fixture
def video_hub(home):
    return make_video_index(home, intro="Every video we make.")


@pytest.fixture
def show_index(home):
    return make_show_index(home, intro="Our programmes.")


@pytest.fixture
def show(show_index, image):
    host = AuthorFactory(name="Asha Rao")
    return make_show(
        show_index,
        "The Long Read",
        hosts=[host, "Guest Presenter"],
        description="A weekly hour on one big story.",
        schedule="Sundays at 8 pm",
        artwork=image,
    )
