"""The default summariser: extractive, offline, pure Python.

Sentences are ranked by centrality, TextRank-style: each sentence is a node, edges are
weighted by shared content words (normalised by the sentences' lengths), and a PageRank
walk finds the sentences the rest of the story keeps coming back to. The walk's restart
distribution favours the opening and sentences sharing words with the headline, since a
news story puts its point first. No model, no download, no numpy.
"""

from __future__ import annotations

import math
import re

from ..text import split_sentences
from . import BaseSummariser, Summary, SummaryRequest
from .selection import fill_budget

_STOPWORDS_TEXT = (
    "a about above after again against all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during each "
    "few for from further had has have having he her here hers herself him himself his "
    "how i if in into is it its itself just me more most my myself no nor not now of off "
    "on once only or other our ours ourselves out over own said same say says she should "
    "so some such than that the their theirs them themselves then there these they this "
    "those through to too under until up very was we were what when where which while who "
    "whom why will with would you your yours yourself yourselves one two three new year "
    "years week last told "
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def content_words(sentence: str) -> set[str]:
    """Lower-cased words without stopwords, crudely singularised ("banks" ~ "bank")."""
    words = set()
    for word in _WORD.findall(sentence.lower()):
        word = word.strip("'’-")
        if len(word) < 3 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


def similarity(a: set[str], b: set[str]) -> float:
    """Shared words over the log of the lengths (TextRank's sentence similarity)."""
    if len(a) < 2 or len(b) < 2:
        return 0.0
    shared = len(a & b)
    return shared / (math.log(len(a)) + math.log(len(b))) if shared else 0.0


def rank(
    sentences: list[str],
    title: str = "",
    *,
    damping: float = 0.85,
    lead_weight: float = 1.0,
    title_weight: float = 1.0,
    iterations: int = 100,
    tolerance: float = 1e-6,
) -> list[int]:
    """Sentence indexes, most central first (ties: earlier first)."""
    count = len(sentences)
    if count == 0:
        return []
    words = [content_words(s) for s in sentences]
    weights = [[similarity(words[i], words[j]) if i != j else 0.0 for j in range(count)]
               for i in range(count)]  # fmt: skip
    out_weight = [sum(row) for row in weights]
    title_words = content_words(title)
    prior = [
        1.0
        + lead_weight / (position + 1)
        + title_weight * (len(words[position] & title_words) / (len(title_words) or 1))
        for position in range(count)
    ]
    total = sum(prior)
    prior = [p / total for p in prior]
    scores = prior[:]
    for _ in range(iterations):
        new = []
        for i in range(count):
            incoming = sum(
                weights[j][i] / out_weight[j] * scores[j]
                for j in range(count)
                if weights[j][i] and out_weight[j]
            )
            # A sentence sharing nothing with the others keeps only its restart share.
            dangling = sum(scores[j] for j in range(count) if not out_weight[j])
            new.append((1 - damping) * prior[i] + damping * (incoming + dangling * prior[i]))
        delta = sum(abs(a - b) for a, b in zip(new, scores, strict=True))
        scores = new
        if delta < tolerance:
            break
    return sorted(range(count), key=lambda i: (-scores[i], i))


class ExtractiveSummariser(BaseSummariser):
    """Params (all optional): DAMPING (0.85), LEAD_WEIGHT (1.0), TITLE_WEIGHT (1.0)."""

    name = "extractive"

    def summarise(self, request: SummaryRequest) -> Summary:
        sentences = split_sentences(request.text)
        ranking = rank(
            sentences,
            request.title,
            damping=float(self.params.get("DAMPING", 0.85)),
            lead_weight=float(self.params.get("LEAD_WEIGHT", 1.0)),
            title_weight=float(self.params.get("TITLE_WEIGHT", 1.0)),
        )
        return fill_budget(sentences, ranking, request.max_words, self.name)
