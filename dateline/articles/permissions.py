"""Who may touch a story: Wagtail's page permissions, gated by the Django model permission."""

from __future__ import annotations

from wagtail.models import PagePermissionTester


class ArticlePermissionTester(PagePermissionTester):
    """Page permissions on a tree reach every page below it; a curation role (permission on
    the home page) must still not edit stories. So a user also needs Django's model
    permission `articles.change_articlepage` (the desk roles have it) to act on a story."""

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.is_desk_member = user.is_active and user.has_perm("articles.change_articlepage")

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
