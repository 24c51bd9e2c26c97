""" "Did you mean": misspelled topic and people names corrected from the site's own vocabulary.

The vocabulary is the names of topics (tags on published stories) and of authors, cached for
a few minutes: a few thousand short strings, so difflib's ratio over them costs milliseconds
and needs no database extension (pg_trgm would do the same on PostgreSQL only).
"""

from __future__ import annotations

import difflib

from django.core.cache import cache

from dateline.articles.models import Author

from .query import CleanQuery, clean_query

VOCABULARY_CACHE_KEY = "dateline:search:vocabulary"
VOCABULARY_TTL = 10 * 60
WHOLE_NAME_CUTOFF = 0.75
WORD_CUTOFF = 0.75
MIN_WORD_LENGTH = 4  # "us" vs "uk": too short to correct with confidence


def vocabulary() -> dict[str, str]:
    """{normalised name: display name} of topics and people."""
    names = cache.get(VOCABULARY_CACHE_KEY)
    if names is None:
        from taggit.models import Tag

        tags = Tag.objects.filter(articles_articlepagetag_items__isnull=False).distinct()
        names = {}
        for name in [
            *tags.values_list("name", flat=True),
            *Author.objects.values_list("name", flat=True),
        ]:
            key = clean_query(name).normalised
            if key:
                names.setdefault(key, name)
        cache.set(VOCABULARY_CACHE_KEY, names, VOCABULARY_TTL)
    return names


def did_you_mean(query: CleanQuery) -> str:
    """A corrected query, or "" when the query already reads as known names or no
    correction is close enough."""
    names = vocabulary()
    if not query or query.normalised in names:
        return ""
    close = difflib.get_close_matches(query.normalised, list(names), n=1, cutoff=WHOLE_NAME_CUTOFF)
    if close:
        return names[close[0]]
    # Word by word: "narendra modi electon" -> "narendra modi election" needs each word known.
    words = {word for name in names for word in name.split()}
    corrected, changed = [], False
    for term in query.terms:
        if term in words or len(term) < MIN_WORD_LENGTH or term.isdigit():
            corrected.append(term)
            continue
        match = difflib.get_close_matches(term, words, n=1, cutoff=WORD_CUTOFF)
        if match:
            corrected.append(match[0])
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""
