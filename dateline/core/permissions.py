"""Who may touch a newsroom page: Wagtail's page permissions, gated by a desk permission.

Page permissions granted on a tree reach every page below it, so a curation-only role (the
Homepage editor, whose permissions sit on the root) would also reach sections, events,
standard pages and stories. Those pages therefore also require the Django permission that
every desk role has and curation roles lack. The home page itself is not gated.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

# Named by string: core imports no other app.
DESK_PERMISSION = "articles.change_articlepage"


class DeskPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.is_desk_member = user.is_active and user.has_perm(DESK_PERMISSION)

    def can_edit(self) -> bool:
        return self.is_desk_member and super().can_edit()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return self.is_desk_member and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self) -> bool:
        return self.is_desk_member and super().can_unpublish()

    def can_publish(self) -> bool:
        return self.is_desk_member and super().can_publish()

    def can_lock(self) -> bool:
        return self.is_desk_member and super().can_lock()

    def can_unlock(self) -> bool:
        return self.is_desk_member and super().can_unlock()

    def can_move(self) -> bool:
        return self.is_desk_member and super().can_move()

    def can_copy(self) -> bool:
        return self.is_desk_member and super().can_copy()

    def can_add_subpage(self) -> bool:
        return self.is_desk_member and super().can_add_subpage()


class DeskPermissionsMixin:
    """For page models only the desk may edit (everything but the home page)."""

    def permissions_for_user(self, user) -> DeskPagePermissionTester:
        return DeskPagePermissionTester(user, self)
