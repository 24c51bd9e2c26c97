"""The front page's lists for one render, split along the page's fragments.

The home page is cached as fragments (templates/home/home_page.html): the top (top stories
and latest news) and the rest (the strips and the section blocks). A story's change must
rebuild only the fragment that shows its card, so each fragment loads its own cards (their
keys are recorded in that fragment), while which story goes where (the front page shows no
story twice) is worked out once per render from ids alone and recorded again in every
fragment that uses it (`FrontPage.ids`): each fragment depends on the whole placement, and
on its own cards only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dateline.articles.models import ArticlePage
from dateline.articles.models.queryset import LISTING_ORDER, prefetch_cards
from dateline.caching.dependencies import listing_key, record, remembered

if TYPE_CHECKING:
    from .models import HomePage


class FrontPage:
    """One render's front page: each value is computed once, and the keys it recorded are
    recorded again wherever it is used again (a later fragment of the same render)."""

    def __init__(self, home: HomePage) -> None:
        self.home = home
        self._memo: dict[str, tuple[Any, frozenset[str]]] = {}

    def _remembered(self, name: str, build: Callable[[], Any]) -> Any:
        return remembered(self._memo, name, build)

    def ids(self) -> dict:
        """Which story goes where, as ids: top stories, latest news, each section block.

        Each listing asks only for its stories' ids, in its order (a one-column query costs
        about half of a card query to compile and run). The top-up of the picks and the
        latest news are one list (the newest stories that are not picks: the first fill the
        top, the next are the latest)."""
        return self._remembered("ids", self._ids)

    def _ids(self) -> dict:
        home = self.home
        record(listing_key("articles"))  # the latest news, and top stories topped up from it
        published = ArticlePage.objects.published()
        curated_ids = home.curated_story_ids()
        live_picks = set(published.filter(pk__in=curated_ids).values_list("pk", flat=True))
        top_ids = [pk for pk in curated_ids if pk in live_picks][: home.top_stories_count]
        missing = max(home.top_stories_count - len(top_ids), 0)
        newest = list(
            published.exclude(pk__in=top_ids)
            .order_by(*LISTING_ORDER)
            .values_list("pk", flat=True)[: missing + home.latest_count]
        )
        top_ids += newest[:missing]
        latest_ids = newest[missing:]
        shown = {*top_ids, *latest_ids}
        block_ids = []
        for block in home.section_blocks.select_related("section").order_by("sort_order"):
            section = block.section  # records its key as it loads; its stories their listing
            if not section.live:
                continue
            ids = list(
                published.in_section(section)
                .exclude(pk__in=shown)
                .order_by(*LISTING_ORDER)
                .values_list("pk", flat=True)[: home.section_block_size]
            )
            if ids:
                shown.update(ids)
                block_ids.append((section, ids))
        return {"top": top_ids, "latest": latest_ids, "blocks": block_ids, "shown": shown}

    @staticmethod
    def _cards(ids: list[int], *, section: bool) -> dict[int, ArticlePage]:
        """The cards of these stories in one query, their pictures and bylines in one
        prefetch (a story unpublished since the ids were read is left out). `section`:
        whether a card shows its section's name (the top stories do)."""
        published = ArticlePage.objects.published()
        cards = {
            story.pk: story for story in published.filter(pk__in=ids).for_cards(section=section)
        }
        prefetch_cards(cards.values())
        return cards

    def top(self) -> dict:
        """Top stories (the first is the lead) and latest news, with their cards."""
        return self._remembered("top", self._top)

    def _top(self) -> dict:
        ids = self.ids()
        cards = self._cards([*ids["top"], *ids["latest"]], section=True)
        top = [cards[pk] for pk in ids["top"] if pk in cards]
        return {
            "top_stories": top,
            "lead": top[0] if top else None,
            "latest_stories": [cards[pk] for pk in ids["latest"] if pk in cards],
        }

    def section_blocks(self) -> list[dict]:
        """Each section block: its section and its stories' cards."""
        return self._remembered("blocks", self._section_blocks)

    def _section_blocks(self) -> list[dict]:
        blocks = self.ids()["blocks"]
        cards = self._cards([pk for _section, ids in blocks for pk in ids], section=False)
        return [
            {"section": section, "stories": stories}
            for section, ids in blocks
            if (stories := [cards[pk] for pk in ids if pk in cards])
        ]

    def shown(self) -> set[int]:
        """Every story the lists show: other blocks (Shorts) leave them out."""
        return self.ids()["shown"]
