"""State changes of the newsroom: approvals, the scheduler's runs, desk users."""

from __future__ import annotations

import io
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import WorkflowState

from dateline.articles.models import ArticlePage

logger = logging.getLogger("dateline.newsroom")


def publish_approved(workflow_state: WorkflowState, user=None) -> None:
    """The last approver signed a story off: publish it, or, while it is under embargo,
    schedule it for the embargo time (Wagtail's scheduler then puts it live)."""
    revision = workflow_state.content_object.get_latest_revision()
    content_object = revision.as_object()
    if isinstance(content_object, ArticlePage) and content_object.is_embargoed:
        go_live_at = content_object.go_live_at
        if go_live_at is None or go_live_at < content_object.embargo_until:
            revision.content["go_live_at"] = content_object.embargo_until.isoformat()
            revision.save(update_fields=["content"])
            logger.info("Approved under embargo; scheduled for %s", content_object.embargo_until)
    revision.publish(user=user)


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
