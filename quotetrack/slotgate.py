"""Whether every match of a rule pattern holds its ``{source:LEXICON}`` slot.

Source rules are tried on every attribution's sentence, and most of their
time went into rules whose channel lexicon (an outlet, a programme, a
platform) the sentence does not even mention. When every match of a
pattern must pass through its source slot, a sentence in which the
lexicon's own regex finds nothing cannot match, and one search for the
lexicon decides that for all the rules that share it.
"""
from __future__ import annotations

import re
from typing import Optional

from .patterns import SLOT

try:  # the parser moved in Python 3.11
    from re import _constants as _c, _parser as _parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_c, name))


def requires_slot(pattern: str, slot: str = "source") -> bool:
    """True when every match of the rule ``pattern`` (the mini-language) goes
    through ``{slot}``: it is not optional, not in one branch of an
    alternation only, not in a negative lookaround. False when unsure."""
    found = [False]

    def blank(m: re.Match) -> str:
        if m.group(1) == slot and not found[0]:
            found[0] = True
            return f"(?P<{slot}>.)"
        return "(?:.)"

    blanked = SLOT.sub(blank, pattern)
    if not found[0]:
        return False
    try:
        parsed = _parse.parse(blanked)
    except (re.error, RecursionError):
        return False
    group = parsed.state.groupdict.get(slot)
    return group is not None and _holds(parsed, group)


def _holds(items, group: int) -> bool:
    """Whether matching the sequence ``items`` always matches ``group``."""
    return any(_item_holds(op, av, group) for op, av in items)


def _item_holds(op, av, group: int) -> bool:
    if op is _c.SUBPATTERN:
        return av[0] == group or _holds(av[-1], group)
    if op in _REPEATS:
        low, _, inner = av
        return low >= 1 and _holds(inner, group)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _holds(av, group)
    if op is _c.ASSERT:  # a lookaround that must match, inside the same text
        return _holds(av[1], group)
    if op is _c.BRANCH:
        return all(_holds(branch, group) for branch in av[1])
    return False


def source_gate(rule) -> Optional[str]:
    """The lexicon a source rule's every match holds an entry of, or None."""
    lexicon = rule.pattern.lexicon_of("source")
    if lexicon and requires_slot(rule.pattern.source, "source"):
        return lexicon
    return None
