"""Compile regular expressions that share large named groups, parsing each
shared group's body once.

Every attribution rule holds the whole ``{speaker}`` grammar (tens of
kilobytes of regex) in a named group, and Python's regex parser, written in
Python, spent most of the rule set's loading time parsing that same text
again for each rule. :func:`compile_pieces` parses a rule with each large
group body stood in for by one placeholder character, then puts the body's
own parse tree (parsed once, cached) in the placeholder's place and
generates the code from the whole tree. The result is the regex
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
from typing import Dict, List, Optional, Sequence

try:  # the parser and compiler moved in Python 3.11
    from re import _compiler as _compile, _constants as _c, _parser as _parse
    import _sre
except ImportError:  # pragma: no cover - Python < 3.11: plain re.compile
    _compile = _c = _parse = _sre = None  # type: ignore[assignment]

# a noncharacter: never in a rule, and one literal to the parser
PLACEHOLDER = "\ufdd0"
MIN_BODY = 500  # shorter bodies parse faster than they splice

_GROUP = re.compile(r"\(\?P<([A-Za-z_]\w*)>(.*)\)", re.S)
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_VERBOSE = re.compile(r"\(\?[aiLmsu-]*x")

_BODIES: Dict[str, object] = {}  # body text -> its parse tree, or None: not spliceable


def compile_pieces(pieces: Sequence[str]) -> re.Pattern:
    """``re.compile("".join(pieces))``, faster when pieces are named groups
    ``(?P<name>BODY)`` with a long BODY that other patterns share."""
    pattern = "".join(pieces)
    tree = splice_tree(pieces)
    if tree is None:
        return re.compile(pattern)
    code = _compile._code(tree, 0)
    indexgroup = [None] * tree.state.groups
    for name, index in tree.state.groupdict.items():
        indexgroup[index] = name
    return _sre.compile(pattern, tree.state.flags, code, tree.state.groups - 1,
                        tree.state.groupdict, tuple(indexgroup))


def splice_tree(pieces: Sequence[str]):
    """The parse tree of ``"".join(pieces)`` with the shared bodies spliced in;
    None when nothing is spliced or it may not be."""
    pattern = "".join(pieces)
    if _parse is None or _BACKREFERENCE.search(pattern) or _VERBOSE.search(pattern) \
            or PLACEHOLDER in pattern:
        return None
    stand_ins: List[str] = []
    spliced: Dict[str, object] = {}  # group name -> body tree
    for piece in pieces:
        m = _GROUP.fullmatch(piece) if len(piece) > MIN_BODY else None
        body = _body_tree(m.group(2)) if m else None
        if body is None:
            stand_ins.append(piece)
        else:
            stand_ins.append(f"(?P<{m.group(1)}>{PLACEHOLDER})")
            spliced[m.group(1)] = body
    if not spliced:
        return None
    try:
        tree = _parse.parse("".join(stand_ins), 0)
    except re.error:
        return None  # re.compile raises the error with the real pattern's offsets
    by_group = {tree.state.groupdict[name]: body for name, body in spliced.items()}
    if _put_bodies(tree, by_group) != len(by_group):
        return None  # pragma: no cover - a placeholder was not found
    return tree


def _body_tree(body: str):
    """The parse tree of a group body that parses alone as it would in place; None if it may not."""
    if body not in _BODIES:
        if len(_BODIES) >= 64:  # rule sets loaded one after another
            _BODIES.clear()
        tree = None
        if not _BACKREFERENCE.search(body) and not _VERBOSE.search(body):
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


def _put_bodies(tree, by_group: Dict[int, object]) -> int:
    """Replace each placeholder group's content with its body's tree, and forget
    the widths computed with placeholders in them; returns how many were put."""
    placeholder = [(_c.LITERAL, ord(PLACEHOLDER))]
    done = 0

    def walk(sub) -> None:
        nonlocal done
        sub.width = None
        for op, av in sub.data:
            if op is _c.SUBPATTERN and av[0] in by_group and av[3].data == placeholder:
                body = by_group[av[0]]
                av[3].data, av[3].width = list(body.data), None
                done += 1
                continue  # the body's own widths are right
            for node in _children(av):
                walk(node)

    walk(tree)
    return done


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
