"""The search page's filters. A bad value is reported and that filter ignored, never a 500."""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from dateline.articles.models import Author, SectionPage
from dateline.core.pages import SITE_ROOT_DEPTH

from .sources import Filters, all_sources


def _article_types() -> list[tuple[str, str]]:
    from dateline.articles.models import ArticleType

    return [("", "Any kind"), *ArticleType.choices]


# Outside these, time-zone arithmetic on the day's bounds can overflow (year 1, year 9999).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)


class ISODateInput(forms.DateInput):
    """A date box that never echoes a value the browser's date input cannot hold (the error
    message says what was wrong; `value="yesterday"` would be invalid HTML)."""

    input_type = "date"

    def format_value(self, value):
        formatted = super().format_value(value)
        return formatted if formatted and re.fullmatch(r"\d{4}-\d{2}-\d{2}", formatted) else None


class SearchFilterForm(forms.Form):
    section = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", empty_label="All sections"
    )
    type = forms.ChoiceField(required=False, label="Show")
    kind = forms.ChoiceField(required=False, choices=_article_types)
    author = forms.SlugField(required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(required=False, label="From", widget=ISODateInput)
    date_to = forms.DateField(required=False, label="To", widget=ISODateInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "search-%s")
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = (
            SectionPage.objects.live().filter(depth=SITE_ROOT_DEPTH + 1).order_by("path")
        )
        self.fields["type"].choices = [("", "Everything")] + [
            (source.key, source.label) for source in all_sources()
        ]

    def _clean_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day and not (EARLIEST <= day <= LATEST):
            raise forms.ValidationError(f"Choose a date between {EARLIEST.year} and {LATEST.year}.")
        return day

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        author_slug = cleaned.get("author")
        cleaned["author_obj"] = None
        if author_slug:
            cleaned["author_obj"] = Author.objects.filter(slug=author_slug).first()
            if cleaned["author_obj"] is None:
                self.add_error("author", "No such author.")
        return cleaned

    def filters(self) -> Filters:
        """The filters that validated; the others are left out (their errors are shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            section=data.get("section"),
            kind=data.get("kind") or "",
            author=data.get("author_obj"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    @property
    def chosen_type(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("type") or ""
