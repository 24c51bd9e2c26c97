"""Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION hook.

Wagtail imports this while it defines its own models, so this module imports nothing
from the project at load time; the work is done by the newsroom service.
"""


def finish_approved_workflow(workflow_state, user=None) -> None:
    from .services import publish_approved

    publish_approved(workflow_state, user=user)
