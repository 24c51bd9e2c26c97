"""Picking whole sentences to fill a word budget: shared by every extractive backend."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import count_words
from . import Summary


def fill_budget(
    sentences: Sequence[str], ranking: Sequence[int], max_words: int, backend: str
) -> Summary:
    """The best-ranked sentences that fit in `max_words`, shown in story order.

    Walks `ranking` (sentence indexes, best first) and keeps each sentence that still fits.
    When not even one sentence fits, the first is cut at `max_words` (flagged `truncated`).
    """
    if not sentences or max_words <= 0:
        return Summary(text="", backend=backend)
    chosen: list[int] = []
    used = 0
    for index in ranking:
        words = count_words(sentences[index])
        if used + words <= max_words:
            chosen.append(index)
            used += words
        if max_words - used < 3:  # no sentence is that short
            break
    if not chosen:
        words = sentences[0].split()[: max_words - 1]
        text = " ".join(words).rstrip(",;:") + " …"
        return Summary(text, (text,), count_words(text), backend, truncated=True)
    picked = tuple(sentences[i] for i in sorted(chosen))
    text = " ".join(picked)
    return Summary(text, picked, count_words(text), backend)
