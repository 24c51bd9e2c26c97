from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents.views import serve as document_serve

from dateline.core import views as core_views
from dateline.listings import views as section_views
from dateline.newsletters import views as newsletter_views
from dateline.newsroom.reports import (
    PageTypesUsageAtScale,
    SiteHistoryAtScale,
    WorkflowsAtScale,
    WorkflowTasksAtScale,
)
from dateline.ops import views as ops_views
from dateline.search import views as search_views

# Four of Wagtail's reports with querysets that stay fast at a million pages
# (dateline/newsroom/reports.py): the same paths, ahead of Wagtail's admin URLs, behind
# the same admin-access check.
_reports_at_scale = [
    (f"admin/reports/{prefix}/{suffix}", view.as_view(results_only=bool(suffix)))
    for prefix, view in (
        ("site-history", SiteHistoryAtScale),
        ("page-types-usage", PageTypesUsageAtScale),
        ("workflow", WorkflowsAtScale),
        ("workflow_tasks", WorkflowTasksAtScale),
    )
    for suffix in ("", "results/")
]

urlpatterns = [
    *(path(route, never_cache(require_admin_access(view))) for route, view in _reports_at_scale),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs (wagtail.documents.urls), the id bounded: int() of a 5,000-digit
    # id raised (a 500).
    re_path(r"^documents/(\d{1,18})/(.*)$", document_serve.serve, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        document_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.autocomplete, name="search_autocomplete"),
    path("", include("dateline.trending.urls")),
    path("topic/", section_views.topic_index, name="topic_index"),
    path("topic/<slug:slug>/", section_views.listing_detail, {"kind": "topic"}, name="topic"),
    path("author/<slug:slug>/", section_views.listing_detail, {"kind": "author"}, name="author"),
    path("agency/<slug:slug>/", section_views.listing_detail, {"kind": "agency"}, name="agency"),
    # The story pages' call-to-action posts here (the newsletters marked as default).
    path("newsletter/", newsletter_views.signup, name="newsletter"),
    path("newsletters/", include("dateline.newsletters.urls")),
    # Breaking-news alerts: the bell's endpoints and its service worker (scope /alerts/).
    path("alerts/", include("dateline.alerts.urls")),
    path("healthz", ops_views.healthz, name="healthz"),
    path("", include("dateline.distribution.urls")),
    path("", include("dateline.live.urls")),
    path("", include("dateline.api.urls")),
    path("", include("dateline.ads.urls")),
]

if settings.DATELINE_SERVE_MEDIA:
    # Embedded set-up: Django serves uploaded media itself. At scale, object
    # storage or the front cache does (DATELINE_SERVE_MEDIA=false).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", core_views.serve_media)
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "dateline.core.views.bad_request"
handler404 = "dateline.core.views.page_not_found"
handler500 = "dateline.core.views.server_error"
