"""Property tests of the whole pipeline: whatever the text, no exception,
every span inside the text and pointing at what the claim says it holds,
and the same output every time."""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotetrack import extract

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds",
                    "kyiv-2025-02-01.txt")
with open(SEED, encoding="utf-8") as _handle:
    SEED_TEXT = _handle.read()
PARAGRAPHS = [p for p in SEED_TEXT.split("\n\n") if p.strip()] + [
    '"We will not give up," Mayor Jane Doe told CNN on Monday. "Never."',
    "The minister said in a statement that talks would resume, according to Reuters.",
    "“It’s over,” he wrote on X. ‘Not yet,’ she replied, adding that «nothing» had changed.",
    'Officials, who spoke on condition of anonymity, said the "plan" was "delayed."',
    "„Wir schaffen das“, sagte sie. Smith said: “The deal is done.\n\n“We signed it.”",
]


def assert_sound(text, rules):
    """The invariants every extraction keeps."""
    first = extract(text, doc_id="p", rules=rules)
    again = extract(text, doc_id="p", rules=rules)
    dicts = [c.to_dict() for c in first.claims]
    assert dicts == [c.to_dict() for c in again.claims], "output must be deterministic"
    json.dumps(dicts, ensure_ascii=False).encode("utf-8")
    for claim in first.claims:
        assert 0 <= claim.span.start <= claim.span.end <= len(text)
        assert claim.text == text[claim.span.start:claim.span.end]
        assert 0 <= claim.evidence.start <= claim.evidence.end <= len(text)
        if claim.speaker_span is not None:
            assert claim.speaker_span.end <= len(text)
            assert text[claim.speaker_span.start:claim.speaker_span.end] == claim.speaker_mention
        if claim.cue_span is not None:
            assert claim.cue_span.end <= len(text)
            assert text[claim.cue_span.start:claim.cue_span.end] == claim.cue
        if claim.source is not None and claim.source.span is not None:
            assert claim.source.span.end <= len(text)
    return first


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

# any character a string can hold in UTF-8 (no lone surrogates: the readers
# refuse or replace them before the pipeline sees them)
ANY_CHAR = st.characters(blacklist_categories=("Cs",))


@SETTINGS
@given(st.text(ANY_CHAR, max_size=400))
def test_any_unicode_text(rules, text):
    assert_sound(text, rules)


# news-shaped noise: the pieces the rules react to, in any order
PIECES = st.sampled_from([
    '"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」", " ", "  ", "\n", "\n\n",
    "\r\n", "\r", "\t", "\u00a0", "\u200b", "\u200e", "\u200f", "\u202e", "\ufeff", "\x00",
    "\x0b", "\x1b", ".", ",", ":", ";", "!", "?", "…", "—", "-", "(", ")", "said", "told",
    "wrote", "according to", "in a statement", "CNN", "on X", "he", "she", "they",
    "Jane Doe", "President", "Mr.", "the minister", "officials", "that", "We", "will",
    "not", "\ue000", "2025", "Monday", "Kyiv,", "Jan. 5", "U.S.", "É", "ش", "中",
])


@SETTINGS
@given(st.lists(st.one_of(PIECES, st.text(ANY_CHAR, max_size=6)), max_size=80))
def test_news_shaped_noise(rules, pieces):
    assert_sound("".join(pieces), rules)


# ---------------------------------------------------------------- mutations
MUTATIONS = {
    "insert_quote": lambda t, i, r: t[:i] + r.choice('"“”‘’\'«»') + t[i:],
    "delete_quote": lambda t, i, r: _delete_first(t, i, '"“”‘’\'«»'),
    "double_punct": lambda t, i, r: _double_first(t, i, ".,;:!?"),
    "crlf": lambda t, i, r: t.replace("\n", "\r\n"),
    "lone_cr": lambda t, i, r: t.replace("\n", "\r"),
    "control": lambda t, i, r: t[:i] + r.choice("\x00\x01\x07\x0b\x0c\x1b\x7f\x85") + t[i:],
    "rtl": lambda t, i, r: t[:i] + r.choice("\u200f\u202b\u202e\u2067\u061c") + t[i:],
    "zero_width": lambda t, i, r: t[:i] + r.choice("\u200b\u200c\u200d\u2060\ufeff") + t[i:],
    "slice_from": lambda t, i, r: t[i:],
    "slice_to": lambda t, i, r: t[:i],
    "swap_marks": lambda t, i, r: t.replace("“", "\"").replace("”", "“"),
    "nbsp": lambda t, i, r: t.replace(" ", "\u00a0", 3),
}


def _delete_first(text, at, chars):
    for j in range(at, len(text)):
        if text[j] in chars:
            return text[:j] + text[j + 1:]
    return text


def _double_first(text, at, chars):
    for j in range(at, len(text)):
        if text[j] in chars:
            return text[:j] + text[j] * 2 + text[j:]
    return text


@SETTINGS
@given(st.sampled_from(PARAGRAPHS + [SEED_TEXT]),
       st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.floats(0, 1)), min_size=1,
                max_size=6),
       st.randoms(use_true_random=False))
def test_mutated_news_text(rules, text, mutations, rnd):
    for name, where in mutations:
        text = MUTATIONS[name](text, int(where * len(text)), rnd)
    assert_sound(text, rules)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_of_the_whole_seed(rules, name):
    import random
    text = MUTATIONS[name](SEED_TEXT, len(SEED_TEXT) // 3, random.Random(7))
    result = assert_sound(text, rules)
    if name in ("crlf", "lone_cr", "zero_width", "rtl", "nbsp"):
        # line ends and invisible marks do not hide the article's claims
        assert len(result.claims) >= 10
