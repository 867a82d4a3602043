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
import unicodedata
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

try:  # the parser moved in Python 3.11
    from re import _constants as _c, _parser as _parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

MIN_LENGTH = 3  # shorter literals occur everywhere and would not filter
MAX_LITERALS = 2000

_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def required_literals(pattern: str, parsed=None, bodies: Optional[Dict[int, str]] = None,
                      min_length: int = MIN_LENGTH) -> Optional[FrozenSet[str]]:
    """Lower-cased strings one of which every match contains, or None.

    ``parsed`` is the pattern's parse tree when the caller has it (see
    ``regexsplice.compile_parsed``: the speaker grammar, 50 kB of regex in
    most rules, took most of the rule set's parsing here); ``bodies`` names
    the sub-patterns in it (by id) that are a shared body's text, whose
    strings are then worked out once for every pattern holding them.
    ``min_length``: the shortest literal worth a search of its own (one scan
    for many patterns' words, ``LiteralIndex``, may take shorter ones)."""
    try:
        if parsed is None:
            parsed = _parse.parse(pattern)
        _exact, found = _sequence(list(parsed), bodies or {})
    except (re.error, RecursionError):
        return None
    if not found or len(found) > MAX_LITERALS:
        return None
    if min(map(len, found)) < min_length and not all(map(_holds_rare_mark, found)):
        return None
    return frozenset(found)


# the punctuation nearly every sentence holds; any other mark (a colon, a
# semicolon, a bracket) is as rare as a word: "{name}: {quote}" needs a colon
_COMMON_MARKS = frozenset(",.-'’")


def _holds_rare_mark(literal: str) -> bool:
    return any(not ch.isalnum() and not ch.isspace() and ch not in _COMMON_MARKS
               for ch in literal)


def literals_regex(literals: Optional[FrozenSet[str]]) -> Optional[re.Pattern]:
    """A case-blind search for any of ``literals``; None when there are none."""
    if literals is None:
        return None
    ordered = sorted(literals, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def lowered_literals_regex(literals: Optional[FrozenSet[str]]) -> Optional[re.Pattern]:
    """A plain search for any of ``literals`` in a text's ``lowered`` form, or
    None when some literal has a letter re folds oddly (then only the
    case-blind search is exact). A case-blind regex search tries every
    position; a plain one skips to the literals' first letters."""
    if literals is None or not all(map(folds_plainly, literals)):
        return None
    ordered = sorted(literals, key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, ordered)))


# the only characters re's case-blind matching takes for an ASCII letter that
# lower() does not turn into it: dotted and dotless i, long s (the Kelvin sign
# lowers to "k"; Python's re documentation lists these four)
_FOLDS_ODDLY = re.compile("[\u0130\u0131\u017f]")
try:  # letters re also takes for others ("σ" for "ς"), beyond lower and upper case
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - Python < 3.11: plain ASCII only
    _EXTRA_CASES = None


def folds_plainly(literal: str) -> bool:
    """Whether, in a text ``lowered`` does not refuse, re's case-blind search
    finds the lower-case ``literal`` exactly where a plain search of the lower
    case does: every character is plain ASCII, or lower case with no other
    letter re takes for it ("é", not "σ")."""
    return all(ch.isascii() or (_EXTRA_CASES is not None and ch == ch.lower()
                                and ord(ch) not in _EXTRA_CASES) for ch in literal)


def lowered(text: str) -> Optional[str]:
    """``text.lower()``, in which a plain search for lower-case ASCII literals
    finds what a case-blind search of ``text`` finds; None when the text holds
    a character for which that is not so."""
    if _FOLDS_ODDLY.search(text):
        return None
    return text.lower()


def _better(a: Optional[frozenset], b: Optional[frozenset]) -> Optional[frozenset]:
    """The more selective requirement: longer shortest literal, then fewer literals."""
    if not a:
        return b or None
    if not b:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


# Each part of a pattern is described by two sets of lower-cased strings:
# ``exact``, the strings it matches when it matches only fixed strings (so
# neighbours can be joined: "[Aa]ccording" is "according"), and
# ``required``, strings one of which any match of it contains; None when
# there is no such set.
Found = Tuple[Optional[frozenset], Optional[frozenset]]


# a shared body's text -> what _sequence found in it (see required_literals)
_BODY_FOUND: Dict[str, "Found"] = {}


def forget_body_literals() -> None:
    """Drop what was found in shared bodies (they serve while a rule set compiles)."""
    _BODY_FOUND.clear()


def _sub(sub, bodies: Dict[int, str]) -> "Found":
    text = bodies.get(id(sub)) if bodies else None
    if text is None:
        return _sequence(list(sub), bodies)
    found = _BODY_FOUND.get(text)
    if found is None:
        if len(_BODY_FOUND) >= 64:  # rule sets loaded one after another
            _BODY_FOUND.clear()
        found = _BODY_FOUND[text] = _sequence(list(sub), bodies)
    return found


def _sequence(items, bodies: Dict[int, str]) -> Found:
    best: Optional[frozenset] = None
    current: Optional[frozenset] = frozenset([""])
    exact_so_far = True
    for op, arg in _merged(items):
        exact, required = _item(op, arg, bodies)
        if exact == _NOTHING and required:
            # a lookaround takes no characters, but what it looks at is in the text
            best = _better(best, required)
        if exact is not None and current is not None and \
                len(current) * len(exact) <= MAX_LITERALS:
            current = frozenset(a + b for a in current for b in exact)
            continue
        exact_so_far = False
        best = _better(best, _nonempty(current))
        best = _better(best, required)
        current = exact if exact is not None and len(exact) <= MAX_LITERALS else frozenset([""])
    best = _better(best, _nonempty(current))
    return (current if exact_so_far else None), best


def _merged(items):
    """The items, with those of a group of no number or flags in their place,
    as the parser leaves them (regexsplice puts a shared body in such a group)."""
    for op, arg in items:
        if op is _c.SUBPATTERN and arg[0] is None and not arg[1] and not arg[2]:
            yield from _merged(arg[-1])
        else:
            yield op, arg


def _nonempty(strings: Optional[frozenset]) -> Optional[frozenset]:
    if not strings or "" in strings:
        return None
    return strings


_NOTHING = frozenset([""])


def _item(op, arg, bodies: Dict[int, str]) -> Found:
    if op is _c.LITERAL:
        return frozenset([chr(arg).lower()]), None
    if op is _c.ASSERT:
        # (?=...) and (?<=...) must match, within the text searched
        exact, required = _sub(arg[1], bodies)
        return _NOTHING, required or _nonempty(exact)
    if op in _ZERO_WIDTH:
        return frozenset([""]), None  # takes no characters: its neighbours stay adjacent
    if op is _c.IN:
        chars = {chr(a).lower() for o, a in arg if o is _c.LITERAL}
        if len(chars) <= 4 and all(o is _c.LITERAL for o, _ in arg):
            return frozenset(chars), None  # [Tt]he
        return None, None
    if op is _c.SUBPATTERN:
        return _sub(arg[-1], bodies)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(arg), bodies)
    if op in _REPEATS:
        low, high, inner = arg
        exact, required = _sequence(list(inner), bodies)
        if low == high == 1:
            return exact, required
        return None, (required or _nonempty(exact)) if low >= 1 else None
    if op is _c.BRANCH:
        exacts, union = set(), set()
        all_exact = True
        for alternative in arg[1]:
            exact, required = _sequence(list(alternative), bodies)
            if exact is None:
                all_exact = False
            else:
                exacts |= exact
            required = required or _nonempty(exact)
            if union is not None:
                union = None if required is None else union | required
        if union is not None and len(union) > MAX_LITERALS:
            union = None
        exact = frozenset(exacts) if all_exact and len(exacts) <= MAX_LITERALS else None
        return exact, (frozenset(union) if union is not None else None)
    return None, None


# the trie lets a space in a word match any run of spaces (patterns.WS)
_SPACES = str.maketrans({c: " " for c in "\t\u00a0\u2009\u202f\u200b\u200e\u200f"})


def _spaced(text: str) -> str:
    return " ".join(text.translate(_SPACES).split())


class LiteralIndex:
    """Which of many patterns may match a text, from one scan for all their
    required words instead of one search per pattern."""

    def __init__(self, requirements: Sequence[Optional[FrozenSet[str]]]) -> None:
        self.requirements = list(requirements)
        words = sorted({w for r in self.requirements if r for w in r}, key=lambda w: (-len(w), w))
        # every word that is part of another: found whenever the longer one is,
        # since at one position the scan reports only the longest word there
        self.inside: Dict[str, Set[str]] = {}
        for w in words:
            self.inside.setdefault(_spaced(w), set()).update(v for v in words if v in w)
        from .patterns import _trie  # a character trie: tries only words sharing the next letters
        self.scan = re.compile("(?=(" + _trie(words) + "))", re.IGNORECASE) if words else None
        # the same scan, plain, over the text's lower case (see ``lowered``):
        # much faster, and exact when the words fold plainly; searched for from
        # each place found on (see ``found``), with no lookahead in front, so
        # that re scans for the words' first letters
        self.plain_search = (re.compile("(" + _trie(words, first_check=False) + ")").search
                             if words and all(map(folds_plainly, words)) else None)
        self.unconditional = [i for i, r in enumerate(self.requirements) if r is None]
        self.by_word: Dict[str, List[int]] = {}  # a required word -> the patterns needing it
        for i, requirement in enumerate(self.requirements):
            for word in requirement or ():
                self.by_word.setdefault(word, []).append(i)

    def found(self, text: str) -> Optional[Set[str]]:
        """The required words ``text`` holds; None when a case mapping that
        lower() does not undo leaves the scan unsure (then anything may match)."""
        low = lowered(text) if self.plain_search is not None else None
        found: Set[str] = set()
        for word in (self.scan.finditer(text) if low is None else self._plain_words(low)):
            inside = self.inside.get(_spaced(word.group(1).lower()))
            if inside is None:
                return None
            found |= inside
        return found

    def _plain_words(self, low: str) -> Iterator[re.Match]:
        """What ``self.scan.finditer`` finds (a word at each position where
        one starts), from a plain search of the lower-cased text."""
        search = self.plain_search
        word = search(low)
        while word is not None:
            yield word
            word = search(low, word.start() + 1)

    def possible(self, text: str) -> List[bool]:
        """For each pattern, False only when the text lacks all its required words."""
        found = None if self.scan is None else self.found(text)
        if found is None:
            return [True] * len(self.requirements)
        return [r is None or not r.isdisjoint(found) for r in self.requirements]

    def possible_indices(self, text: str) -> List[int]:
        """The indices where ``possible(text)`` is True, in order, from the
        words found rather than a test of every pattern's requirements: most
        texts hold the words of few patterns."""
        found = None if self.scan is None else self.found(text)
        if found is None:
            return list(range(len(self.requirements)))
        possible = set(self.unconditional)
        for word in found:
            possible.update(self.by_word.get(word, ()))
        return sorted(possible)


# ---------------------------------------------------------------- leading words
#
# A gate (a rule's cue lexicon, compiled by ``patterns.phrase_regex``) matches
# only at a word start, and every match begins with one of a few words: "said",
# "according", "warn". A sentence without any of them cannot hold the gate,
# and one scan of a sentence for the first words of every gate finds which
# gates it may hold and where, instead of one search per gate.

MAX_STATES = 20000  # partial words followed through the pattern before giving up
MAX_TURNS = 12  # a repeat is followed this many times before giving up


class _GiveUp(Exception):
    pass


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _gap_char(ch: str) -> bool:
    """A character that ends a word whatever the case rules: no letter or
    digit matches it, even case-insensitively (punctuation, spaces, marks)."""
    if ch.isascii():
        return not _word_char(ch)
    return unicodedata.category(ch)[0] in "ZPC"


def _is_word_boundary(op, arg, direction: int) -> bool:
    """``(?<![\\w])`` (direction -1) or ``(?![\\w])`` (1)."""
    return (op is _c.ASSERT_NOT and arg[0] == direction and len(arg[1]) == 1
            and arg[1][0] == (_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)]))


def leading_words(pattern: str, parsed=None) -> Optional[FrozenSet[str]]:
    """Lower-cased words one of which opens every match of ``pattern``, as a
    whole word (a letter, digit or "_" never follows it); None when the
    pattern does not say (it need not start at a word start, or its first
    word may be any word, or is not plain ASCII). ``parsed``: its parse tree,
    when the caller has it."""
    try:
        items = list(_parse.parse(pattern) if parsed is None else parsed)
    except (re.error, RecursionError):
        return None
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN:  # (?:...) around it all
        items = list(items[0][1][-1])
    if not items or not _is_word_boundary(*items[0], -1):
        return None
    try:
        states = _expand(items[1:], {("", False)})
    except (_GiveUp, RecursionError):
        return None
    if any(not done or not word for word, done in states):
        return None
    return frozenset(word for word, _ in states)


def _expand(items, states: Set[Tuple[str, bool]]) -> Set[Tuple[str, bool]]:
    """The (word so far, word ended) states after ``items``; ended ones stay."""
    for op, arg in items:
        pending = {s for s in states if not s[1]}
        if not pending:
            break
        states = (states - pending) | _step(op, arg, pending)
        if len(states) > MAX_STATES:
            raise _GiveUp
    return states


def _chars(ch: str, states) -> Set[Tuple[str, bool]]:
    if _word_char(ch):
        if not ch.isascii():
            raise _GiveUp
        return {(word + ch.lower(), False) for word, _ in states}
    if _gap_char(ch):
        return {(word, True) for word, _ in states}
    raise _GiveUp


def _step(op, arg, states) -> Set[Tuple[str, bool]]:
    if op is _c.LITERAL:
        return _chars(chr(arg), states)
    if op is _c.IN:
        if not all(o is _c.LITERAL for o, _ in arg) or len(arg) > 16:
            raise _GiveUp
        result: Set[Tuple[str, bool]] = set()
        for _, code in arg:
            result |= _chars(chr(code), states)
        return result
    if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
        if _is_word_boundary(op, arg, 1):
            return {(word, True) for word, _ in states}
        return set(states)  # takes no characters; dropping its condition only adds matches
    if op is _c.SUBPATTERN:
        return _expand(list(arg[-1]), set(states))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _expand(list(arg), set(states))
    if op is _c.BRANCH:
        result = set()
        for alternative in arg[1]:
            result |= _expand(list(alternative), set(states))
        return result
    if op in _REPEATS:
        low, high, inner = arg
        result = set(states) if low == 0 else set()
        current = set(states)
        for turn in range(1, high + 1):
            current = _expand(list(inner), current)
            if turn >= low:
                result |= current
            if all(done for _, done in current):
                return result | current
            if turn == MAX_TURNS:
                break
        if high <= MAX_TURNS:
            return result
        raise _GiveUp
    raise _GiveUp


class WordIndex:
    """Where the words of several sets occur in a text, from one pass over its words.

    ``positions(text)`` maps the index of each set with a word in the text to
    the offsets where its words start (whole words, found case-insensitively);
    it returns None when the scan meets a word it cannot place (one that
    equals a listed word only under a case rule ``lower()`` does not follow),
    and then any set may be there.
    """

    def __init__(self, word_sets: Sequence[FrozenSet[str]]) -> None:
        self.owners: Dict[str, List[int]] = {}
        for k, words in enumerate(word_sets):
            for word in words:
                self.owners.setdefault(word, []).append(k)
        from .patterns import _trie
        self.scan = (re.compile(r"(?<![\w])(?i:" + _trie(self.owners) + r")(?![\w])")
                     if self.owners else None)

    def positions(self, text: str) -> Optional[Dict[int, List[int]]]:
        found: Dict[int, List[int]] = {}
        owners = self.owners
        # the listed words are plain ASCII: an ASCII word of the text is one of
        # them exactly when its lower case is; another word may equal one only
        # under a wider case rule ("ſaid"), which the case-blind scan decides
        for m in _WORD.finditer(text):
            word = m.group()
            sets = owners.get(word.lower())
            if sets is None:
                if word.isascii() or self.scan is None or self.scan.fullmatch(word) is None:
                    continue
                return None
            start = m.start()
            for k in sets:
                if k in found:
                    found[k].append(start)
                else:
                    found[k] = [start]
        return found


_WORD = re.compile(r"\w+")
