"""The two reports re-queried for scale list exactly what Wagtail's own views list."""

import pytest
from django.test import RequestFactory
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from dateline.articles.factories import ArticlePageFactory
from dateline.newsroom.reports import (
    PageTypesUsageAtScale,
    SiteHistoryAtScale,
    WorkflowsAtScale,
    WorkflowTasksAtScale,
)


def _listed(view_class, user, path: str) -> list:
    request = RequestFactory().get(path)
    request.user = user
    response = view_class.as_view()(request)
    return list(response.context_data["object_list"])


@pytest.mark.parametrize(
    ("path", "view_class"),
    [
        ("/admin/reports/site-history/", SiteHistoryAtScale),
        ("/admin/reports/site-history/results/", SiteHistoryAtScale),
        ("/admin/reports/page-types-usage/", PageTypesUsageAtScale),
        ("/admin/reports/page-types-usage/results/", PageTypesUsageAtScale),
        ("/admin/reports/workflow/", WorkflowsAtScale),
        ("/admin/reports/workflow_tasks/results/", WorkflowTasksAtScale),
    ],
)
def test_the_report_urls_lead_to_the_scale_views(admin_client, client, home, path, view_class):
    response = admin_client.get(path)

    assert response.status_code == 200
    assert type(response.context["view"]) is view_class
    assert client.get(path).status_code == 302  # still behind the admin login


def test_page_types_usage_counts_and_last_edited_pages_match_wagtails(world, admin_user):
    for n in range(3):
        ArticlePageFactory(section=world, title=f"Story {n}")
    path = "/admin/reports/page-types-usage/"

    ours = _listed(PageTypesUsageAtScale, admin_user, path)
    wagtails = _listed(PageTypesUsageReportView, admin_user, path)

    def rows(types):
        return [(t.pk, t.count, t.last_edited_page_id) for t in types]

    assert rows(ours) == rows(wagtails)
    assert dict((t.model, t.count) for t in ours)["articlepage"] == 3


@pytest.mark.parametrize("superuser", [True, False])
def test_site_history_lists_the_same_entries_as_wagtail(world, admin_user, superuser):
    from wagtail.models import Page

    kept = ArticlePageFactory(section=world, title="Kept")
    gone = ArticlePageFactory(section=world, title="Gone")
    for story in (kept, gone):
        story.save_revision(user=admin_user, log_action=True).publish(user=admin_user)
    Page.objects.get(pk=gone.pk).delete(user=admin_user)
    admin_user.is_superuser = superuser  # False: a plain editor keeps Wagtail's rule
    path = "/admin/reports/site-history/"

    ours = _listed(SiteHistoryAtScale, admin_user, path)
    wagtails = _listed(LogEntriesView, admin_user, path)

    assert [(type(e), e.pk) for e in ours] == [(type(e), e.pk) for e in wagtails]
    if superuser:
        assert {e.page_id for e in ours} >= {kept.pk, gone.pk}


def test_workflow_reports_list_the_same_states_and_tasks_as_wagtail(world, admin_user):
    """For a superuser (the case replaced; others run Wagtail's own query)."""
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowTask

    workflow = Workflow.objects.create(name="Desk review")
    task = GroupApprovalTask.objects.create(name="Copy desk")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    stories = [ArticlePageFactory(section=world, title=f"Story {n}") for n in range(3)]
    for story in stories:
        workflow.start(story, admin_user)
    Page.objects.get(pk=stories[0].pk).delete()  # its states stay, its page is gone

    for ours, wagtails, path in (
        (WorkflowsAtScale, WorkflowView, "/admin/reports/workflow/"),
        (WorkflowTasksAtScale, WorkflowTasksView, "/admin/reports/workflow_tasks/"),
    ):
        listed = [row.pk for row in _listed(ours, admin_user, path)]
        assert listed == [row.pk for row in _listed(wagtails, admin_user, path)]
        assert len(listed) == 2
