"""The set-up the sending benchmarks share (`newsletter_send.py`, `push_send.py`): Django on a
throw-away SQLite database, migrated, with a home page, a World section and stories to send.

Imports of the project happen inside, after `django.setup()`: the caller imports this module
before Django is configured."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def throwaway_site(stories: int = 1) -> Iterator[list[Any]]:
    """Django set up on a new SQLite database (removed on leaving); yields `stories`
    published stories in a World section."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
        import django

        django.setup()
        from django.core.management import call_command

        from dateline.articles.factories import ArticlePageFactory
        from dateline.home.factories import make_home
        from dateline.listings.factories import make_section

        call_command("migrate", interactive=False, verbosity=0)
        world = make_section(make_home(), "World")
        yield [ArticlePageFactory(section=world, title=f"Bench story {n}") for n in range(stories)]


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
