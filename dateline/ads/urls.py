from django.urls import path, re_path

from . import views

urlpatterns = [
    path("ads.txt", views.ads_txt, name="ads_txt"),
    path("app-ads.txt", views.app_ads_txt, name="app_ads_txt"),
    path("consent/notice.json", views.consent_notice, name="consent_notice"),
    # The page's language (`<html lang>`), lower-cased by the script; bounded, so an address
    # is never a free-form cache key.
    re_path(
        r"^consent/notice/(?P<language>[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2})\.json$",
        views.consent_notice,
        name="consent_notice_language",
    ),
    path("consent/record", views.consent_record, name="consent_record"),
]
