"""The dashboard's "Waiting for review": every story in the approval workflow, oldest first,
with who submitted it and when, for the people who review them (the Editor role reviews at
every stage: newsroom/0006). It replaces Wagtail's "Awaiting your review" for them, which
lists the newest first and reads each story's tasks one by one."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

SHOWN = 30
WAGTAILS_OWN_PANEL = "workflow_objects_to_moderate"


def stories_waiting_for(user) -> tuple[list[dict], int]:
    """(the oldest SHOWN workflows in progress the user may act on, how many there are)."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page"
    )
    if not user.is_superuser:
        states = states.filter(
            current_task_state__task__groupapprovaltask__groups__in=user.groups.all()
        ).distinct()
    total = states.count()
    shown = list(
        states.select_related("requested_by", "current_task_state__task").order_by(
            "created_at", "pk"
        )[:SHOWN]
    )
    pages = Page.objects.in_bulk([int(state.object_id) for state in shown])
    rows = []
    for state in shown:
        page = pages.get(int(state.object_id))
        if page is None:  # deleted while in review
            continue
        task_state = state.current_task_state
        rows.append(
            {
                "page": page,
                "title": page.draft_title or page.title,
                "stage": task_state.task.name if task_state else "",
                "submitted_by": state.requested_by,
                "submitted_at": state.created_at,
                "stage_since": task_state.started_at if task_state else None,
            }
        )
    return rows, total


def reviews_stories(user) -> bool:
    """Superusers, and members of a group some active approval task names."""
    return user.is_superuser or user.groups.filter(groupapprovaltask__active=True).exists()


class WaitingForReviewPanel(Component):
    name = "waiting_for_review"
    order = 5  # first: the editor's morning starts here
    template_name = "newsroom/admin/waiting_for_review_panel.html"

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict:
        rows, total = stories_waiting_for(self.user)
        return {
            "rows": rows,
            "total": total,
            "heading": f"Waiting for review ({total})",
            "more": max(total - len(rows), 0),
        }


@hooks.register("construct_homepage_panels")
def add_waiting_for_review_panel(request: HttpRequest, panels: list) -> None:
    if not reviews_stories(request.user):
        return
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != WAGTAILS_OWN_PANEL]
    panels.append(WaitingForReviewPanel(request.user))
