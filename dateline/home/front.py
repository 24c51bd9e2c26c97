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

from django.db import connections

from dateline.articles.models import ArticlePage
from dateline.articles.models.queryset import LISTING_ORDER, prefetch_cards
from dateline.caching.cachestore import fragment_entry, is_cached
from dateline.caching.dependencies import apart, key_for, listing_key, record, remembered

if TYPE_CHECKING:
    from .models import HomePage


# The fragment of templates/home/home_page.html that shows the section blocks.
REST_FRAGMENT = "home-rest"

_SECTION = object()  # where a block query's SQL takes its section's id


def _capture(captured: list) -> Callable:
    """A database execute wrapper noting each statement and its parameters."""

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    return capture


def _card_instance_keys(story: ArticlePage) -> set[str]:
    """The keys the rows of one card record as they load: the story, its agency, section,
    picture and bylines (`card_keys`), and its byline links."""
    return {*story.card_keys(), *(key_for(link) for link in story.article_authors.all())}


def _overlap(section, other) -> bool:
    """Whether two block sections can show the same story: the same section, or one holds
    the other (a story's section and its top-level section)."""
    return section.path.startswith(other.path) or other.path.startswith(section.path)


class FrontPage:
    """One render's front page: each value is computed once, and the keys it recorded are
    recorded again wherever it is used again (a later fragment of the same render)."""

    def __init__(self, home: HomePage) -> None:
        self.home = home
        self._memo: dict[str, tuple[Any, frozenset[str]]] = {}
        self._rest_cards: tuple[dict[int, ArticlePage], set[str]] | None = None

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
        sections = []
        for block in home.section_blocks.select_related("section").order_by("sort_order"):
            if block.section.live:  # the section records its key as it loads
                sections.append(block.section)
        candidates = self._block_candidates(published.exclude(pk__in=shown), sections)
        block_ids = []
        for section in sections:
            ids = [pk for pk in candidates[section.pk] if pk not in shown]
            ids = ids[: home.section_block_size]
            if ids:
                shown.update(ids)
                block_ids.append((section, ids))
        return {"top": top_ids, "latest": latest_ids, "blocks": block_ids, "shown": shown}

    def _block_candidates(self, stories, sections: list) -> dict[int, list[int]]:
        """Each block section's newest story ids, newest first (`stories`: the published
        ones not shown above the blocks), enough of them that leaving out the stories of the
        blocks above still fills the block (`_ids`).

        A block leaves out at most `section_block_size` stories of each block that can share
        its stories (the same section, or a top-level section and one of its sub-sections),
        so it reads that many more rows for each. Every block's query is the same statement
        but for the section's id: the first of each kind (top-level sections match by
        `top_section`, sub-sections by `section`: `in_section`) is built and run by the
        ORM, recording what it depends on; the others run its SQL again with their own id
        and record their listing's key (a statement costs about ten times more to compile
        than to run, and a front page has about eight blocks). Each stays a LIMITed index
        scan, which one ROW_NUMBER() query over all the sections' stories would not be."""
        size = self.home.section_block_size
        wanted = {s.pk: size * sum(1 for other in sections if _overlap(s, other)) for s in sections}
        limit = max(wanted.values(), default=0)
        statements: dict[bool, tuple[Any, str, list]] = {}
        candidates: dict[int, list[int]] = {}
        for section in sections:
            top_level = section.depth <= section.TOP_LEVEL_DEPTH
            statement = statements.get(top_level)
            if statement is not None:
                connection, sql, params = statement
                record(listing_key("section", section.pk))  # as `in_section` narrows it
                with connection.cursor() as cursor:
                    cursor.execute(sql, [section.pk if p is _SECTION else p for p in params])
                    ids = [row[0] for row in cursor.fetchall()]
            else:
                query = (
                    stories.in_section(section)
                    .order_by(*LISTING_ORDER)
                    .values_list("pk", flat=True)[:limit]
                )
                connection = connections[query.db]
                captured: list[tuple[str, tuple]] = []
                with connection.execute_wrapper(_capture(captured)):
                    ids = list(query)
                sql, params = captured[-1]  # the query's own statement runs last
                at = [i for i, p in enumerate(params) if type(p) is int and p == section.pk]
                if len(at) == 1:  # else: each block's query is built by the ORM
                    params = [_SECTION if i == at[0] else p for i, p in enumerate(params)]
                    statements[top_level] = (connection, sql, params)
            candidates[section.pk] = ids[: wanted[section.pk]]
        return candidates

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
        top_ids = [*ids["top"], *ids["latest"]]
        if "blocks" in self._memo or is_cached(fragment_entry(REST_FRAGMENT, self.home.pk)):
            cards = self._cards(top_ids, section=True)
        else:  # the rest of the page is built in this render too: its cards come along
            cards = self._cards_for_both(top_ids, [pk for _s, pks in ids["blocks"] for pk in pks])
        top = [cards[pk] for pk in ids["top"] if pk in cards]
        return {
            "top_stories": top,
            "lead": top[0] if top else None,
            "latest_stories": [cards[pk] for pk in ids["latest"] if pk in cards],
        }

    def _cards_for_both(self, top_ids: list[int], rest_ids: list[int]) -> dict[int, ArticlePage]:
        """The top's cards and the rest's in one card query and one prefetch (a card query
        and its four prefetches cost about a tenth of a cold front page), each fragment
        still recording only its own cards' keys: a story's change rebuilds the fragment
        showing it only. What the load recorded that belongs to no card (the public rule,
        the listing) is recorded in both. The rest's cards wait for `_section_blocks`."""
        with apart() as keys:  # with the sections' names, which the top's cards show
            cards = self._cards([*top_ids, *rest_ids], section=True)
        own = {pk: _card_instance_keys(card) for pk, card in cards.items()}
        common = keys.difference(*own.values())

        def keys_of(ids: list[int]) -> set[str]:
            return common.union(*(own[pk] for pk in ids if pk in own))

        record(*keys_of(top_ids))
        self._rest_cards = (cards, keys_of(rest_ids))
        return cards

    def section_blocks(self) -> list[dict]:
        """Each section block: its section and its stories' cards."""
        return self._remembered("blocks", self._section_blocks)

    def _section_blocks(self) -> list[dict]:
        blocks = self.ids()["blocks"]
        if self._rest_cards is not None:  # loaded with the top's (`_cards_for_both`)
            cards, keys = self._rest_cards
            record(*keys)
        else:
            cards = self._cards([pk for _section, ids in blocks for pk in ids], section=False)
        return [
            {"section": section, "stories": stories}
            for section, ids in blocks
            if (stories := [cards[pk] for pk in ids if pk in cards])
        ]

    def shown(self) -> set[int]:
        """Every story the lists show: other blocks (Shorts) leave them out."""
        return self.ids()["shown"]
