from django.apps import AppConfig
from django.db.models.signals import post_migrate


def give_administrators_every_permission(sender, using="default", **kwargs) -> None:
    """The Administrator role has every model permission there is, including those of apps
    installed after the role was made (its migration could only grant what existed then)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="Administrator").first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).all())


class NewsroomConfig(AppConfig):
    """Roles, the approval workflow, the scheduler, the breaking banner and 410 Gone."""

    name = "dateline.newsroom"
    label = "newsroom"

    def ready(self) -> None:
        post_migrate.connect(
            give_administrators_every_permission, dispatch_uid="dateline-administrator-perms"
        )
