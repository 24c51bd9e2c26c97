"""The article editing form: embargo and go-live rules checked where the editor can fix them."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from dateline.core.timefmt import news_datetime

from .rules import BYLINE_MESSAGE, embargo_message, has_byline, publication_breaks_embargo

PUBLISH_ACTION = "action-publish"
# The buttons that send a story towards readers: publish, submit for review, and an
# approval from the editor (Wagtail's workflow action posts the form with its name).
SUBMIT_ACTION = "action-submit"
WORKFLOW_ACTION = "action-workflow-action"


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "minor_edit" in self.fields:
            # The flag describes one publication; the next edit starts unticked.
            self.initial["minor_edit"] = False

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self._goes_towards_readers():
            authors = self._author_count()
            agency = cleaned_data.get("agency")
            if authors is not None and not has_byline(authors, getattr(agency, "pk", None)):
                self.add_error("agency", BYLINE_MESSAGE)
        embargo_until = cleaned_data.get("embargo_until")
        go_live_at = cleaned_data.get("go_live_at")
        if not embargo_until:
            return cleaned_data
        if go_live_at and go_live_at < embargo_until:
            self.add_error(
                "go_live_at",
                "The go-live time must not be before the embargo "
                f"({news_datetime(embargo_until)}).",
            )
        elif PUBLISH_ACTION in self.data and publication_breaks_embargo(embargo_until, go_live_at):
            self.add_error(
                "embargo_until",
                embargo_message(embargo_until)
                + " Save a draft, or set a go-live time at or after the embargo to schedule it.",
            )
        return cleaned_data

    def _goes_towards_readers(self) -> bool:
        if PUBLISH_ACTION in self.data or SUBMIT_ACTION in self.data:
            return True
        return WORKFLOW_ACTION in self.data and self.data.get("workflow-action-name") == "approve"

    def _author_count(self) -> int | None:
        """Authors in the byline as posted: filled rows not marked for deletion (None when
        the rows have errors of their own: those are shown, no second message needed)."""
        formset = self.formsets.get("article_authors")
        if formset is None:
            return 0
        if not formset.is_valid():
            return None
        return sum(
            1
            for form in formset.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        )
