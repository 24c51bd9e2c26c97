"""Summariser backends: turn a story into a Short's text.

Chosen in settings, in the shape of Wagtail's frontend-cache backends::

    DATELINE_SUMMARISERS = {
        "default": {
            "BACKEND": "dateline.shorts.summarisers.extractive.ExtractiveSummariser",
            "DAMPING": 0.85,
        },
    }

Every backend subclasses `BaseSummariser`, takes the rest of its entry as `params`, reads
a `SummaryRequest` and returns a `Summary`. `get_summariser()` loads one by alias. The
default backend is extractive and offline (`extractive`); `dummy` records calls for tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from dateline.core.backends import load_backend

from ..text import SHORT_WORD_LIMIT

DEFAULT_BACKEND = "dateline.shorts.summarisers.extractive.ExtractiveSummariser"
DEFAULT_SUMMARISERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": DEFAULT_BACKEND}}


@dataclass(frozen=True)
class SummaryRequest:
    """What to summarise: a headline and the story's plain text (one paragraph a line)."""

    title: str
    text: str
    max_words: int = SHORT_WORD_LIMIT


@dataclass(frozen=True)
class Summary:
    """A summary of at most `max_words` words; `sentences` are the story's own, in order.

    `truncated` is set only when no sentence of the story fits and the first one was cut.
    """

    text: str
    sentences: tuple[str, ...] = field(default_factory=tuple)
    word_count: int = 0
    backend: str = ""
    truncated: bool = False


class BaseSummariser:
    """A summariser backend. Subclasses implement `summarise`."""

    def __init__(self, params: dict[str, Any]):
        self.params = params

    def summarise(self, request: SummaryRequest) -> Summary:
        raise NotImplementedError


def summariser_settings() -> dict[str, dict[str, Any]]:
    return getattr(settings, "DATELINE_SUMMARISERS", None) or DEFAULT_SUMMARISERS


def get_summariser(alias: str = "default") -> BaseSummariser:
    """The backend configured under `alias` in DATELINE_SUMMARISERS."""
    return load_backend(
        "DATELINE_SUMMARISERS", summariser_settings(), alias, BaseSummariser, "summariser"
    )
