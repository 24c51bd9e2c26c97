"""Test factories for sections and events: the real services, under the names tests use."""

from .services import add_event as make_event
from .services import add_section as make_section

__all__ = ["make_event", "make_section"]
