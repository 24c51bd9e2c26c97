"""One demo login per desk role; `dateline demo` creates them and `make run` prints them."""

from __future__ import annotations

from typing import NamedTuple

from dateline.newsroom import services


class DeskUser(NamedTuple):
    username: str
    password: str
    group: str
    description: str


DESK_USERS: list[DeskUser] = [
    DeskUser("reporter", "dateline-reporter", "Reporter", "Reporter: writes drafts, submits"),
    DeskUser("copydesk", "dateline-copydesk", "Copy desk", "Copy desk: edits and approves"),
    DeskUser("editor", "dateline-editor", "Editor", "Editor: approves, publishes, unpublishes"),
    DeskUser("homepage", "dateline-homepage", "Homepage editor", "Homepage editor: curation"),
    DeskUser("administrator", "dateline-administrator", "Administrator", "Administrator"),
]


def create_desk_users() -> list:
    """Create (or repair) the demo's desk logins; idempotent."""
    return [
        services.create_desk_user(user.username, user.password, user.group) for user in DESK_USERS
    ]
