"""Stories follow the desk gate every newsroom page has (see dateline.core.permissions)."""

from dateline.core.permissions import DeskPagePermissionTester as ArticlePermissionTester

__all__ = ["ArticlePermissionTester"]
