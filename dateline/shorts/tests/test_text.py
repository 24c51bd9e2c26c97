"""Word counting and sentence splitting."""

import pytest

from dateline.shorts.text import count_words, html_to_text, split_sentences


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("   ", 0), ("One", 1), ("Rs 4,500 crore — a record.", 5), ("a\nb\tc", 3)],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_split_sentences_keeps_abbreviations_initials_and_numbers_inside():
    text = (
        "Dr. Meera Nair met A. K. Sharma in the U.S. capital. Growth was 6.5 per cent! "
        "“Is it enough?” she asked. No. 10 said nothing."
    )
    assert split_sentences(text) == [
        "Dr. Meera Nair met A. K. Sharma in the U.S. capital.",
        "Growth was 6.5 per cent!",
        "“Is it enough?” she asked.",
        "No. 10 said nothing.",
    ]


def test_a_line_break_always_ends_a_sentence():
    assert split_sentences("A heading without a stop\nThe text follows.") == [
        "A heading without a stop",
        "The text follows.",
    ]


def test_html_to_text_gives_one_paragraph_a_line():
    assert (
        html_to_text("<p>Rain &amp; wind.</p><p>Then <b>sun</b>.</p>") == "Rain & wind.\nThen sun."
    )


def test_a_teaser_keeps_whole_sentences():
    from dateline.shorts.templatetags.shorts_tags import whole_sentences

    body = "Cranes ran all night. Operators sat two kilometres away. Unions will watch it."
    assert whole_sentences(body, 9) == "Cranes ran all night. Operators sat two kilometres away."
    assert whole_sentences(body, 2) == "Cranes ran all night."
