from django.urls import re_path

from . import views

# Ids bounded in length: int() of a 5,000-digit number raises (a 500, not a 404).
urlpatterns = [
    re_path(
        r"^live/(?P<page_id>\d{1,18})/updates/(?P<bucket>\d{1,12})/$",
        views.updates,
        name="live_updates",
    ),
]
