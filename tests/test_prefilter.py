"""Required words: every match holds one of them, and they are specific."""

import pytest

from quotetrack import load_rules
from quotetrack.patterns import phrase_regex
from quotetrack.prefilter import WordIndex, leading_words, literals_regex, required_literals


def prefilter_regex(pattern):
    return literals_regex(required_literals(pattern))


@pytest.mark.parametrize("pattern, expected", [
    (r"(?i:in|during) an? (?:new )?(?:speech|address)\b", {"speech", "address"}),
    (r"according to (?P<x>\w+)", {"according to "}),
    (r"\btold\s+(?:CNN|Fox News)", {"told"}),  # 'told' beats the shorter CNN
    (r"(?:tweet|post)s?(?=\W)", {"tweet", "post"}),
])
def test_required_words(pattern, expected):
    assert required_literals(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    r"\w+ said",            # 'said' (4) required
])
def test_a_fixed_word_after_a_class(pattern):
    assert required_literals(pattern) == frozenset({" said"})


@pytest.mark.parametrize("pattern", [
    r"(?:in )?\w+",          # nothing required
    r"(?:speech|a)",         # a one-letter alternative would not filter
    r"(?:told)?\s+\w+",      # optional words are not required
    r"(?:told|\d+)",         # one alternative has no literal
])
def test_nothing_required(pattern):
    assert required_literals(pattern) is None
    assert prefilter_regex(pattern) is None


def test_case_insensitive_search():
    gate = prefilter_regex(r"(?i:in) a (?:Speech|address)")
    assert gate.search("IN A SPEECH") and gate.search("in a Address")
    assert not gate.search("the address") and not gate.search("a talk")


def test_fixed_neighbours_are_joined():
    # a trie of names and a case class: whole strings, far more selective than letters
    assert required_literals(r"(?i:C(?:NN|BS)|Fox News)") == frozenset({"cnn", "cbs", "fox news"})
    assert required_literals(r"[Aa]ccording to") == frozenset({"according to"})


def test_every_bundled_rule_example_passes_its_prefilter():
    """The filter may only reject texts the full pattern rejects too."""
    rules = load_rules()
    checked = 0
    for rule in rules.attribution_rules + rules.source_rules:
        pattern = rule.pattern
        if pattern.prefilter is None:
            continue
        for example in rule.examples:
            text = example.text if hasattr(example, "text") else example["text"]
            if pattern.regex.search(text):
                assert pattern.prefilter.search(text), (rule.id, text)
                checked += 1
    assert checked > 20


def test_literal_index_sees_words_inside_and_at_the_start_of_longer_ones():
    from quotetrack.prefilter import LiteralIndex
    index = LiteralIndex([frozenset({"tweet"}), frozenset({"retweeted"}), frozenset({"state"}),
                          frozenset({"statement"}), frozenset({"according to"}), None])
    assert index.possible("He retweeted it.") == [True, True, False, False, False, True]
    assert index.possible("in a STATEMENT") == [False, False, True, True, False, True]
    assert index.possible("according\u00a0 to them") == [False, False, False, False, True, True]
    assert index.possible("nothing here") == [False, False, False, False, False, True]


def test_a_lookahead_requires_its_words():
    # "(?=... expected to)" looks at the sentence: "expected" must be in it
    assert required_literals(r"(?=[^,]{1,100}? (?:is|was) expected to\b)\w+") == \
        frozenset({" is expected to", " was expected to"})
    assert required_literals(r"(?<=said )\w+") == frozenset({"said "})
    assert required_literals(r"(?!never)\w+ said") == frozenset({" said"})  # not a negative one


@pytest.mark.parametrize("pattern, expected", [
    (phrase_regex(["according to", "said", "Says"]), {"according", "said", "says"}),
    (phrase_regex(["warn"], ["focuse[sd] on", r"(?:(?<=\bwill )|(?<=\bnot ))vote for"]),
     {"warn", "focuses", "focused", "vote"}),
    (phrase_regex(["co-founder", "U.S. envoy"]), {"co", "u"}),
    (phrase_regex(["said"], case_sensitive=True), {"said"}),
])
def test_leading_words(pattern, expected):
    assert leading_words(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    r"said",                                   # may start inside a word
    phrase_regex(["said"], [r"\w+ed"]),        # any word
    phrase_regex(["said"], ["(?:a|b)*x"]),     # a repeat with no end in sight
    phrase_regex(["señala"]),                  # not plain ASCII: case rules differ
    phrase_regex(["'s view"]),                 # opens with no word
])
def test_no_leading_words(pattern):
    assert leading_words(pattern) is None


def test_word_index_places_words():
    index = WordIndex([frozenset({"said", "says"}), frozenset({"according"}), frozenset({"said"})])
    assert index.positions("He said, according to SAID, what she says.") == \
        {0: [3, 22, 37], 1: [9], 2: [3, 22]}
    assert index.positions("unsaid saids") == {}
    assert index.positions("He ſaid it") is None  # 'ſ' matches 's' case-blind: cannot tell
