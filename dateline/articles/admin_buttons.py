"""Buttons other apps add to a story's admin pages ("Send alert", "Draft a Short")."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.urls import reverse
from wagtail.admin.widgets import Button


def story_button(
    page,
    label: str,
    url_name: str,
    *,
    allowed: Callable[[], bool],
    icon: str,
    priority: int,
    title: str,
) -> Iterator[Button]:
    """A button to `url_name` (given the page's id) on stories only, when `allowed()`.

    The page's type is checked first, from its content type: other pages cost no query."""
    if page.specific_class is None or page.specific_class._meta.label != "articles.ArticlePage":
        return
    if allowed():
        yield Button(
            label,
            reverse(url_name, args=[page.pk]),
            icon_name=icon,
            priority=priority,
            attrs={"title": title},
        )
