"""The pattern compiler's fast matching finds exactly what the plain regex finds."""
import random
import re

import attrs
import pytest

from quotetrack import load_rules
from quotetrack.patterns import QUOTE_FILL, PatternError, compile_pattern, phrase_regex
from quotetrack.prefilter import WordIndex

RULES = load_rules()
VIEWS = {name: lexicon.view() for name, lexicon in RULES.lexicons.items()}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

WORDS = ("said", "says", "told", "added", "warned", "that", "and", "the", "a", "he", "she",
         "they", "officials", "President", "Jane", "Doe", "Smith", "senior", "official",
         "spokesman", "for", "in", "Kyiv", "White", "House", "reporters", "on", "Monday",
         "who", "which", "also", "believes", "expects", "to", "will", "not", "called", "it",
         "according", "asked", "whether", "declined", "comment", "The", "report", "urged")
PUNCT = ("", "", "", ",", ",", ".", ":", ";")


def _masked(text):
    return _QUOTED.sub(lambda m: m.group()[0] + QUOTE_FILL * (len(m.group()) - 2)
                       + m.group()[-1], text)


def _sentences():
    texts = []
    for rule in RULES.attribution_rules:
        texts += [e.text for e in rule.examples + rule.counterexamples]
    rng = random.Random(6)
    for _ in range(400):
        words = [rng.choice(WORDS) + rng.choice(PUNCT) for _ in range(rng.randint(3, 18))]
        if rng.random() < 0.5:
            at = rng.randint(0, len(words))
            words.insert(at, "“" + " ".join(rng.sample(WORDS, 4)) + ".”")
        texts.append(" ".join(words))
    return [_masked(t) for t in texts]


SENTENCES = _sentences()


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("rule", [r for r in RULES.attribution_rules if r.pattern.speaker_first],
                         ids=lambda r: r.id)
def test_speaker_first_rules_find_what_the_regex_finds(rule):
    pattern = rule.pattern
    for text in SENTENCES:
        assert _spans(pattern.finditer(text)) == _spans(pattern.regex.finditer(text)), text


def test_the_rest_after_the_cue_narrows_the_starts():
    pattern = compile_pattern("{speaker} {cue} {quote}", VIEWS, RULES.grammar)
    assert pattern.speaker_first and pattern.rest is not None
    text = _masked("Jane Doe met officials who said nothing, and she said “we will go.”")
    # the first "said" has no quote after it: no start before "she" can match
    assert pattern.start_bound(text) <= text.index("said “") + 1
    assert pattern.start_bound(text) > text.index("she")
    assert pattern.start_bound(_masked("Jane Doe said nothing.")) == -1
    assert _spans(pattern.finditer(text)) == _spans(pattern.regex.finditer(text))


@pytest.mark.parametrize("source, speaker_first, rest", [
    ("{speaker} {cue} that {content}", True, True),
    ("{speaker}? {cue} {content}", False, False),            # the speaker may be absent
    ("{speaker} {cue} {content}|{quote} said", False, False),  # or another branch matches
    ("{speaker} (?:{cue}) {content}", True, False),         # the cue inside a group
    ("{speaker} (?:{cue}|wrote) {content}", False, False),  # a branch without the cue
    (r"{speaker} (\w+) {cue} \1 {content}", True, False),   # the rest refers back
    (r"(?<![\w(-])(?=[A-Z]){speaker} {cue} {content}", True, True),  # lookarounds first
    (r"(?<!\))(?:{speaker}|they) {cue} {content}", False, False),
    (r"(?=[^)]*\))(?P<x>\w+) {speaker} {cue} {content}", False, False),
])
def test_which_patterns_bound_their_starts(source, speaker_first, rest):
    pattern = compile_pattern(source, VIEWS, RULES.grammar)
    assert pattern.speaker_first is speaker_first
    assert (pattern.rest is not None) is rest
    for text in SENTENCES:
        assert _spans(pattern.finditer(text)) == _spans(pattern.regex.finditer(text)), text


GATED = {id(r.pattern.gate): r.pattern for r in RULES.attribution_rules if r.pattern.gate is not None}
ODD_TEXTS = ["SAID Smith: “no.”", "Smith ſaid that it rained.", "K-9 units saId, and ACCORDING to her",
             "said", "he said-so", "co-said said_ said2 said.", "İ said", "Jane\u00a0said that"]


def _plain_cues(pattern, text):
    """The gate's last match end and every (overlapping) match start, searched plainly."""
    starts = [m.start() for m in re.finditer(f"(?={pattern.gate.pattern})", text)]
    return pattern.cue_bound(text), starts


def _gate_matches(pattern, index, slot, text):
    where = index.positions(text)
    if where is None:  # any gate may be there: the plain search decides
        return _plain_cues(pattern, text)
    return pattern.cues_at(text, where.get(slot, []))


@pytest.mark.parametrize("pattern", list(GATED.values()), ids=lambda p: p.source[:40])
def test_a_gate_is_found_from_its_first_words(pattern):
    assert pattern.gate_words, "every gate of the shipped rules opens with known words"
    index = WordIndex([pattern.gate_words])
    for text in SENTENCES + ODD_TEXTS:
        expected = _plain_cues(pattern, text)
        assert _gate_matches(pattern, index, 0, text) == expected, text


def test_one_scan_places_every_gate():
    patterns = [p for p in GATED.values() if p.gate_words]
    index = WordIndex([p.gate_words for p in patterns])
    for text in SENTENCES + ODD_TEXTS:
        for slot, pattern in enumerate(patterns):
            expected = _plain_cues(pattern, text)
            assert _gate_matches(pattern, index, slot, text) == expected, text


@pytest.mark.parametrize("rule", [r for r in RULES.attribution_rules if r.pattern.gate is None],
                         ids=lambda r: r.id)
def test_ungated_rules_skip_only_sentences_they_cannot_match(rule):
    texts = SENTENCES + [_masked(e.text) for e in rule.examples]
    for text in texts:
        if rule.pattern.regex.search(text):
            assert rule.pattern.may_match(text), text


@pytest.mark.parametrize("source, gated", [
    ("{speaker} {cue} {content}", True),
    ("{speaker} (?:, {adverb},)? {cue} {content}", True),
    ("{speaker} (?:{cue}|wrote to say) {content}", False),   # "wrote to say" needs no cue
    ("{speaker} (?:{cue} )?that {content}", False),
    ("{speaker} (?=\\w+ {cue}){content}", False),              # only inside a lookahead
])
def test_only_a_cue_every_match_holds_gates_a_pattern(source, gated):
    source = source.replace("{adverb}", "{speech_adverb}")
    pattern = compile_pattern(source, VIEWS, RULES.grammar)
    assert (pattern.gate is not None) is gated
    text = _masked("Jane Doe wrote to say the plan would fail.")
    if "wrote to say" in source:
        assert pattern.may_match(text) and list(pattern.finditer(text))


@pytest.mark.parametrize("source, tail", [
    ("{speaker} (?:released|issued) a statement (?:{cue:participle_cue}|that said) {content}",
     True),
    (r"(?<![\w-]){speaker} (?:released|issued) a statement", True),  # lookarounds first
    ("{speaker} {cue} {content}", False),                    # gated: the rest bounds it
    ("{speaker}? (?:released|issued) a statement", False),   # the speaker may be absent
    ("(?:{speaker}|they) (?:released|issued) a statement", False),
    (r"{speaker} (\w+) a statement \1", False),               # the tail refers back
])
def test_what_follows_a_leading_speaker_is_searched_first(source, tail):
    pattern = compile_pattern(source, VIEWS, RULES.grammar)
    assert (pattern.tail is not None) is tail
    texts = SENTENCES + [_masked(t) for t in (
        "The ministry issued a statement saying the tax would rise.",
        "The ministry issued a statement that said taxes would rise.",
        "The ministry released, in a statement, its plan.", "They issued a statement.")]
    for text in texts:
        if pattern.regex.search(text):
            assert pattern.may_match(text), text
    if tail:
        # the required word is there, what follows the speaker is not
        text = _masked("The ministry said the statement it issued was wrong.")
        assert pattern.prefilter.search(text) and not pattern.may_match(text)


@pytest.mark.parametrize("source, follows", [
    ("{content}, {speaker},? {cue}[.!?]?$", True),
    ("^{lead}, {speaker},? {cue}, {content}", True),        # up to the content
    ("{quote},? {cue} {speaker}", False),                    # the speaker grammar: no gain
    ("{speaker} {cue} {content}", False),                   # speaker-first: the rest bounds it
    ("{content}, (?:{cue}) {speaker}", False),              # the cue inside a group
])
def test_what_follows_a_cue_is_tried_first(source, follows):
    pattern = compile_pattern(source, VIEWS, RULES.grammar)
    assert pattern.gate is not None
    assert (pattern.follows is not None) is follows
    if follows:
        text = _masked("The plan is dead, Jane Doe said, and it will not return.")
        cues = [m.start() for m in pattern.cue_at.finditer(text)]
        assert cues and pattern.cue_followed(text, cues) is bool(pattern.regex.search(text))


@pytest.mark.parametrize("rule", [r for r in RULES.attribution_rules if r.pattern.follows],
                         ids=lambda r: r.id)
def test_every_match_has_its_cue_where_what_follows_it_is_found(rule):
    pattern = rule.pattern
    texts = SENTENCES + [_masked(e.text) for e in rule.examples]
    for text in texts:
        for m in pattern.regex.finditer(text):
            assert pattern.follows.match(text, m.start("cue")), text
            assert pattern.cue_followed(text, [m.start("cue")]), text


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_a_tries_first_character_check_changes_no_match(case_sensitive):
    from quotetrack.patterns import _trie
    phrases = ["said", "says", "Sen.", "kelly", "isis", "été", "o'brien", "-ish", "k9 unit", "2nd"]
    guarded = phrase_regex(phrases, case_sensitive=case_sensitive)
    assert "(?=[" in guarded
    body = _trie({" ".join(p.split()) if case_sensitive else p.casefold() for p in phrases})
    plain = guarded.replace(body[:body.index("])") + 2], "", 1)  # the same trie, unchecked
    assert "(?=[" not in plain
    pieces = ["said", "SAID", "ſaid", "Says", "sen.", "SEN.", "\u212aelly", "ıSIS", "İsis", "ÉTÉ",
              "O'Brien", "o’brien", "-ISH", "K9\u00a0unit", "2ND", " ", ",", "x", "\ue000"]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(6))
        assert ([m.span() for m in re.finditer(guarded, text)]
                == [m.span() for m in re.finditer(plain, text)]), text


def test_the_rest_stops_before_the_content():
    # the content runs to the clause's end: trying it at each cue cost more than it told
    pattern = compile_pattern("{speaker},? {cue} that {content}", VIEWS, RULES.grammar)
    assert "(?P<content>" not in pattern.rest.pattern
    text = _masked("Jane Doe said that it rained, and officials said nothing.")
    assert pattern.start_bound(text) == text.index("said that") + 1
    assert _spans(pattern.finditer(text)) == _spans(pattern.regex.finditer(text))


def test_a_gate_is_read_from_its_cue_slots_parsed_body(monkeypatch):
    """A gate's regex, first words and width come from the cue slot's body,
    spliced (parsed once for the slot), and are what the gate's text gives."""
    from re import _parser

    from quotetrack import patterns, prefilter, regexsplice
    from quotetrack.ruleset import build_rules, bundled_rules_dir, rule_files

    parsed = []
    plain_parse = _parser.parse

    def recording(pattern, *args):
        parsed.append(pattern)
        return plain_parse(pattern, *args)

    for cached in (patterns._compile_gate, patterns._gate_words, patterns._takes_text):
        cached.cache_clear()
    monkeypatch.setattr(patterns, "_parse", type("P", (), {"parse": staticmethod(recording)}))
    monkeypatch.setattr(prefilter, "_parse", type("P", (), {"parse": staticmethod(recording)}))
    rules = build_rules(rule_files(bundled_rules_dir()))
    monkeypatch.undo()
    gates = {r.pattern.gate.pattern: r.pattern for r in rules.attribution_rules
             if r.pattern.gate is not None}
    # no long gate's text was parsed whole (a short one is parsed: splicing
    # it would not pay)
    long_gates = {text for text in gates if len(text) > regexsplice.MIN_BODY + 4}
    assert len(long_gates) > 10 and not set(parsed) & long_gates
    regexsplice.forget_bodies()
    for text, pattern in gates.items():
        plain = plain_parse(text, 0)
        assert pattern.gate_words == prefilter.leading_words(text)
        assert pattern.cue_takes_text == (plain.getwidth()[0] > 0)
        for regex in (pattern.gate, pattern.cue_at):
            probe = "He said, officials told reporters, and she added that it noted."
            assert [m.span() for m in regex.finditer(probe)] == \
                [m.span() for m in re.finditer(regex.pattern, probe)]


def test_a_cue_slot_may_take_entries_of_several_lexicons():
    views = {"verb": attrs.evolve(VIEWS["speech_verb"], entries=("said",), patterns=()),
             "stance": attrs.evolve(VIEWS["speech_verb"], entries=("Thanked",), patterns=(),
                                    case_sensitive=False)}
    pattern = compile_pattern("{cue:verb|stance} {content}", views)
    found = [m.group("cue") for t in ("he said so", "they thanked him", "he Said so")
             for m in pattern.regex.finditer(t)]
    assert found == ["said", "thanked"]  # "verb" keeps its case, "stance" ignores it
    assert pattern.gate.search("they THANKED him") and not pattern.gate.search("he SAID")


def test_a_source_slot_takes_one_lexicon():
    with pytest.raises(PatternError, match="one lexicon"):
        compile_pattern("{source:outlet|platform}", VIEWS)


_LOOSE_SPEAKER = re.compile(RULES.grammar.loose_speaker)


@pytest.mark.parametrize("phrase, is_speaker", [
    ("La Stampa in Italy", True),
    # a parenthesis closes the aside the phrase sits in: "(''...,'' declared La Stampa in Italy)"
    ("La Stampa in Italy)", False),
    ("hacking specialists", True),
    # no word stands before an indefinite pronoun: one there is a verb
    ("rushed everyone", False),
    # a post-modifier runs into no relative clause: "messages in which the group urged"
    ("messages in which the terrorist group", False),
    ("officials in Kyiv", True),
    ("damn sure everyone", False),
    # a question word opens a clause: "explain why critics say"
    ("why critics", False),
    ("how many Census-takers", False),
])
def test_the_speaker_grammar_reads_only_noun_phrases(phrase, is_speaker):
    assert bool(_LOOSE_SPEAKER.fullmatch(phrase)) == is_speaker
