"""A cheap test that a text may match a regular expression: its required words.

From the parsed pattern we work out a set of literal strings at least one of
which occurs in every match (the words of a mandatory alternation, a fixed
word), and search for those first, case-insensitively. A sentence without
any of them cannot match, and most sentences hold none of a channel rule's
words ("interview", "tweet", "statement"), so the full pattern, which a
backtracking engine tries at every position, runs on few sentences.
"""
from __future__ import annotations

import re
from typing import FrozenSet, Optional

try:  # the parser moved in Python 3.11
    from re import _constants as _c, _parser as _parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

MIN_LENGTH = 3  # shorter literals occur everywhere and would not filter
MAX_LITERALS = 2000

_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def required_literals(pattern: str) -> Optional[FrozenSet[str]]:
    """Lower-cased strings one of which every match contains, or None."""
    try:
        parsed = _parse.parse(pattern)
    except (re.error, RecursionError):
        return None
    try:
        found = _sequence(list(parsed))
    except RecursionError:
        return None
    if not found or min(map(len, found)) < MIN_LENGTH or len(found) > MAX_LITERALS:
        return None
    return frozenset(found)


def prefilter_regex(pattern: str) -> Optional[re.Pattern]:
    """A regex for :func:`required_literals`, or None when there is nothing to require."""
    literals = required_literals(pattern)
    if literals is None:
        return None
    ordered = sorted(literals, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def _better(a: Optional[frozenset], b: Optional[frozenset]) -> Optional[frozenset]:
    """The more selective requirement: longer shortest literal, then fewer literals."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items) -> Optional[frozenset]:
    best: Optional[frozenset] = None
    run = []

    def close_run() -> None:
        nonlocal best, run
        if run:
            best = _better(best, frozenset(["".join(run).lower()]))
            run = []

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
        elif op in _ZERO_WIDTH:
            continue  # takes no characters: the words around it stay adjacent
        else:
            close_run()
            best = _better(best, _item(op, arg))
    close_run()
    return best


def _item(op, arg) -> Optional[frozenset]:
    if op is _c.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    if op in _REPEATS:
        low, _high, inner = arg
        return _sequence(list(inner)) if low >= 1 else None
    if op is _c.BRANCH:
        union: set = set()
        for alternative in arg[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            union |= found
            if len(union) > MAX_LITERALS:
                return None
        return frozenset(union)
    return None
