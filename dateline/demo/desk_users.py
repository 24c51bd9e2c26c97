"""One demo login per desk role; `dateline demo` creates them and `make run` prints them."""

from __future__ import annotations

from typing import NamedTuple

from dateline.articles.models import Author
from dateline.newsroom import services


class DeskUser(NamedTuple):
    username: str
    password: str
    group: str
    description: str
    author: str = ""  # the slug of the byline this login writes under


DESK_USERS: list[DeskUser] = [
    DeskUser(
        "reporter",
        "dateline-reporter",
        "Reporter",
        "Reporter: writes drafts (credited as Rohit Mehra), submits",
        author="rohit-mehra",
    ),
    DeskUser("copydesk", "dateline-copydesk", "Copy desk", "Copy desk: edits and approves"),
    DeskUser(
        "editor",
        "dateline-editor",
        "Editor",
        "Editor: approves, publishes, unpublishes (credited as Farah Siddiqui)",
        author="farah-siddiqui",
    ),
    DeskUser("homepage", "dateline-homepage", "Homepage editor", "Homepage editor: curation"),
    DeskUser("administrator", "dateline-administrator", "Administrator", "Administrator"),
]


def create_desk_users() -> list:
    """Create (or repair) the demo's desk logins, and link each to its byline; idempotent."""
    users = []
    for desk_user in DESK_USERS:
        user = services.create_desk_user(desk_user.username, desk_user.password, desk_user.group)
        if desk_user.author:
            # freshness: bookkeeping (the login behind a byline is not shown to readers)
            Author.objects.filter(slug=desk_user.author, user=None).update(user=user)
        users.append(user)
    return users
