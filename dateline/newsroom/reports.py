"""Two of Wagtail's reports with querysets that stay fast at a million pages.

Wagtail's own views stay in place (same URLs, templates, filters and exports); only the
queries that read every page are replaced, through the views' documented overridable
methods (`get_queryset`, `get_filtered_queryset`). `dateline/urls.py` routes the two
report URLs here, ahead of Wagtail's admin URLs.

* Page types usage: Wagtail counts pages per type by joining every page to its content
  type and grouping (a sequential scan of the page table, twice with the paginator's
  count). Here each type's count is its own subquery on the content-type index (an
  index-only scan), and the latest edited page per type comes from `page_type_last_edited`
  (newsroom/0004).
* Site history: for an editor who can explore from the root (superusers, the desk's
  chiefs), Wagtail keeps the entries whose page is in "every explorable page", which
  PostgreSQL answers by hashing a million page ids for every request. Here that user's
  entries are those whose page exists (one primary-key probe per entry) or was deleted
  (the deletion's own entry), which is the same set; other users keep Wagtail's rule.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Page, PageLogEntry


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
    """Wagtail's own test for showing a user every page's history (and deleted pages')."""
    if not hasattr(user, "_dateline_sees_every_page"):
        root = Page.get_first_root_node()
        permissions = root.permissions_for_user(user) if root else None
        user._dateline_sees_every_page = user.is_superuser or bool(
            permissions and (permissions.can_add_subpage() or permissions.can_edit())
        )
    return user._dateline_sees_every_page


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
