"""Nobody manages an account that can do more than they can, nor grants a right they lack.

Wagtail lets anyone with the user model's change permission edit any user, and anyone with
the group model's permissions build any group, so the Administrator role (everything but
superuser) could reset a superuser's password, make a superuser, or put themselves in a
group holding rights they lack. `Rights` is what a user or a group can do; the admin
(`accounts.users`, `core.wagtail_hooks`) refuses any change after which a user or group holds a
right beyond the acting user's, as the acting user stood before the change.

A page or collection permission held on a page covers the same permission on every page
below it (Wagtail's own rule), so a role granted on the root may grant it on a section.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.db.models import Q
from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission

Grant = tuple[str, int]  # (tree path of the page or collection, permission id)


@dataclass(frozen=True)
class Rights:
    superuser: bool = False
    staff: bool = False
    permissions: frozenset[int] = frozenset()
    page_grants: frozenset[Grant] = frozenset()
    collection_grants: frozenset[Grant] = frozenset()
    site_grants: frozenset[tuple[int, int]] = frozenset()  # (site id, permission id): settings

    @classmethod
    def of_user(cls, user: AbstractBaseUser) -> Rights:
        """Everything the account holds, whether or not it is active (activating it again
        would give it all back)."""
        if user.pk is None:
            return cls(superuser=user.is_superuser, staff=getattr(user, "is_staff", False))
        groups = Q(group__user=user)
        return cls(
            superuser=user.is_superuser,
            staff=getattr(user, "is_staff", False),
            permissions=frozenset(
                Permission.objects.filter(Q(user=user) | groups).values_list("pk", flat=True)
            ),
            page_grants=_grants(GroupPagePermission, "page", groups),
            collection_grants=_grants(GroupCollectionPermission, "collection", groups),
            site_grants=_site_grants(groups),
        )

    @classmethod
    def of_group(cls, group: Group) -> Rights:
        if group.pk is None:
            return cls()
        in_group = Q(group=group)
        return cls(
            permissions=frozenset(group.permissions.values_list("pk", flat=True)),
            page_grants=_grants(GroupPagePermission, "page", in_group),
            collection_grants=_grants(GroupCollectionPermission, "collection", in_group),
            site_grants=_site_grants(in_group),
        )

    def beyond(self, holder: Rights) -> list[str]:
        """What these rights include that `holder` lacks, in words (empty: none)."""
        if holder.superuser:
            return []
        excess = []
        if self.superuser:
            excess.append("superuser (Administrator) status")
        if self.staff and not holder.staff:
            excess.append("staff status")
        missing = self.permissions - holder.permissions
        if missing:
            excess += [f"“{p.name}”" for p in Permission.objects.filter(pk__in=missing)]
        excess += _uncovered(self.page_grants, holder.page_grants, "page")
        excess += _uncovered(self.collection_grants, holder.collection_grants, "collection")
        missing_sites = self.site_grants - holder.site_grants
        if missing_sites:
            names = dict(
                Permission.objects.filter(pk__in={p for _, p in missing_sites}).values_list(
                    "pk", "name"
                )
            )
            excess += sorted({f"“{names[p]}” for a site" for _, p in missing_sites})
        return excess

    def within(self, holder: Rights) -> bool:
        return not self.beyond(holder)


def _grants(model, tree_field: str, who: Q) -> frozenset[Grant]:
    return frozenset(model.objects.filter(who).values_list(f"{tree_field}__path", "permission_id"))


def _site_grants(who: Q) -> frozenset[tuple[int, int]]:
    return frozenset(
        GroupSitePermission.objects.filter(who).values_list("site_id", "permission_id")
    )


def _uncovered(grants: frozenset[Grant], held: frozenset[Grant], kind: str) -> list[str]:
    """Grants not covered by one held on the same node or above it."""
    uncovered = [
        (path, permission)
        for path, permission in grants
        if not any(p == permission and path.startswith(held_path) for held_path, p in held)
    ]
    if not uncovered:
        return []
    names = dict(
        Permission.objects.filter(pk__in={p for _, p in uncovered}).values_list("pk", "name")
    )
    return sorted({f"“{names[p]}” on a {kind} you do not hold it on" for _, p in uncovered})


def outranks(target: AbstractBaseUser, actor: AbstractBaseUser) -> bool:
    """True when `target` holds any right `actor` lacks (superuser or staff status, a model
    permission, or a page or collection permission). Nobody outranks themselves: what a
    user may give themselves is checked on the change (`Rights.beyond`)."""
    if actor.is_superuser or target.pk == actor.pk:
        return False
    return not Rights.of_user(target).within(Rights.of_user(actor))


def group_outranks(group: Group, actor: AbstractBaseUser) -> bool:
    """True when the group holds a right `actor` lacks: they may not edit or delete it."""
    if actor.is_superuser:
        return False
    return not Rights.of_group(group).within(Rights.of_user(actor))


def grantable_groups(actor: AbstractBaseUser) -> list[int]:
    """Ids of the groups whose rights `actor` holds (all of them for a superuser)."""
    groups = list(Group.objects.all())
    if actor.is_superuser:
        return [group.pk for group in groups]
    held = Rights.of_user(actor)
    return [group.pk for group in groups if Rights.of_group(group).within(held)]
