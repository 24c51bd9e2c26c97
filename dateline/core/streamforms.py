"""A StreamField whose posted structure is broken is a form error, not a 500.

Wagtail's StreamBlock reads its posted form by indexing `data["body-count"]`,
`data["body-0-type"]`... (`StreamBlock.value_from_datadict`), so a post missing one of them
(a truncated request, a script, a browser extension) raised KeyError (or ValueError for a
count that is not a number) inside the admin's form handling: 500. The admin's StreamFields
use this form field instead (Wagtail's `register_form_field_override`): the broken value
becomes a field error, the form re-renders with its message, and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import register_form_field_override
from wagtail.blocks.base import BlockField, BlockWidget
from wagtail.fields import StreamField

MALFORMED_MESSAGE = (
    "This content arrived incomplete, so nothing was saved. Reload the page and make the "
    "change again."
)


class _Malformed:
    """What the widget read from a post it could not parse."""


MALFORMED = _Malformed()


class GuardedBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError, IndexError):
            return MALFORMED


class GuardedBlockField(BlockField):
    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", GuardedBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if value is MALFORMED:
            raise ValidationError(MALFORMED_MESSAGE, code="malformed")
        return super().clean(value)

    def prepare_value(self, value):
        # The re-rendered form shows the block's empty state under the error.
        return self.block.get_default() if value is MALFORMED else value

    def has_changed(self, initial_value, data_value) -> bool:
        return data_value is MALFORMED or super().has_changed(initial_value, data_value)


register_form_field_override(StreamField, override={"form_class": GuardedBlockField})
