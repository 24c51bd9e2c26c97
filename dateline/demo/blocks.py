"""StreamField blocks as Wagtail stores them, for the demo's pages, stories and menus."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.html import escape


def paragraph(text: str) -> str:
    """A paragraph block's rich text for plain `text`."""
    return f"<p>{escape(text)}</p>"


def raw_block(block_type: str, value: Any, key: str, index: int) -> dict:
    """A StreamField block in Wagtail's stored JSON form, with an id stable across runs."""
    block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"dateline-demo/{key}/{index}"))
    return {"type": block_type, "value": value, "id": block_id}
