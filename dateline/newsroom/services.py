"""State changes of the newsroom: approvals, the scheduler's runs, desk users."""

from __future__ import annotations

import io
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import WorkflowState

from dateline.articles import services as articles

logger = logging.getLogger("dateline.newsroom")


def publish_approved(workflow_state: WorkflowState, user=None) -> None:
    """The last approver signed a story off (see articles.services.publish_approved)."""
    articles.publish_approved(workflow_state.content_object.get_latest_revision(), user=user)


def run_scheduled_publishing() -> str:
    """One pass of Wagtail's own scheduler: publish what is due, unpublish what expired."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def create_desk_user(
    username: str, password: str, group_name: str, *, email: str = "", is_superuser: bool = False
):
    """A newsroom login in one of the desk roles (idempotent: the demo runs it every time)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": email or f"{username}@dateline.invalid"}
    )
    if created or not user.check_password(password):
        user.set_password(password)
    user.is_superuser = is_superuser
    user.is_staff = is_superuser
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user
