"""A summariser for tests: takes the opening sentences that fit and records every call."""

from __future__ import annotations

from typing import ClassVar

from ..text import split_sentences
from . import BaseSummariser, Summary, SummaryRequest
from .selection import fill_budget


class DummySummariser(BaseSummariser):
    name = "dummy"
    calls: ClassVar[list[SummaryRequest]] = []  # every request, oldest first; tests clear it

    def summarise(self, request: SummaryRequest) -> Summary:
        type(self).calls.append(request)
        sentences = split_sentences(request.text)
        return fill_budget(sentences, range(len(sentences)), request.max_words, self.name)
