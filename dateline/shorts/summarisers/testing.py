"""The contract every summariser backend keeps; each backend's tests subclass this mixin.

class TestMyBackend(SummariserContract):
    def make_summariser(self):
        return MyBackend({})
"""

from __future__ import annotations

from ..text import count_words, split_sentences
from . import BaseSummariser, Summary, SummaryRequest

STORY = (
    "The city council approved a new budget for public libraries on Tuesday evening. "
    "The plan adds evening hours at twelve branches and buys two mobile library vans. "
    "Council members said library visits rose sharply after the branches reopened.\n"
    "Dr. Meera Nair, who chairs the libraries committee, said the vans would reach "
    "villages on the city's edge. Opponents argued the money should go to road repairs. "
    "The vote passed by nine votes to four. Work on the new hours starts next month, and "
    "the first van is expected on the road by the end of the year."
)


class SummariserContract:
    """Behaviour any backend must show; subclasses provide `make_summariser`."""

    def make_summariser(self) -> BaseSummariser:
        raise NotImplementedError

    def summarise(self, text: str = STORY, max_words: int = 60) -> Summary:
        return self.make_summariser().summarise(
            SummaryRequest(
                title="Council backs longer library hours", text=text, max_words=max_words
            )
        )

    def test_returns_a_summary(self):
        assert isinstance(self.summarise(), Summary)

    def test_stays_within_the_word_limit(self):
        for limit in (60, 40, 25):
            summary = self.summarise(max_words=limit)
            assert count_words(summary.text) <= limit
            assert summary.word_count == count_words(summary.text)

    def test_uses_only_the_storys_own_sentences(self):
        summary = self.summarise()
        story_sentences = split_sentences(STORY)
        assert summary.sentences
        assert all(sentence in story_sentences for sentence in summary.sentences)
        assert summary.text == " ".join(summary.sentences)
        assert summary.truncated is False

    def test_keeps_the_storys_order(self):
        story_sentences = split_sentences(STORY)
        positions = [story_sentences.index(s) for s in self.summarise().sentences]
        assert positions == sorted(positions)

    def test_empty_text_gives_an_empty_summary(self):
        summary = self.summarise(text="")
        assert summary.text == ""
        assert summary.sentences == ()

    def test_a_sentence_longer_than_the_limit_is_cut_and_flagged(self):
        long_sentence = " ".join(["word"] * 80) + "."
        summary = self.summarise(text=long_sentence, max_words=60)
        assert summary.truncated is True
        assert count_words(summary.text) <= 60

    def test_is_deterministic(self):
        assert self.summarise() == self.summarise()
