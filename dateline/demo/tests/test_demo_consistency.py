"""The demo does not contradict itself: a web story that retells a demo article says what the
article says (issue 22: a web story had the Monsoon Session end "on schedule", its article
"a day early").

Each pair below is two claims that cannot both be true of one event; a web story and the
article it links to must not make one each."""

from __future__ import annotations

import pytest

from dateline.demo.content.shorts import WRITTEN_SHORTS
from dateline.demo.content.specs import Facts, Quote
from dateline.demo.shorts import GALLERIES, WEB_STORIES
from dateline.demo.stories import demo_stories
from dateline.shorts.text import SHORT_WORD_LIMIT, count_words

CONTRADICTIONS = [
    ("on schedule", "a day early"),
    ("on schedule", "ahead of schedule"),
    ("ran long", "lost several sittings"),
    ("at the opposition's request", "objections from members across parties"),
    ("run again this winter", "resume next month"),
    ("made the routes pay", "demand remains uncertain"),
]


def _article_text(spec) -> str:
    parts = [spec.headline, spec.dek]
    for block in spec.body:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, Facts):
            parts += [block.title, *block.items]
        elif isinstance(block, Quote):
            parts.append(block.text)
    return " ".join(parts).lower()


def _web_story_text(spec) -> str:
    cards = [f"{card.heading} {card.text}" for card in spec.cards]
    return " ".join([spec.title, spec.description, *cards]).lower()


def contradictions(story_text: str, article_text: str) -> list[tuple[str, str]]:
    found = []
    for one, other in CONTRADICTIONS:
        for said, against in ((one, other), (other, one)):
            if said in story_text and against in article_text:
                found.append((said, against))
    return found


@pytest.mark.parametrize("web_story", WEB_STORIES, ids=lambda spec: spec.title)
def test_a_web_story_says_what_its_article_says(web_story):
    articles = {spec.headline: spec for spec in demo_stories()}
    article = articles[web_story.linked_headline]
    assert contradictions(_web_story_text(web_story), _article_text(article)) == []


def test_the_check_finds_the_contradiction_the_issue_reported():
    story = "The Monsoon Session ended on schedule after three weeks of sittings."
    article = "The session ended a day early after repeated adjournments."
    assert contradictions(story.lower(), article.lower()) == [("on schedule", "a day early")]


@pytest.mark.parametrize("short", WRITTEN_SHORTS, ids=lambda short: short.title)
def test_a_written_short_tells_a_demo_story_within_the_word_limit(short):
    headlines = {spec.headline for spec in demo_stories()} | {spec.headline for spec in GALLERIES}
    assert short.story_headline in headlines
    assert 0 < count_words(short.body) <= SHORT_WORD_LIMIT
    assert short.body.endswith(".")  # whole sentences
