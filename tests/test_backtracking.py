"""The catastrophic-backtracking check refuses the classic shapes, accepts the bundled rules."""
import re

import pytest

from quotetrack.backtracking import find_hazard
from quotetrack.patterns import LexiconView, compile_pattern

NESTED = "a repeat inside a repeat"
OVERLAP = "alternatives inside a repeat"


@pytest.mark.parametrize("pattern, why, offset", [
    (r"(a+)+", NESTED, 4),
    (r"(a+)+$", NESTED, 4),
    (r"(a*)*b", NESTED, 4),
    (r"(\w+\s?)*", NESTED, 8),
    (r"(?:\w+\s*)+x", NESTED, 10),
    (r"(.*a){20}", NESTED, 5),
    (r"(a?a)*", NESTED, 5),
    (r"(?:(?:\w+\s?){1,3})*", NESTED, 19),
    (r"(?:[^,]+,?)+!", NESTED, 11),
    (r"(?=(a+)+)", NESTED, 7),
    (r"(a|a)*", OVERLAP, 5),
    (r"(a|aa)*", OVERLAP, 6),
    (r"(?:[A-Z]\.|\w\.)+ [A-Z]", OVERLAP, 16),
    (r"(?i:(?:ab|AB|\w\w)+)", OVERLAP, 18),
    (r"x(?:y(a|a)*)", OVERLAP, 10),
])
def test_hostile_shapes_are_found_where_they_are(pattern, why, offset):
    hazard = find_hazard(pattern)
    assert hazard is not None and hazard.message.startswith(why)
    assert hazard.offset == offset


@pytest.mark.parametrize("pattern", [
    r".*", r"[^,]{1,140}?", r"(?:[\w-]+ ){0,3}", r"(?:\w+-)*", r"(x+y)*",
    r"(?:\s*,\s*\w+)*", r"(?i:told|tells)*", r"(?:[A-Z][\w.-]*\s+){0,4}x",
    r"(?:a|b)+", r"(?:Mr|Mrs|Mr\.)+ [A-Z]", r"(?:'[\w]+)*", r"\w+\w+",
])
def test_safe_shapes_are_accepted(pattern):
    assert find_hazard(pattern) is None


def test_a_refused_shape_really_is_slow_and_an_accepted_one_is_not():
    # what the check is for: 2**n paths on a failing match (kept small here)
    import time
    text = "a" * 20 + "!"
    slow_rx, fast_rx = re.compile(r"(a+)+$"), re.compile(r"(?:a-)*a+$")

    def best(rx):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            rx.match(text)
            times.append(time.perf_counter() - started)
        return min(times)

    assert best(slow_rx) > 100 * best(fast_rx)
    assert find_hazard(slow_rx.pattern) and not find_hazard(fast_rx.pattern)


def test_bundled_patterns_pass(rules):
    for rule in (*rules.attribution_rules, *rules.source_rules):
        assert rule.pattern.regex  # they compiled, so they passed the check
    for lexicon in rules.lexicons.values():
        for pattern in lexicon.patterns:
            assert find_hazard(pattern) is None, pattern


def test_a_rule_pattern_points_at_the_outer_repeat():
    from quotetrack.patterns import PatternError
    views = {"speech_verb": LexiconView("speech_verb", ("said",))}
    with pytest.raises(PatternError) as info:
        compile_pattern("(?:{cue} ){0,3}x(?:\\w+\\s?)+{content}", views)
    assert info.value.offset == len("(?:{cue} ){0,3}x(?:\\w+\\s?)")
    assert "backtrack catastrophically" in str(info.value)


def test_a_slot_counts_as_a_run_of_words():
    # "said said said ..." could be split between a long repeat's iterations
    # in many ways once a cue phrase has several words
    from quotetrack.patterns import PatternError
    views = {"speech_verb": LexiconView("speech_verb", ("said", "said so"))}
    with pytest.raises(PatternError):
        compile_pattern("(?:{cue} )+{content}", views)
    assert compile_pattern("(?:{cue} ){1,3}{content}", views).regex
