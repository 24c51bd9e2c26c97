"""The demo's logins. Whoever adds a demo user appends it here, and `dateline demo
--print-logins` shows it (only if that user exists in the database)."""

from typing import NamedTuple

from .desk_users import DESK_USERS


class DemoLogin(NamedTuple):
    username: str
    password: str
    description: str


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("admin", "dateline-admin", "Superuser: everything in the admin"),
]

# The newsroom's desk roles (dateline.demo.desk_users creates these users).
DEMO_LOGINS += [DemoLogin(user.username, user.password, user.description) for user in DESK_USERS]
