"""Plain-text helpers for shorts: counting words the way editors do, splitting sentences.

One definition of "a word" (a run of non-space characters with a letter or digit) serves
the model, the admin form, the summarisers and the editor's live counter
(static/shorts/word_count.js counts the same way).
"""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import strip_tags

SHORT_WORD_LIMIT = 60

# Words before a full stop that do not end a sentence ("Dr. Rao", "the U.S. said", "No. 3").
_ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof st jr sr no nos vs etc e.g i.e inc ltd co corp gov govt sen rep "
    "gen col lt sgt capt cmdr adm maj rev hon fig approx dept est jan feb mar apr jun jul "
    "aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.u rs mt ft km kg "
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
# A candidate boundary: end punctuation, optional closing quotes or brackets, then space.
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+")
# What a new sentence starts with: a capital, a digit or an opening quote.
_SENTENCE_START = re.compile(r"[\"'“‘(\[]?[A-Z0-9]")


def count_words(text: str) -> int:
    """Words in `text`: runs of non-space characters holding a letter or digit (a lone dash
    is not a word). The editor's live counter counts the same way."""
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def html_to_text(html: str) -> str:
    """Visible text of a rich-text fragment, one paragraph per line."""
    # Line breaks inside a paragraph are the source's wrapping (agency XML wraps at 80
    # columns), not sentence ends: only a block's end starts a new line.
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"(?i)</(p|h[1-6]|li|blockquote)>", "\n", html)
    text = unescape(strip_tags(html))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the punctuation just before `end` closes a sentence (not "Dr." or "U.S.")."""
    before = text[:end].rstrip(" \t\"'”’)]")
    if not before.endswith("."):
        return True
    word = before[:-1].rsplit(None, 1)[-1].lower() if before[:-1].split() else ""
    word = word.lstrip("\"'“‘([")
    if word in ABBREVIATIONS:
        return False
    # A single letter is an initial ("A. K. Sharma").
    return not (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order; a line break always ends one."""
    sentences: list[str] = []
    for paragraph in text.splitlines():
        paragraph = " ".join(paragraph.split())
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            following = paragraph[match.end() :]
            if _SENTENCE_START.match(following) and _ends_sentence(paragraph, match.end()):
                sentences.append(paragraph[start : match.end()].strip())
                start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences
