"""No input makes extraction super-linear.

Each case times extraction of a hostile text at size n and 4n: linear work
gives a ratio near 4, quadratic near 16. The bound (10) is generous so a
busy machine does not fail the test, and a case over it is measured again
before failing. Sizes are chosen so the larger run takes well under a
second here.
"""
import time

import pytest

from quotetrack import extract
from quotetrack.patterns import QUOTE_FILL

RATIO = 10


def _best_time(run, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def _ratio(run_at, n):
    return _best_time(lambda: run_at(4 * n)) / max(_best_time(lambda: run_at(n)), 1e-4)


def assert_linear(run_at, n):
    ratio = _ratio(run_at, n)
    if ratio >= RATIO:  # once more: a busy machine, not the code
        ratio = min(ratio, _ratio(run_at, n))
    assert ratio < RATIO, f"time grew {ratio:.1f}x for 4x the input"


# (case, repeated unit, characters at n)
HOSTILE = [
    ("straight quote marks", '"', 10_000),
    ("mixed quote marks", '"“”‘’«»„', 8_000),
    ("unclosed quotes in paragraphs", '"We will\n\n', 8_000),
    ("names without punctuation", "Jane Doe ", 40_000),
    ("cue words", "said ", 8_000),
    ("name and cue", "Jane Doe said ", 4_000),
    ("quote chain", '"a," he said, ', 3_000),
    # one sentence of many claims: each participle cue looks back for its subject
    ("claims in one sentence", 'called it “x” and said “y” and ', 2_000),
    # each claim weighs the sentence's channels
    ("channels in one sentence", 'he told CNN “x” ', 2_000),
    ("channel verbs in one sentence", 'Trump tweeted “x” ', 2_000),
    ("appositives", "Jane Doe, a spokesman for the agency, ", 40_000),
    ("abbreviations", "Mr. ", 4_000),
    ("initials", "J. ", 3_000),
    ("commas", ", ", 40_000),
    ("spaces", " ", 100_000),
    ("zero-width joined words", "word\u200b", 40_000),
]


@pytest.mark.parametrize("case, unit, n", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_extraction_is_linear(rules, case, unit, n):
    def run_at(size):
        extract(unit * (size // len(unit)), rules=rules)
    assert_linear(run_at, n)


STALL_TEXTS = [
    ("names before a cue", "Jane Doe ", " said"),
    ("cues after names", "Jane Doe said ", ""),
    ("masked quotes", QUOTE_FILL + " ", " he said"),
    ("commas before a cue", "a, ", " she said, " + QUOTE_FILL),
]


@pytest.mark.parametrize("case, unit, tail", STALL_TEXTS, ids=[c[0] for c in STALL_TEXTS])
def test_no_bundled_rule_stalls_on_a_long_sentence(rules, case, unit, tail):
    # the rules straight on one long masked sentence, as the matcher runs them
    patterns = [r.pattern for r in (*rules.attribution_rules, *rules.source_rules)]

    def run_at(size):
        text = unit * (size // len(unit)) + tail
        for pattern in patterns:
            if pattern.may_match(text):
                for _ in pattern.finditer(text):
                    pass
    assert_linear(run_at, 1_500)


def test_100000_quote_marks_in_an_article(rules):
    text = ('"We will win," the mayor said. ' + '"' * 100_000
            + '\n\n"It is over," Jane Doe told CNN.')
    started = time.perf_counter()
    result = extract(text, rules=rules)
    assert time.perf_counter() - started < 30
    assert [c.text for c in result.claims][:1] == ["We will win,"]
    assert all(text[c.span.start:c.span.end] == c.text for c in result.claims)
