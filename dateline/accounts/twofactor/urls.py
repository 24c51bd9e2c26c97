from django.urls import path

from . import views

# Under /admin/ (core.wagtail_hooks registers them), behind Wagtail's admin-access check.
urlpatterns = [
    path("two-factor/", views.status, name="dateline_2fa_status"),
    path("two-factor/verify/", views.verify, name="dateline_2fa_verify"),
    path("two-factor/setup/", views.setup, name="dateline_2fa_setup"),
    path("two-factor/backup-codes/", views.backup_codes, name="dateline_2fa_backup_codes"),
    path("two-factor/disable/", views.disable, name="dateline_2fa_disable"),
    path("two-factor/reset/<int:user_id>/", views.reset_user, name="dateline_2fa_reset_user"),
]
