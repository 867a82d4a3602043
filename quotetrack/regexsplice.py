"""Compile regular expressions that share large groups, parsing each
shared group's body once.

Every attribution rule holds the whole ``{speaker}`` grammar (tens of
kilobytes of regex) in a named group, and most hold the end of a
``{content}`` (10 kB) in a lookahead; Python's regex parser, written in
Python, spent most of the rule set's loading time parsing that same text
again for each rule. :func:`compile_pieces` parses a rule with each large
group body (a named group's or a lookahead's, at the top level of a piece)
stood in for by one placeholder character, then puts the body's
own parse tree (parsed once, cached) in the placeholder's place and
generates the code from the whole tree. Generating the code was then most
of the time left, again mostly for the same body in every rule: sre's code
for a sub-pattern depends only on that sub-pattern and the flags in force
(its jumps are relative), so each body's code is generated once per set of
flags and copied into every rule that holds it. A lexicon's slot (a
non-capturing group, 2.7 kB for ``{speech_adverb}`` in 62 rules) is
spliced too: the parser merges a non-capturing group's content into the
sequence around it, and the body's items take the placeholder's place
there, in a group of no number (which generates no code of its own, and
whose code is the body's, copied). The result is the regex
``re.compile("".join(pieces))`` would give: same code, same groups, same
``pattern`` text (tests/test_regexsplice.py compares the code of every
bundled rule).

A body parses alone as it does inside its group when it has no capturing
groups, no global flags and no verbose mode; the pattern around it must
not refer back to groups (a group's width, which a back-reference in a
lookbehind needs, is computed before the body is put in) nor hold the
placeholder itself. When any of that does not hold, or the interpreter's
regex internals are not the expected ones, this falls back to
``re.compile``.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

try:  # the parser and compiler moved in Python 3.11
    from re import _compiler as _compile, _constants as _c, _parser as _parse
    import _sre
except ImportError:  # pragma: no cover - Python < 3.11: plain re.compile
    _compile = _c = _parse = _sre = None  # type: ignore[assignment]

# noncharacters: never in a rule, and each one literal to the parser; a
# pattern's first spliced body stands in as the first, and so on
PLACEHOLDER = "\ufdd0"
_PLACEHOLDER_COUNT = 32
_PLACEHOLDERS = re.compile("[\ufdd0-\ufdef]")
MIN_BODY = 500  # shorter bodies parse faster than they splice

# a pattern that refers back to a group cannot be cut into pieces or spliced
BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_VERBOSE = re.compile(r"\(\?[aiLmsu-]*x")

_BODIES: Dict[str, object] = {}  # body text -> its parse tree, or None: not spliceable
_CODES: Dict[Tuple[str, int], List[int]] = {}  # (body text, flags) -> the body's code
# while a spliced tree compiles: id(group sub-pattern) -> (the sub-pattern, its body text)
_SPLICED: Dict[int, Tuple[object, str]] = {}
_COMPILING = threading.Lock()
_plain_compile = getattr(_compile, "_compile", None)


def compile_pieces(pieces: Sequence[str]) -> re.Pattern:
    """``re.compile("".join(pieces))``, faster when pieces are named groups
    ``(?P<name>BODY)`` with a long BODY that other patterns share."""
    return compile_parsed(pieces)[0]


def compile_parsed(pieces: Sequence[str]) -> Tuple[re.Pattern, Optional[object], Dict[int, str]]:
    """:func:`compile_pieces`'s regex, the parse tree it was made from (None
    when nothing was spliced: then the pattern was never parsed here) and, by
    the id of each spliced group's sub-pattern in that tree, the body's text:
    a reader of the tree (``prefilter.required_literals``) need not parse the
    pattern again, and may remember what it found in a body for the next
    pattern that holds the same body."""
    pattern = "".join(pieces)
    spliced = _splice(pieces)
    if spliced is None:
        return re.compile(pattern), None, {}
    tree, bodies = spliced
    code = spliced_code(tree, bodies)
    indexgroup = [None] * tree.state.groups
    for name, index in tree.state.groupdict.items():
        indexgroup[index] = name
    regex = _sre.compile(pattern, tree.state.flags, code, tree.state.groups - 1,
                         tree.state.groupdict, tuple(indexgroup))
    return regex, tree, {key: text for key, (_sub, text) in bodies.items()}


def compile_sharing(pattern: str, shared: Sequence[str]) -> re.Pattern:
    """``re.compile(pattern)``, where ``pattern`` holds some of ``shared``: group
    texts (``(?:...)``) that other patterns hold too. The regexes the stages
    derive from the rules (a sentence's subject, the speaker after a quote, ...)
    each hold the speaker grammar's 48 kB core once or twice, and parsing it
    again for each took 0.5 s of every process's first document; cut around
    the shared texts, the pattern's pieces splice one parse of each."""
    pieces: List[str] = []
    at = 0
    while True:
        found = [(i, text) for text in shared if text for i in (pattern.find(text, at),) if i >= 0]
        if not found:
            break
        i, text = min(found, key=lambda f: (f[0], -len(f[1])))
        pieces.extend((pattern[at:i], text))
        at = i + len(text)
    pieces.append(pattern[at:])
    return compile_pieces(pieces)


def splice_tree(pieces: Sequence[str]):
    """The parse tree of ``"".join(pieces)`` with the shared bodies spliced in;
    None when nothing is spliced or it may not be."""
    spliced = _splice(pieces)
    return spliced[0] if spliced else None


def _splice(pieces: Sequence[str], refused: frozenset = frozenset()):
    """``splice_tree``'s tree and, for each group whose body was put in, the
    group's sub-pattern and body text (by the sub-pattern's id). ``refused``:
    the non-capturing groups' bodies not to splice (see _put_bodies)."""
    pattern = "".join(pieces)
    if _parse is None or BACKREFERENCE.search(pattern) or _VERBOSE.search(pattern) \
            or _PLACEHOLDERS.search(pattern) or "(?#" in pattern:
        return None
    stand_ins: List[str] = []
    spliced: Dict[int, Tuple[object, str]] = {}  # placeholder -> (body tree, body text)
    for piece in pieces:
        at = 0
        for _start, body_start, end in (_groups(piece) if len(piece) > MIN_BODY else ()):
            body = piece[body_start:end]
            tree = _body_tree(body) if end - body_start > MIN_BODY else None
            if tree is None or len(spliced) == _PLACEHOLDER_COUNT or (
                    body in refused and piece[body_start - 1] == ":"):
                continue
            placeholder = ord(PLACEHOLDER) + len(spliced)
            stand_ins.append(piece[at:body_start] + chr(placeholder))
            spliced[placeholder] = (tree, body)
            at = end
        stand_ins.append(piece[at:])
    if not spliced:
        return None
    try:
        tree = _parse.parse("".join(stand_ins), 0)
    except re.error:
        return None  # re.compile raises the error with the real pattern's offsets
    bodies: Dict[int, Tuple[object, str]] = {}
    put = _put_bodies(tree, spliced, bodies)
    if len(put) < len(spliced):  # again, with those bodies parsed in place
        not_put = frozenset(spliced[p][1] for p in spliced if p not in put)
        return None if refused else _splice(pieces, not_put)
    return tree, bodies


# the groups whose body is spliced: a named group, a lookahead, or a plain
# non-capturing group (a lexicon's slot: the parser merges its content into the
# sequence around it, and so does _put_bodies); not a lookbehind (the parser
# measures its width with the placeholder in) nor a group with flags
_SPLICEABLE = re.compile(r"\(\?(?:P<[A-Za-z_]\w*>|[=!:])")


@lru_cache(maxsize=256)
def _groups(piece: str) -> Tuple[Tuple[int, int, int], ...]:
    """(start, body start, end) of each spliceable group at the top level of
    ``piece`` (``end`` is its closing parenthesis); the same pieces (the
    speaker grammar) come back in rule after rule."""
    found: List[Tuple[int, int, int]] = []
    open_groups: List[Tuple[int, int]] = []  # (start, body start or -1)
    i = 0
    while True:
        m = _SYNTAX.search(piece, i)  # skip to the next character that matters here
        if m is None:
            break
        i = m.start()
        ch = piece[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = class_end(piece, i) + 1
            continue
        if ch == "(":
            m = None if open_groups else _SPLICEABLE.match(piece, i)
            open_groups.append((i, m.end() if m else -1))
        elif open_groups:  # ")" (else it closes a group of an earlier piece)
            start, body_start = open_groups.pop()
            if body_start >= 0:
                found.append((start, body_start, i))
        i += 1
    return tuple(found)


_SYNTAX = re.compile(r"[\\\[()]")


def class_end(pattern: str, start: int) -> int:
    """The index of the "]" closing the character class opened at ``start``
    (a leading "^" and a "]" right after it belong to the class)."""
    j = start + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j


def spliced_code(tree, bodies: Dict[int, Tuple[object, str]]) -> List[int]:
    """``_compiler._code(tree, 0)``, with each spliced body's code generated
    once per flags and copied after that."""
    if _plain_compile is None:  # pragma: no cover - unexpected regex internals
        return _compile._code(tree, 0)
    with _COMPILING:
        # the compiler recurses through its module's ``_compile``: for the time
        # of this call that is ``_compile_body``, which hands anything but a
        # spliced group (another thread's regex too) to the compiler unchanged
        _SPLICED.update(bodies)
        _compile._compile = _compile_body
        try:
            return _compile._code(tree, 0)
        finally:
            _compile._compile = _plain_compile
            _SPLICED.clear()


def _compile_body(code: List[int], pattern, flags: int) -> None:
    spliced = _SPLICED.get(id(pattern))
    if spliced is None or spliced[0] is not pattern:
        _plain_compile(code, pattern, flags)
        return
    key = (spliced[1], flags)
    body = _CODES.get(key)
    if body is None:
        start = len(code)
        _plain_compile(code, pattern, flags)
        _CODES[key] = code[start:]
    else:
        code.extend(body)  # sre's jumps are relative: the code is the same anywhere


def _body_tree(body: str):
    """The parse tree of a group body that parses alone as it would in place; None if it may not."""
    if body not in _BODIES:
        if len(_BODIES) >= 64:  # rule sets loaded one after another
            _BODIES.clear()
        tree = None
        if not BACKREFERENCE.search(body) and not _VERBOSE.search(body):
            try:
                parsed = _parse.parse(body, 0)
            except (re.error, RecursionError):
                parsed = None
            # no groups of its own (they would be numbered differently in place)
            # and no global flags
            if parsed is not None and parsed.state.groups == 1 \
                    and parsed.state.flags == _c.SRE_FLAG_UNICODE:
                tree = parsed
        _BODIES[body] = tree
    return _BODIES[body]


def _put_bodies(tree, spliced: Dict[int, Tuple[object, str]],
                bodies: Dict[int, Tuple[object, str]]) -> set:
    """Replace each placeholder group's content with its body's tree, and forget
    the widths computed with placeholders in them; returns the placeholders
    put, noting each named group's and lookahead's sub-pattern and body text
    in ``bodies``. A placeholder the parser merged into a character class
    ("(?:PH)|x" is "[PH x]") is not found.

    A non-capturing group's placeholder is a literal in the sequence it was
    merged into, and the body takes its place, in a group of no number (see
    prefilter._sequence, which reads its items as the parser would have
    left them, in the sequence around it). It may not be put
    inside a lookbehind (its width was measured with the placeholder), nor
    first in an alternative: the parser takes the first items the
    alternatives share out of a branch, and the body's first item might be
    one (its body is then parsed in place)."""
    done: set = set()
    not_put: set = set()

    def put(sub) -> bool:
        if len(sub.data) != 1 or sub.data[0][0] is not _c.LITERAL \
                or sub.data[0][1] not in spliced:
            return False
        done.add(sub.data[0][1])
        body, text = spliced[sub.data[0][1]]
        sub.data, sub.width = list(body.data), None
        bodies[id(sub)] = (sub, text)
        return True

    def walk(sub, behind: bool) -> None:
        sub.width = None
        data, i = sub.data, 0
        while i < len(data):
            op, av = data[i]
            i += 1
            if op is _c.LITERAL and av in spliced:
                if behind:
                    not_put.add(av)
                    continue
                # a group of no number or flags, as the parser leaves none: its
                # code is the body's, generated once (spliced_code)
                body = _parse.SubPattern(tree.state, list(spliced[av][0].data))
                data[i - 1] = (_c.SUBPATTERN, (None, 0, 0, body))
                bodies[id(body)] = (body, spliced[av][1])
                done.add(av)
                continue
            if behind and op in (_c.SUBPATTERN, _c.ASSERT, _c.ASSERT_NOT):
                pass  # no placeholder group is put inside a lookbehind
            elif op is _c.SUBPATTERN and av[0] and put(av[3]):
                continue
            elif op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] == 1 and put(av[1]):
                continue
            if op is _c.BRANCH:
                not_put.update(alternative.data[0][1] for alternative in av[1]
                               if alternative.data and alternative.data[0][0] is _c.LITERAL
                               and alternative.data[0][1] in spliced)
            inside = behind or (op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] == -1)
            for node in _children(av):
                walk(node, inside)

    walk(tree, False)
    return done - not_put


def _children(av) -> List[object]:
    """The sub-trees in one node's argument (nested in tuples and lists)."""
    found: List[object] = []
    stack = [av]
    while stack:
        item = stack.pop()
        if isinstance(item, _parse.SubPattern):
            found.append(item)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
    return found


def body_cache_size() -> Optional[int]:
    """How many group bodies have been parsed (for tests)."""
    return len(_BODIES)


def forget_bodies() -> None:
    """Drop the parsed bodies: they serve only while a rule set compiles, and
    kept they hold ~11 MB in every process."""
    _BODIES.clear()
    _CODES.clear()
    _groups.cache_clear()
