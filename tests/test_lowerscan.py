"""LoweredIndex.possible answers what LiteralIndex.possible does."""
import pytest
from hypothesis import given, settings, strategies as st

from quotetrack.lowerscan import LoweredIndex
from quotetrack.prefilter import LiteralIndex

# words and characters where lower-casing and matching ignoring case part ways
PIECES = ["said", "SAID", "Tweeted", "tracking", " ", "\xa0", "  ", "\t", "poll", "İ", "ı", "ſ",
          "\u212a", "K", "É", "communiqué", "COMMUNIQUÉ", "Σ", "σ", "ς", "live-tweeted", "x",
          "in", "an", "interview", "Interview", "e", "t", "w", "“", "’"]


@pytest.fixture(scope="module")
def indexes(rules):
    plain = LiteralIndex([r.pattern.required for r in rules.source_rules])
    return plain, LoweredIndex(plain)


def test_the_bundled_source_words_are_scanned_lower_cased(indexes):
    _, lowered = indexes
    assert lowered.scan is not None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_same_answers_as_the_index(indexes, text):
    plain, lowered = indexes
    assert lowered.possible(text) == plain.possible(text)
    assert lowered.possible_indices(text) == [i for i, p in enumerate(plain.possible(text)) if p]


@pytest.mark.parametrize("text", [
    "Smith TOLD REPORTERS in an Interview on Twitter.", "İnterview", "ſaid in a ſtatement",
    "the \u212aeynote", "a COMMUNIQUÉ", "a tracking\xa0\t poll", "nothing here"])
def test_same_answers_on_sentences(indexes, text):
    plain, lowered = indexes
    assert lowered.possible(text) == plain.possible(text)
    assert lowered.possible_indices(text) == [i for i, p in enumerate(plain.possible(text)) if p]


def test_a_capitalized_word_leaves_the_scan_to_the_index():
    plain = LiteralIndex([frozenset({"CNN"}), frozenset({"said"})])
    lowered = LoweredIndex(plain)
    assert lowered.scan is None
    assert lowered.possible("cnn said") == plain.possible("cnn said")
    assert lowered.possible_indices("cnn said") == [0, 1]
