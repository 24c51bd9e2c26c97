"""The story writers for many stories at once, under `articles.services` (which wraps them
with the publication rules, the month buckets and the purge):

- `filing`: new stories left exactly as the admin's create-and-publish leaves them, each
  table written once per batch (`services.file_articles`: a wire poll)
- `loading`: many live stories written table by table, by COPY on PostgreSQL, without the
  history and signals nobody needs at that scale (`services.load_stories`: `dateline generate`)
- `tables`: bulk writes of rows (COPY or multi-row INSERTs) with ids reserved ahead
- `indexes`: the story tables' indexes dropped for a large load and always rebuilt
- `search_rows`: search index entries for loaded stories
"""

from __future__ import annotations

from django_tasks import task

from ..models import ArticlePage
from .filing import (
    Filing,
    insert_child_rows,
    insert_log_entries,
    insert_pages,
    insert_references,
    insert_revisions,
    pin_child_rows,
)
from .indexes import DEFER_INDEXES_FROM
from .loading import Loaded, NewStory, load_stories

__all__ = [
    "DEFER_INDEXES_FROM",
    "Filing",
    "Loaded",
    "NewStory",
    "index_stories",
    "insert_child_rows",
    "insert_log_entries",
    "insert_pages",
    "insert_references",
    "insert_revisions",
    "load_stories",
    "pin_child_rows",
]


# Defined here, not in `filing`: a task is found by its module path, and queued ones name
# `dateline.articles.bulk.index_stories`.
@task()
def index_stories(ids: list[int]) -> None:
    """Add or update these stories in every search backend, in one bulk call each (the
    worker's job, as it is for a page saved in the admin)."""
    from modelsearch.index import get_indexed_models
    from wagtail.search.backends import get_search_backends_with_name

    if ArticlePage not in get_indexed_models():
        return
    stories = list(ArticlePage.get_indexed_objects().filter(pk__in=ids))
    if not stories:
        return
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.add_bulk(ArticlePage, stories)
