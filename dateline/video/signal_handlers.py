"""Listen to Wagtail; each handler hands over to a service."""

from wagtail.signals import page_published, page_unpublished

from . import services
from .models import EpisodePage, ShowPage


def on_episode_changed(sender, instance: EpisodePage, **kwargs) -> None:
    services.episode_changed(instance)


def on_show_changed(sender, instance: ShowPage, **kwargs) -> None:
    services.show_changed(instance)


for _name, _signal in [("published", page_published), ("unpublished", page_unpublished)]:
    _signal.connect(on_episode_changed, sender=EpisodePage, dispatch_uid=f"video-episode-{_name}")
    _signal.connect(on_show_changed, sender=ShowPage, dispatch_uid=f"video-show-{_name}")
