"""The summariser on every demo story (the hand-written and grown ones, and the wire desk's
agency copy): a Short is whole sentences of the story, never a cut one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils.html import escape

from dateline.demo.stories import demo_stories
from dateline.demo.wires import REUTERS_NEWSML, pti_samples
from dateline.shorts.summarisers import SummaryRequest
from dateline.shorts.summarisers.extractive import ExtractiveSummariser
from dateline.shorts.text import SHORT_WORD_LIMIT, html_to_text
from dateline.wires.parsers.newsml import NewsMLG2Parser
from dateline.wires.parsers.ninjs import NinjsParser

NOW = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
# A sentence opens with a capital, a digit or an opening quote and closes with end
# punctuation (perhaps inside quotes or brackets).
WHOLE_SENTENCE = re.compile(r"^[\"'“‘(\[]?[A-Z0-9].*[.!?…][\"'”’)\]]*$")


def _demo_texts() -> list[tuple[str, str]]:
    texts = []
    for spec in demo_stories():
        html = "".join(f"<p>{escape(block)}</p>" for block in spec.body if isinstance(block, str))
        texts.append((spec.headline, html))
    for _, data in pti_samples(NOW):
        texts += [(item.headline, item.body_html) for item in NinjsParser().parse_bytes(data)]
    items = NewsMLG2Parser().parse_bytes(REUTERS_NEWSML.encode())
    texts += [(item.headline, item.body_html) for item in items]
    return texts


DEMO_TEXTS = _demo_texts()


def test_every_demo_story_is_covered():
    assert len(DEMO_TEXTS) > 120  # the 120 stories and the wire desk's items


@pytest.mark.parametrize(("headline", "html"), DEMO_TEXTS, ids=[h[:40] for h, _ in DEMO_TEXTS])
def test_a_short_of_a_demo_story_is_whole_sentences(headline, html):
    text = html_to_text(html)
    summary = ExtractiveSummariser({}).summarise(
        SummaryRequest(title=headline, text=text, max_words=SHORT_WORD_LIMIT)
    )
    assert summary.text and not summary.truncated
    flat = " ".join(text.split())
    for sentence in summary.sentences:
        assert WHOLE_SENTENCE.match(sentence), sentence
        assert sentence in flat
