"""FastPunkt splits exactly where NLTK's Punkt does, mostly without Punkt's tokenizer."""
from hypothesis import given, settings, strategies as st
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

import pytest

from quotetrack.punktfast import FastPunkt, obvious_break
from quotetrack.segment import sentence_splitter

# what news paragraphs hold, and what might confuse the shapes: Punkt's
# punctuation, the quote mask, spaces regex and str.strip() disagree on
PIECES = list("aAbZ.?!,;:-'\"()[]{}*@&#`“”‘’«» \xa0\u2009\t19\ue000\x1c\x85\u200b\n\r") + [
    "Mr", "mr", "J", "U.S", "said", "...", "--", "Sept", "é", "ſ", "İ", "x.y", "R-Ky",
    ". . .", "Trump's", "’s", "He", "11,", "p.m"]
TEXTS = [
    "Sen. John J. Smith (R-Ky.) spoke in the U.S. Senate on Jan. 3. He left.",
    '"We will win. We always do," he said. Then he left.',
    "“\ue000\ue000\ue000.” Mr. Trump's aide said. Why? “Because.” (It was 3 p.m.) Done!",
    "It rained.\xa0The end... And then?! Nothing. Sept. 11, 2001. H.W. Bush spoke.",
]


@pytest.fixture(scope="module")
def splitters(rules):
    fast = sentence_splitter(rules.words("abbreviation"))
    return fast, PunktSentenceTokenizer(fast._params)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_sentences_as_punkt(splitters, text):
    fast, plain = splitters
    assert list(fast.span_tokenize(text)) == list(plain.span_tokenize(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_same_sentences_as_punkt_on_random_text(splitters, text):
    fast, plain = splitters
    assert list(fast.span_tokenize(text)) == list(plain.span_tokenize(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
def test_a_decided_context_is_decided_as_punkt_does(splitters, context):
    fast, plain = splitters
    known = obvious_break(context, fast._params.abbrev_types)
    if known is not None:
        assert known == plain.text_contains_sentbreak(context)


@pytest.mark.parametrize("context, expected", [
    ("said. He", True), ("it? He", True), ("“\ue000\ue000.”", True), ("to\xa0ITV.\xa0The", True),
    ("Mr. Trump's", False), ("J. Smith", False), ("Sept. 11,", False),
    ("U.S. District", None), ("(R-Ky.)", None), ("3. He", None), ("?\n\x1c", None),
])
def test_shapes(splitters, context, expected):
    fast, plain = splitters
    assert obvious_break(context, fast._params.abbrev_types) == expected
    assert plain.text_contains_sentbreak(context) == (expected if expected is not None else
                                                      plain.text_contains_sentbreak(context))


def test_common_sentence_ends_skip_punkts_tokenizer(splitters, monkeypatch):
    fast, plain = splitters
    text = "He said. She left! Did it rain? “\ue000\ue000.” Mr. Smith agreed. Mr. Smith agreed."
    expected = list(plain.span_tokenize(text))
    assert len(expected) == 6
    asked = []
    original = PunktSentenceTokenizer.text_contains_sentbreak

    def counting(self, text):
        asked.append(text)
        return original(self, text)

    monkeypatch.setattr(PunktSentenceTokenizer, "text_contains_sentbreak", counting)
    assert list(fast.span_tokenize(text)) == expected
    assert asked == []


def test_trained_parameters_go_to_punkt():
    # collocations or orthographic statistics change the decisions the shapes assume
    params = PunktParameters()
    params.collocations = {("said", "he")}
    assert not FastPunkt(params)._shapes
    assert FastPunkt(PunktParameters())._shapes


def test_another_word_tokenizer_goes_to_punkt(monkeypatch):
    from nltk.tokenize.punkt import PunktLanguageVars

    monkeypatch.setattr(PunktLanguageVars, "_word_tokenize_fmt",
                        PunktLanguageVars._word_tokenize_fmt.replace("\\s|", "\\s|;|"))
    assert not FastPunkt(PunktParameters())._shapes


def test_spans_are_found_without_punkts_generators(splitters, monkeypatch):
    fast, plain = splitters
    text = TEXTS[2]
    expected = list(plain.span_tokenize(text))

    def unused(*args):
        raise AssertionError("Punkt's _slices_from_text was used")

    monkeypatch.setattr(PunktSentenceTokenizer, "_slices_from_text", unused)
    assert list(fast.span_tokenize(text)) == expected
