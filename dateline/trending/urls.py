from django.urls import path

from . import views

urlpatterns = [
    path("beacon/view", views.beacon, name="view_beacon"),
    path("beacon/view.gif", views.pixel, name="view_pixel"),
]
