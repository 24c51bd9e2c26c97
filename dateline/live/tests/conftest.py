import importlib

import pytest
from django.apps import apps as django_apps

from dateline.live.factories import LiveBlogPageFactory


@pytest.fixture
def live_roles(desk_roles) -> None:
    """The desk roles with the live desk's grants (live's own data migration)."""
    migration = importlib.import_module("dateline.live.migrations.0002_live_desk_roles")
    migration.open_live_desk(django_apps, None)


@pytest.fixture
def reporter(live_roles, make_user):
    return make_user("rita", "Reporter")


@pytest.fixture
def other_reporter(live_roles, make_user):
    return make_user("ravi", "Reporter")


@pytest.fixture
def editor(live_roles, make_user):
    return make_user("eddie", "Editor")


@pytest.fixture
def blog(world):
    return LiveBlogPageFactory(
        section=world, title="Budget day, as it happened", dek="Every announcement, live."
    )
