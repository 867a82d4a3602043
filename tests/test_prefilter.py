"""Required words: every match holds one of them, and they are specific."""

import re
import types

import pytest

from quotetrack import load_rules
from quotetrack.patterns import phrase_regex
from quotetrack.prefilter import (WordIndex, leading_words, literals_regex, lowered,
                                  lowered_literals_regex, required_literals)


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


def test_lower_case_turns_a_character_into_an_ascii_one_exactly_when_re_does():
    # what prefilter.lowered relies on, for every code point but the three it refuses
    import sys
    odd = {"\u0130", "\u0131", "\u017f"}
    ascii_class = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if char in odd:
            continue
        assert len(low) == 1, hex(code)  # offsets of lowered text do not shift
        if ascii_class.fullmatch(char) or low.isascii():
            assert low.isascii() and re.fullmatch(re.escape(low), char, re.IGNORECASE), hex(code)
            assert all(re.fullmatch(re.escape(a), char, re.IGNORECASE) is None
                       for a in map(chr, range(128)) if a != low and a == a.lower()), hex(code)


def test_a_plain_search_of_the_lowered_text_finds_the_required_words():
    import random
    literals = frozenset({"said", "k9 unit", "that's", "ask"})
    blind, plain = literals_regex(literals), lowered_literals_regex(literals)
    pieces = ["SAID", "Said", "sa", "ID", "ſaid", "K9 UNIT", "\u212a9 unit", "THAT'S", "İ",
              "ask", "AſK", "ı", "é", " ", "\ue000", "’"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(6))
        low = lowered(text)
        if low is not None:
            assert bool(plain.search(low)) == bool(blind.search(text)), text
    assert lowered("He ſaid it") is None and lowered("He SAID it") == "he said it"
    assert lowered_literals_regex(frozenset({"said", "señala"})) is not None
    assert lowered_literals_regex(frozenset({"said", "λόγος"})) is None  # "ς" is also "σ"



def test_lower_case_turns_a_character_into_an_accented_letter_exactly_when_re_does():
    import sys
    from quotetrack.prefilter import folds_plainly
    letters = "éüñçøå"
    assert all(map(folds_plainly, letters))
    assert not any(map(folds_plainly, ["σ", "ς", "µ", "É", "ſ"]))
    odd = {"\u0130", "\u0131", "\u017f"}
    any_of = re.compile(f"[{letters}]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in odd:
            continue
        low = char.lower()
        if any_of.fullmatch(char) or low in letters:
            assert low in letters and re.fullmatch(low, char, re.IGNORECASE), hex(code)


def test_the_literal_index_scans_the_lowered_text_as_it_scans_the_text():
    import random
    from quotetrack.prefilter import LiteralIndex
    requirements = [frozenset({"tweet"}), frozenset({"communiqué", "state"}),
                    frozenset({"according to"}), frozenset({"said"}), None]
    index = LiteralIndex(requirements)
    assert index.plain_search is not None
    pieces = ["TWEET", "Tweeted", "COMMUNIQUÉ", "communiqu", "É", "STATE", "According",
              "\u00a0", " ", "to", "ſaid", "SAID", "İ", "\u212a", "σ", "\ue000", "s", "t"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(6))
        plain, plain_found = index.possible(text), index.found(text)
        index.plain_search, search = None, index.plain_search
        assert plain == index.possible(text), text
        assert plain_found == index.found(text), text
        index.plain_search = search
        assert index.possible_indices(text) == [i for i, p in enumerate(plain) if p], text


@pytest.mark.parametrize("text", [
    "Smith TOLD REPORTERS in an Interview on Twitter.", "İnterview", "ſaid in a ſtatement",
    "the \u212aeynote", "a COMMUNIQUÉ", "a tracking\xa0\t poll", "nothing here"])
def test_the_source_rules_index_visits_the_rules_whose_words_a_sentence_holds(text):
    from quotetrack.prefilter import LiteralIndex
    rules = load_rules()
    index = LiteralIndex([r.pattern.required for r in rules.source_rules])
    assert index.plain_search is not None  # the bundled source words fold plainly
    possible = index.possible(text)
    assert index.possible_indices(text) == [i for i, p in enumerate(possible) if p]
    # a rule whose words the case-blind regex finds is visited (the index may
    # visit more: where lower() and re's folding part ways it assumes anything)
    for i, rule in enumerate(rules.source_rules):
        words = rule.pattern.required
        if words is None or literals_regex(words).search(text):
            assert possible[i], (rule.id, text)


@pytest.mark.parametrize("pattern, required", [
    (r"^(?P<name>[A-Z]\w+)[ ]?:[ ]?(?P<content>.+)", {":"}),  # a colon: few sentences hold one
    (r"\w+; \w+", {"; "}),
    (r"\w+, \w+", None),                                    # a comma: nearly every one does
    (r"\b(?:to|at)\b", None),                               # a short word: too
])
def test_a_rare_mark_is_required_like_a_word(pattern, required):
    found = required_literals(pattern)
    assert (found and set(found)) == (required and set(required))


def test_an_ungated_rules_words_come_from_the_tree_it_was_compiled_from(monkeypatch):
    """The speaker grammar is not parsed again for the required words, and a
    shared body's words are worked out once: the same words as from the text."""
    from quotetrack import prefilter
    from quotetrack.ruleset import build_rules, bundled_rules_dir, rule_files

    parsed = []
    plain_parse = prefilter._parse.parse

    def recording(pattern, *args):
        parsed.append(len(pattern))
        return plain_parse(pattern, *args)

    # the parser as prefilter sees it (regexsplice parses the shared bodies)
    monkeypatch.setattr(prefilter, "_parse", types.SimpleNamespace(parse=recording))
    rules = build_rules(rule_files(bundled_rules_dir()))
    # only the gated rules' blanked patterns, a few hundred characters
    assert parsed and max(parsed) < 10_000
    monkeypatch.undo()
    ungated = [r.pattern for r in rules.attribution_rules if r.pattern.gate is None]
    assert sum(len(p.regex.pattern) > 40_000 for p in ungated) >= 3
    for pattern in ungated:
        assert pattern.required == required_literals(pattern.regex.pattern)


@pytest.mark.parametrize("case_sensitive", [True, False])
def test_a_phrase_search_finds_what_the_phrase_regex_finds(case_sensitive):
    """Searched without its opening lookbehind, a phrase found inside a word
    ("CBSN", "xNBC") is passed over and the search goes on from the next
    position: a phrase starting inside the first one ("ABC News" in "XABC
    News") is still found."""
    import random
    from quotetrack.patterns import phrase_regex, phrase_search
    entries = ["NBC", "ABC News", "News", "CBS", "Fox News Sunday", "Meet the Press", "É"]
    holds = phrase_search(entries, case_sensitive=case_sensitive)
    regex = re.compile(phrase_regex(entries, case_sensitive=case_sensitive))
    pieces = ["NBC", "ABC", "News", "CBS", "Fox", "Sunday", "Meet", "the", "Press", "x", "É",
              "é", "news", "nbc", " ", "\u00a0", ",", "-", "_", "1"]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert holds(text) == (regex.search(text) is not None), text
    assert holds("xABC News") and not holds("xABC Newsy") and not holds("CBSN")
