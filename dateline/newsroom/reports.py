"""Four of Wagtail's reports with querysets that stay fast at a million pages.

Wagtail's own views stay in place (same URLs, templates, filters and exports); only the
queries that read every page are replaced, through the views' documented overridable
methods (`get_queryset`, `get_filtered_queryset`). `dateline/urls.py` routes the four
report URLs (and their results URLs) here, ahead of Wagtail's admin URLs.

* Page types usage: Wagtail counts pages per type by joining every page to its content
  type and grouping (a sequential scan of the page table, twice with the paginator's
  count). Here each type's count is its own subquery on the content-type index (an
  index-only scan), and the latest edited page per type comes from `page_type_last_edited`
  (newsroom/0004).
* Site history: for a superuser, Wagtail keeps the entries whose page is in "every
  explorable page", which PostgreSQL answers by hashing a million page ids for every
  query (three more for the filters' choices). Here a superuser's entries are those whose
  page exists (one primary-key probe per entry) or whose deletion was logged: the same
  set. Other users keep Wagtail's rule.
* Workflows and workflow tasks: for a superuser, Wagtail keeps the states whose page id
  (as text) is in "every page id as text", hashed per request (1.2 s, twice, at a million
  pages once any workflow has run); here each state probes `page_id_as_varchar`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import (
    WorkflowTasksView,
    WorkflowView,
    get_editable_content_type_ids,
)
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import (
    Page,
    PageLogEntry,
    TaskState,
    WorkflowState,
    get_default_page_content_type,
)


class PageTypesUsageAtScale(PageTypesUsageReportView):
    def get_queryset(self):
        if self.request.GET.get("page_locale") or self.request.GET.get("site"):
            return super().get_queryset()  # a filtered count: rare, bounded by the filter
        page_type = ContentType.objects.get_for_model(Page)
        types = ContentType.objects.filter(model__in=self.page_models)
        if not Page.objects.filter(depth__gt=1, content_type=page_type).exists():
            types = types.exclude(pk=page_type.pk)  # as Wagtail: no plain pages, no row
        self.queryset = types
        pages_of_type = Page.objects.filter(content_type=OuterRef("pk")).order_by()
        count = pages_of_type.values("content_type").annotate(n=Count("*")).values("n")
        last_edited = pages_of_type.order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        ).values("pk")[:1]
        return (
            self.filter_queryset(types)
            .annotate(
                count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
                last_edited_page_id=Subquery(last_edited),
            )
            .order_by("-count", "app_label", "model")
        )


def _sees_every_page(user) -> bool:
    """Superusers: Wagtail's "explorable" and "editable" pages are then every page."""
    return user.is_superuser


def _viewable(model, user):
    """`model.objects.viewable_by_user(user)`, without "page in every page" for page
    history seen from the root: an existing page, or one whose deletion was logged."""
    if model is not PageLogEntry or not _sees_every_page(user):
        return model.objects.viewable_by_user(user)
    return PageLogEntry.objects.filter(
        Q(Exists(Page.objects.filter(pk=OuterRef("page_id"))))
        | Q(Exists(PageLogEntry.objects.filter(deleted=True, page_id=OuterRef("page_id"))))
    )


def _from_every_log(user, method: str) -> set:
    found = set()
    for model in log_action_registry.get_log_entry_models():
        found.update(getattr(_viewable(model, user), method)())
    return found


class SiteHistoryFiltersAtScale(SiteHistoryReportFilterSet):
    """The filters' choices (types, actions, users) read through `_viewable` too."""

    object_type = ContentTypeFilter(
        label=_("Type"),
        method="filter_object_type",
        queryset=lambda request: ContentType.objects.filter(
            pk__in=_from_every_log(request.user, "get_content_type_ids")
        ).order_by("model"),
    )

    def get_action_choices(self):
        used = _from_every_log(self.request.user, "get_actions")
        return [choice for choice in log_action_registry.get_choices() if choice[0] in used]

    def get_user_choices(self):
        user_model = get_user_model()
        return user_model.objects.filter(
            pk__in=_from_every_log(self.request.user, "get_user_ids")
        ).order_by(user_model.USERNAME_FIELD)


class SiteHistoryAtScale(LogEntriesView):
    filterset_class = SiteHistoryFiltersAtScale

    def get_filtered_queryset(self):
        self.log_models = list(log_action_registry.get_log_entry_models())
        combined = None
        for index, model in enumerate(self.log_models):
            entries = self.filter_queryset(
                _viewable(model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            ).order_by()
            combined = entries if combined is None else combined.union(entries, all=True)
        return combined.order_by("-timestamp")


def _existing_pages(object_id: str, **lookups) -> Exists:
    """The workflow row's page exists: one probe of `page_id_as_varchar` (newsroom/0003)
    instead of `object_id IN (every page id as text)`."""
    return Exists(
        Page.objects.annotate(id_text=Cast("id", CharField(max_length=50))).filter(
            id_text=OuterRef(object_id), **lookups
        )
    )


class WorkflowsAtScale(WorkflowView):
    def get_queryset(self):
        if not _sees_every_page(self.request.user):
            return super().get_queryset()
        page_type = get_default_page_content_type()
        return (
            WorkflowState.objects.filter(
                Q(base_content_type=page_type, object_id__isnull=False)
                & _existing_pages("object_id")
                | Q(content_type_id__in=get_editable_content_type_ids(self.request))
            )
            .select_related("workflow", "requested_by")
            .prefetch_related("content_object", "content_object__latest_revision")
            .order_by("-created_at")
        )


class WorkflowTasksAtScale(WorkflowTasksView):
    def get_queryset(self):
        if not _sees_every_page(self.request.user):
            return super().get_queryset()
        page_type = get_default_page_content_type()
        return (
            TaskState.objects.filter(
                Q(workflow_state__base_content_type=page_type)
                & _existing_pages("workflow_state__object_id")
                | Q(workflow_state__content_type_id__in=get_editable_content_type_ids(self.request))
            )
            .select_related("workflow_state", "task")
            .prefetch_related(
                "workflow_state__content_object",
                "workflow_state__content_object__latest_revision",
            )
            .order_by("-started_at")
        )
