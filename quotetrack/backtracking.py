"""Refuse regular expressions that can backtrack catastrophically.

Python's ``re`` is a backtracking matcher: ``(a+)+$`` tried on forty ``a``
and a ``!`` takes longer than the universe has left. Rule patterns and
lexicon patterns come from users (``--rules DIR``), so they are checked when
loaded, on the parsed expression (``re._parser``, formerly ``sre_parse``).

A *long repeat* is one that may run more than :data:`LONG_REPEAT` times
(``*``, ``+``, ``{1,50}``). Inside a long repeat's body, text must be
split between iterations in only one way; the check refuses:

* a variable repeat (``\\w+``, ``\\s?``, ``x{1,3}``) whose characters can
  also start what follows it, when what follows may be the next iteration of
  the long repeat: ``(a+)+``, ``(\\w+\\s?)*``, ``(.*a){20}``;
* alternatives that can start with the same character (an empty alternative
  starts with whatever follows): ``(a|a)*``, ``(a|aa)*``, ``(?:ab|\\w+)+``.
  (The parser merges one-character alternatives such as ``x|\\w`` into a
  character class, which is safe.)

Short repeats (``{0,3}``, as the bundled rules use around words) only cost
a bounded factor and are allowed, as are long repeats of plain characters
(``[^,]{1,140}?``, ``.*``). The check is conservative: ``(?:\\w+-)*`` is
accepted (the ``-`` separates iterations), ``(?:\\w+\\s*)*`` is refused
even though a regex engine with memoisation would manage it. Character sets
are compared on a sample alphabet (Latin, Greek, Cyrillic, punctuation and
every character the pattern names), ignoring case when the pattern
has ``(?i)`` anywhere.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List, Optional, Tuple

import attrs

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

LONG_REPEAT = 10

_SAMPLE = frozenset(chr(c) for c in range(0x250)) | frozenset(
    "\u0391\u03b1\u0416\u0436\u05d0\u0627\u0663\u4e2d\u00a0\u2009\u202f\u200b\u200e\u200f"
    "\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb\u2013\u2014\u2026\ue000\ufeff\U0001f600")
_CATEGORY = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_LINEBREAK": r"\n", "CATEGORY_NOT_LINEBREAK": r"[^\n]",
}


def _category(name: str, chars) -> FrozenSet[str]:
    return frozenset(ch for ch in chars if re.fullmatch(_CATEGORY[name], ch))


_SAMPLE_CATEGORIES = {name: _category(name, _SAMPLE) for name in _CATEGORY}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


@attrs.frozen
class Hazard:
    """Why a pattern may backtrack catastrophically; ``offset`` is where the
    long repeat's quantifier is in the pattern (0 when it cannot be placed)."""

    offset: int
    message: str


def find_hazard(pattern: str, flags: int = 0) -> Optional[Hazard]:
    """The first catastrophic-backtracking shape in ``pattern``, or None.

    ``pattern`` must compile (check that first).
    """
    tree = _parser.parse(pattern, flags)
    checker = _Checker(pattern, bool(flags & re.IGNORECASE)
                       or _CASELESS_GROUP.search(pattern) is not None)
    found = checker.walk(list(tree), frozenset(), None)
    if found is None:
        return None
    repeat, message = found
    return Hazard(checker.offset_of(tree, repeat), message)


class _Checker:
    def __init__(self, pattern: str, caseless: bool) -> None:
        # with (?i) anywhere, letters are compared ignoring case everywhere
        self.caseless = caseless
        extra = frozenset(pattern) - _SAMPLE
        self.alphabet = _SAMPLE | extra
        self.categories = {name: chars | _category(name, extra)
                           for name, chars in _SAMPLE_CATEGORIES.items()}
        self.pattern = pattern
        # the same classes (the spaces between words) come back many times
        self.classes: dict = {}

    # ------------------------------------------------------------ first sets
    def first(self, seq) -> Tuple[FrozenSet[str], bool]:
        """Characters a match of ``seq`` can start with, and whether it can be empty."""
        result: FrozenSet[str] = frozenset()
        for op, av in seq:
            chars, nullable = self.first_item(op, av)
            result |= chars
            if not nullable:
                return result, False
        return result, True

    def first_item(self, op, av) -> Tuple[FrozenSet[str], bool]:
        name = str(op)
        if name == "LITERAL":
            return self.cased(chr(av)), False
        if name == "NOT_LITERAL":
            return self.alphabet - self.cased(chr(av)), False
        if name == "ANY":
            return self.alphabet, False
        if name == "IN":
            return self.char_class(av), False
        if name == "CATEGORY":
            return self.categories.get(str(av), self.alphabet), False
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            return self.first(av[-1])
        if name == "BRANCH":
            chars, nullable = frozenset(), False
            for alt in av[1]:
                c, n = self.first(alt)
                chars, nullable = chars | c, nullable or n
            return chars, nullable
        if name in _REPEATS:
            chars, nullable = self.first(av[2])
            return chars, nullable or av[0] == 0
        if name in _ZERO_WIDTH:
            return frozenset(), True
        if name == "GROUPREF_EXISTS":
            chars, nullable = self.first(av[1])
            if av[2] is None:
                return chars, True
            c, n = self.first(av[2])
            return chars | c, nullable or n
        return self.alphabet, True  # a back-reference: anything, maybe nothing

    def cased(self, ch: str) -> FrozenSet[str]:
        if not self.caseless:
            return frozenset(ch)
        return frozenset(c for c in (ch, ch.lower(), ch.upper()) if len(c) == 1)

    def char_class(self, items) -> FrozenSet[str]:
        key = tuple(items)
        found = self.classes.get(key)
        if found is None:
            found = self.classes[key] = self._char_class(key)
        return found

    def _char_class(self, items) -> FrozenSet[str]:
        chars: set = set()
        negate = False
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                chars |= self.cased(chr(av))
            elif name == "RANGE":
                chars |= {ch for ch in self.alphabet if av[0] <= ord(ch) <= av[1]}
                chars |= {chr(c) for c in range(av[0], min(av[1], av[0] + 64) + 1)}
            elif name == "CATEGORY":
                chars |= self.categories.get(str(av), self.alphabet)
            else:
                chars |= self.alphabet
        if self.caseless:  # (else each character is its only case)
            chars = {c for ch in chars for c in self.cased(ch)}
        return self.alphabet - frozenset(chars) if negate else frozenset(chars)

    # ------------------------------------------------------------ the walk
    def walk(self, seq, follow: FrozenSet[str], inside):
        """Check each item of ``seq`` given what may follow the sequence.

        ``inside`` is the innermost enclosing long repeat (None at the top):
        only there does an ambiguous split cost more than a bounded factor.
        """
        for index, (op, av) in enumerate(seq):
            rest, rest_nullable = self.first(seq[index + 1:])
            after = rest | follow if rest_nullable else rest
            found = self.item(op, av, after, inside)
            if found:
                return found
        return None

    def item(self, op, av, after: FrozenSet[str], inside):
        name = str(op)
        if name in _REPEATS:
            low, high, body = av
            body_first, _ = self.first(body)
            node = (op, av)
            # a variable repeat may end early and let what follows take the rest
            if inside is not None and low != high and body_first & after:
                return inside, ("a repeat inside a repeat can split the same text in many "
                                "ways (like (a+)+ or (\\w+\\s?)*)")
            if high > LONG_REPEAT or high == _c.MAXREPEAT:
                # what follows an iteration may be the next iteration; what
                # follows the whole repeat matters only inside another one
                # (elsewhere an overlap there costs a factor of n, not 2**n)
                return self.walk(list(body), body_first | (after if inside else frozenset()),
                                 node)
            return self.walk(list(body), body_first | after if high > 1 else after, inside)
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            return self.walk(list(av[-1]), after, inside)
        if name == "BRANCH":
            seen: FrozenSet[str] = frozenset()
            for alt in av[1]:
                chars, nullable = self.first(alt)
                if nullable:
                    chars = chars | after
                if inside is not None and chars & seen:
                    return inside, ("alternatives inside a repeat can match the same text "
                                    "(like (a|a)* or (a|aa)*)")
                seen |= chars
                found = self.walk(list(alt), after, inside)
                if found:
                    return found
            return None
        if name in ("ASSERT", "ASSERT_NOT"):
            return self.walk(list(av[1]), frozenset(), None)
        if name == "GROUPREF_EXISTS":
            for branch in av[1:]:
                if branch is not None:
                    found = self.walk(list(branch), after, inside)
                    if found:
                        return found
        return None

    # ------------------------------------------------------------ location
    def offset_of(self, tree, repeat) -> int:
        """Where ``repeat``'s quantifier is in the pattern.

        Quantifiers appear in the text in the post-order of the repeat nodes;
        when the parser has rewritten the pattern so the counts differ, 0.
        """
        nodes: List = []

        def visit(seq):
            for op, av in seq:
                name = str(op)
                if name in _REPEATS:
                    visit(av[2])
                    nodes.append((op, av))
                elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                    visit(av[-1])
                elif name == "BRANCH":
                    for alt in av[1]:
                        visit(alt)
                elif name in ("ASSERT", "ASSERT_NOT"):
                    visit(av[1])
                elif name == "GROUPREF_EXISTS":
                    for branch in av[1:]:
                        if branch is not None:
                            visit(branch)

        visit(tree)
        quantifiers = _quantifier_offsets(self.pattern)
        for index, node in enumerate(nodes):
            if node[1] is repeat[1]:
                return quantifiers[index] if len(quantifiers) == len(nodes) else 0
        return 0


_CASELESS_GROUP = re.compile(r"\(\?[aLmsux]*i")
_QUANTIFIER = re.compile(r"[*+?]|\{\d*,?\d*\}")


def _quantifier_offsets(pattern: str) -> List[int]:
    """Offsets of the quantifiers (``*``, ``+``, ``?``, ``{m,n}``) in a pattern,
    skipping escapes, character classes, lazy/possessive suffixes and the
    ``?`` of a group's ``(?``."""
    offsets: List[int] = []
    i, n = 0, len(pattern)
    previous_quantified = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i, previous_quantified = i + 2, False
            continue
        if ch == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i, previous_quantified = j + 1, False
            continue
        if ch == "(" and pattern.startswith("(?", i):
            i, previous_quantified = i + 2, False
            continue
        m = _QUANTIFIER.match(pattern, i)
        if m and m.group() != "{}" and not (ch == "{" and not re.match(r"\{\d", m.group())
                                            and m.group() != "{,}"):
            if previous_quantified and ch in "?+":
                i, previous_quantified = i + 1, False  # lazy or possessive suffix
                continue
            offsets.append(i)
            i, previous_quantified = m.end(), True
            continue
        i, previous_quantified = i + 1, False
    return offsets
