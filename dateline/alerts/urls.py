from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("options/", views.options, name="options"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
