"""Moving a model to another app without touching its table: the migration operation that
relabels its content type in place.

Wagtail's pages, revisions, log entries, permissions and search index rows name their type by
content type id, so the one row is relabelled (not made anew) and every reference follows it.
Used by the state-only moves (SeparateDatabaseAndState) of the restructuring (issue 20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import migrations


def _relabel(from_label: str, to_label: str, models: tuple[str, ...]) -> Callable:
    def run(apps, schema_editor) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        page = apps.get_model("wagtailcore", "Page")
        db = schema_editor.connection.alias
        types = content_type.objects.using(db)
        for model in models:
            old = types.filter(app_label=from_label, model=model).first()
            if old is None:
                continue  # a new database: post_migrate makes the row with its new label
            new = types.filter(app_label=to_label, model=model).first()
            if new is not None:
                # Made by a post_migrate that ran in between (a partial migrate): unused unless
                # pages were made with it, and then the two cannot be merged blindly.
                if page.objects.using(db).filter(content_type=new).exists():
                    raise RuntimeError(
                        f"Both {from_label}.{model} and {to_label}.{model} content types "
                        "have pages; merge them by hand before migrating."
                    )
                new.delete()
            old.app_label = to_label
            old.save(update_fields=["app_label"])

    return run


def relabel_content_types(from_label: str, to_label: str, models: Iterable[str]):
    """A RunPython that moves the content types of `models` (lower-case model names) from
    `from_label` to `to_label`, and back when the migration is reversed."""
    names = tuple(models)
    return migrations.RunPython(
        _relabel(from_label, to_label, names), _relabel(to_label, from_label, names)
    )
