"""Periodic work of live coverage (settings.DATELINE_PERIODIC_JOBS)."""

from __future__ import annotations

from . import services


def end_silent_blogs() -> None:
    """Each scheduler pass: live blogs silent past their limit end (readers already see
    them as ended from that moment: `LiveBlogPage.status_now`)."""
    services.end_silent_blogs()
