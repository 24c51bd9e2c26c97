"""What a reader typed, reduced to plain words before any search backend sees it.

Full-text engines have query languages of their own (FTS5: `"`, `*`, `NEAR(`, `AND`, column
filters `title:`; PostgreSQL's tsquery: `&`, `|`, `!`, `:*`). Readers never mean them, and
Wagtail's database backend passes terms through quoted but not fully escaped, so a stray
double quote was a database error. Keeping only runs of letters and digits makes every input
safe for every backend: the worst a hostile query can do is find nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200  # characters kept from the box; the form says so too
MAX_TERMS = 12  # more words than this add cost without changing what is found
MAX_TERM_LENGTH = 40

_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" splits words like a space
# Words of the engines' query languages: as search terms they are noise, never operators.
_OPERATOR_WORDS = {"and", "or", "not", "near"}


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what to show back to the reader (trimmed, control characters removed)
    terms: tuple[str, ...]  # lower-case words the backend searches for

    @property
    def searchable(self) -> str:
        return " ".join(self.terms)

    @property
    def normalised(self) -> str:
        """The form counted for "most searched": words in order, lower case."""
        return " ".join(self.terms)[:100]

    def __bool__(self) -> bool:
        return bool(self.terms)


def clean_query(raw: str | None) -> CleanQuery:
    """Trim, drop control characters (NUL included), keep words only."""
    text = raw or ""
    # Ranking cleans every candidate's headline (`ranking.title_bonus`), so the usual text
    # skips the per-character look-up: a printable string has no "C" character to drop
    # (`isprintable` is false for each of them), and NFKC leaves ASCII as it is.
    if not text.isprintable():
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    lowered = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).lower()
    return CleanQuery(text=text, terms=_terms(lowered))


def _terms(lowered: str) -> tuple[str, ...]:
    terms = []
    for word in _WORD.findall(lowered):
        word = word[:MAX_TERM_LENGTH]
        if word and word not in _OPERATOR_WORDS and word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return tuple(terms)
