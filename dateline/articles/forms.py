"""The article editing form: embargo and go-live rules checked where the editor can fix them."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from dateline.core.timefmt import news_datetime

from .rules import embargo_message, publication_breaks_embargo

PUBLISH_ACTION = "action-publish"


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "minor_edit" in self.fields:
            # The flag describes one publication; the next edit starts unticked.
            self.initial["minor_edit"] = False

    def clean(self) -> dict:
        cleaned_data = super().clean()
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
