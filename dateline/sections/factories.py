from wagtail.models import Page

from .models import EventPage, SectionPage


def make_section(parent: Page, title: str, slug: str | None = None, **kwargs) -> SectionPage:
    section = SectionPage(title=title, slug=slug or title.lower().replace(" ", "-"), **kwargs)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def make_event(parent: Page, title: str, **kwargs) -> EventPage:
    event = EventPage(title=title, **kwargs)
    parent.add_child(instance=event)
    event.save_revision().publish()
    return event
