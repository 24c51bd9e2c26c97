from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.core import views as core_views
from dateline.search import views as search_views
from dateline.sections import views as section_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("topic/", section_views.topic_index, name="topic_index"),
    path("topic/<slug:slug>/", section_views.listing_detail, {"kind": "topic"}, name="topic"),
    path("author/<slug:slug>/", section_views.listing_detail, {"kind": "author"}, name="author"),
    path("agency/<slug:slug>/", section_views.listing_detail, {"kind": "agency"}, name="agency"),
    path("newsletter/", core_views.newsletter_signup, name="newsletter"),
    path("", include("dateline.distribution.urls")),
]

if settings.DATELINE_SERVE_MEDIA:
    # Embedded set-up: Django serves uploaded media itself. At scale, object
    # storage or the front cache does (DATELINE_SERVE_MEDIA=false).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "dateline.core.views.page_not_found"
handler500 = "dateline.core.views.server_error"
