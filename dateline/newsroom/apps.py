from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


def give_administrators_every_permission(sender, using="default", **kwargs) -> None:
    """The Administrator role has every model permission there is, including those of apps
    installed after the role was made (its migration could only grant what existed then)."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name="Administrator").first()
    if group is not None:
        group.permissions.add(*Permission.objects.using(using).all())


def redirects_changed(sender, **kwargs) -> None:
    """A redirect added, changed or removed: cached 404-path answers (301, 410) go. Kept
    here until invalidation by construction covers the Redirect model's coarse key."""
    from dateline.caching.dependencies import invalidate

    from .middleware import REDIRECTS_KEY

    invalidate(REDIRECTS_KEY)


class NewsroomConfig(AppConfig):
    """Roles, the approval workflow, the scheduler, the breaking banner and 410 Gone."""

    name = "dateline.newsroom"
    label = "newsroom"

    def ready(self) -> None:
        post_migrate.connect(
            give_administrators_every_permission, dispatch_uid="dateline-administrator-perms"
        )
        from wagtail.contrib.redirects.models import Redirect

        for signal in (post_save, post_delete):
            signal.connect(
                redirects_changed, sender=Redirect, dispatch_uid=f"dateline-redirects-{id(signal)}"
            )
