"""The Short editing form: the 60-word limit told where the editor types, with a live count."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from .text import SHORT_WORD_LIMIT, count_words


class WordCountTextarea(forms.Textarea):
    """A textarea that shows "n / limit words" as the editor types (shorts/word_count.js)."""

    def __init__(self, limit: int = SHORT_WORD_LIMIT, attrs: dict | None = None):
        super().__init__(attrs={"rows": 5, **(attrs or {}), "data-word-limit": str(limit)})

    class Media:
        js = ["shorts/word_count.js"]
        css = {"all": ["shorts/word_count.css"]}


def word_limit_error(words: int, limit: int = SHORT_WORD_LIMIT) -> str:
    return f"A Short has at most {limit} words; this one has {words}. Cut {words - limit}."


class ShortPageForm(WagtailAdminPageForm):
    def clean_body(self) -> str:
        body = " ".join(self.cleaned_data.get("body", "").split())
        words = count_words(body)
        if words > SHORT_WORD_LIMIT:
            raise forms.ValidationError(word_limit_error(words), code="too_many_words")
        return body
