"""Summariser backends: the shared contract, the loader, the system check, the demo stories."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from dateline.shorts.checks import check_summarisers
from dateline.shorts.summarisers import SummaryRequest, get_summariser
from dateline.shorts.summarisers.dummy import DummySummariser
from dateline.shorts.summarisers.extractive import ExtractiveSummariser, rank
from dateline.shorts.summarisers.testing import SummariserContract
from dateline.shorts.text import count_words, split_sentences

DUMMY = "dateline.shorts.summarisers.dummy.DummySummariser"
EXTRACTIVE = "dateline.shorts.summarisers.extractive.ExtractiveSummariser"


class TestExtractiveContract(SummariserContract):
    def make_summariser(self):
        return ExtractiveSummariser({})


class TestDummyContract(SummariserContract):
    def make_summariser(self):
        return DummySummariser({})


def test_dummy_records_each_request():
    DummySummariser.calls.clear()
    request = SummaryRequest(title="T", text="One sentence here. Another one there.")
    DummySummariser({}).summarise(request)
    assert DummySummariser.calls == [request]


def test_extractive_prefers_the_sentence_the_story_keeps_returning_to():
    sentences = [
        "Flooding closed the river road on Monday.",
        "The weather was mild elsewhere in the region.",
        "Engineers said the river road flooding would last until the river road drains.",
        "Drivers took the river road detour while the flooding continued.",
    ]
    ranking = rank(sentences, "River road flooding")
    assert ranking[-1] == 1  # the off-topic sentence ranks last


def test_extractive_params_reach_the_ranking():
    summariser = ExtractiveSummariser({"DAMPING": 0.5, "LEAD_WEIGHT": 0.0})
    assert summariser.params == {"DAMPING": 0.5, "LEAD_WEIGHT": 0.0}
    summary = summariser.summarise(SummaryRequest(title="", text="Only one sentence here."))
    assert summary.text == "Only one sentence here."


@override_settings(DATELINE_SUMMARISERS={"default": {"BACKEND": DUMMY, "X": 1}})
def test_loader_builds_the_configured_backend_with_its_params():
    summariser = get_summariser()
    assert isinstance(summariser, DummySummariser)
    assert summariser.params == {"X": 1}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"other": {"BACKEND": DUMMY}}, "DATELINE_SUMMARISERS has no 'default' entry"),
        ({"default": {}}, 'needs a "BACKEND" path'),
        ({"default": {"BACKEND": "no.such.Backend"}}, "cannot be imported"),
        ({"default": {"BACKEND": "dateline.shorts.text.count_words"}}, "is not a summariser"),
    ],
)
def test_loader_explains_a_bad_setting(config, message):
    with override_settings(DATELINE_SUMMARISERS=config), pytest.raises(ImproperlyConfigured) as exc:
        get_summariser()
    assert message in str(exc.value)


def test_system_check_passes_the_default_setting():
    with override_settings(DATELINE_SUMMARISERS={"default": {"BACKEND": EXTRACTIVE}}):
        assert check_summarisers() == []


def test_system_check_reports_a_bad_backend_and_a_missing_default():
    with override_settings(DATELINE_SUMMARISERS={"default": {"BACKEND": "no.such.Backend"}}):
        assert [e.id for e in check_summarisers()] == ["dateline.E302"]
    with override_settings(DATELINE_SUMMARISERS={"fast": {"BACKEND": DUMMY}}):
        assert [e.id for e in check_summarisers()] == ["dateline.E301"]


def test_every_demo_story_summarises_to_60_words_of_its_own_sentences():
    """The demo's story specs are plain data: no database, no demo load."""
    from dateline.demo.stories import demo_stories

    summariser = get_summariser()
    specs = demo_stories()
    assert len(specs) == 120
    for spec in specs:
        text = "\n".join(block for block in spec.body if isinstance(block, str))
        summary = summariser.summarise(SummaryRequest(title=spec.headline, text=text))
        own = split_sentences(text)
        assert 0 < count_words(summary.text) <= 60, spec.headline
        assert summary.truncated is False, spec.headline
        assert summary.sentences and all(s in own for s in summary.sentences), spec.headline
        assert summary.text == " ".join(summary.sentences)
