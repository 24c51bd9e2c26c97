"""Nobody manages an account that can do more than they can.

Wagtail lets anyone with the user model's change permission edit any user, so the
Administrator role (everything but superuser) could reset a superuser's password and sign in
as them. `outranks()` is the rule the admin hooks (`core.wagtail_hooks`) enforce on the user
edit, delete and bulk-action views.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from wagtail.models import GroupCollectionPermission, GroupPagePermission


def _page_grants(user) -> set[tuple[int, int]]:
    return set(
        GroupPagePermission.objects.filter(group__user=user).values_list("page_id", "permission_id")
    )


def _collection_grants(user) -> set[tuple[int, int]]:
    return set(
        GroupCollectionPermission.objects.filter(group__user=user).values_list(
            "collection_id", "permission_id"
        )
    )


def outranks(target: AbstractBaseUser, actor: AbstractBaseUser) -> bool:
    """True when `target` holds any right `actor` lacks (superuser status, a model permission,
    or a page or collection permission)."""
    if actor.is_superuser or target.pk == actor.pk:
        return False
    if target.is_superuser:
        return True
    if not target.get_all_permissions() <= actor.get_all_permissions():
        return True
    return not (
        _page_grants(target) <= _page_grants(actor)
        and _collection_grants(target) <= _collection_grants(actor)
    )
