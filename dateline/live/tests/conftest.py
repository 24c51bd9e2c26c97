import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from dateline.live.factories import LiveBlogPageFactory


@pytest.fixture
def live_roles(desk_roles) -> None:
    """The desk roles with the live desk's grants (live's own data migration)."""
    migration = importlib.import_module("dateline.live.migrations.0002_live_desk_roles")
    migration.open_live_desk(django_apps, None)


def _member(group: str, name: str):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-not-used")
    user.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission caches


@pytest.fixture
def reporter(live_roles):
    return _member("Reporter", "rita")


@pytest.fixture
def other_reporter(live_roles):
    return _member("Reporter", "ravi")


@pytest.fixture
def editor(live_roles):
    return _member("Editor", "eddie")


@pytest.fixture
def blog(world):
    return LiveBlogPageFactory(
        section=world, title="Budget day, as it happened", dek="Every announcement, live."
    )
