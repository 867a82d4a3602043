"""``LiteralIndex.possible`` answered from the lower-cased text.

``prefilter.LiteralIndex`` finds the required words of many patterns with one
case-insensitive scan. Python's regex engine skips a branch whose first
character differs only for case-sensitive literals, so the same scan,
case-sensitive, over ``text.lower()`` tries a third of the work (source
rules on the PolNEAR sentences: 0.49 -> 0.18 s).

The two scans agree when lower-casing each character of the text gives the
one character the case-insensitive scan equates with it, or none of the
words' characters at all. That holds for ASCII and for most other text; a
text holding a character for which it does not (``İ`` lower-cases to two
characters; ``ſ`` matches ``s`` ignoring case but stays ``ſ``) is given to
the index itself, as is every text when a word has an upper-case letter.
"""
from __future__ import annotations

import re
from typing import Dict, List, Set

from .prefilter import LiteralIndex, _spaced

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_EVERY_PATTERN: Set[str] = set()  # a marker: LiteralIndex gives up on the text
# what may stand between the words of a phrase in the scan (patterns.WS)
_SPACES = " \t\u00a0\u2009\u202f\u200b\u200e\u200f"


class LoweredIndex:
    """A :class:`LiteralIndex` whose ``possible`` scans lower-cased text."""

    def __init__(self, index: LiteralIndex) -> None:
        self.index = index
        self.everything = [True] * len(index.requirements)
        self.unconditional = [i for i, r in enumerate(index.requirements) if r is None]
        self.by_word: Dict[str, List[int]] = {}  # a required word -> the patterns needing one
        for i, requirement in enumerate(index.requirements):
            for word in requirement or ():
                self.by_word.setdefault(word, []).append(i)
        words = {w for r in index.requirements if r for w in r}
        # the scan's characters: the words' and the spaces between them
        self.chars = sorted(set("".join(words)) | set(_SPACES))
        self.scan = None
        self.agrees: Dict[str, bool] = {}  # a non-ASCII character -> whether _agrees
        if index.scan is not None and all(w == w.lower() for w in words) and all(
                self._agrees(chr(c)) for c in range(128)):
            self.scan = re.compile(index.scan.pattern)  # the same trie, case-sensitive

    def _agrees(self, ch: str) -> bool:
        """Does ``ch.lower()`` match exactly the scan characters that ``ch``
        matches ignoring case?"""
        lower = ch.lower()
        if len(lower) != 1 or ch == "\u03a3":  # "İ" → "i̇"; Σ lower-cases by context
            return not set(ch.lower() + "σς") & set(self.chars)
        return all((re.fullmatch(re.escape(c), ch, re.IGNORECASE) is not None) == (lower == c)
                   for c in self.chars)

    def possible(self, text: str) -> List[bool]:
        """``self.index.possible(text)``."""
        found = self._found(text)
        if found is None:
            return self.index.possible(text)
        if found is _EVERY_PATTERN:
            return list(self.everything)
        return [r is None or not r.isdisjoint(found) for r in self.index.requirements]

    def possible_indices(self, text: str) -> List[int]:
        """The indices where ``possible(text)`` is True, in order: from the
        words found, without testing every pattern's requirements."""
        found = self._found(text)
        if found is None:
            return [i for i, possible in enumerate(self.index.possible(text)) if possible]
        if found is _EVERY_PATTERN:
            return list(range(len(self.everything)))
        possible = set(self.unconditional)
        for word in found:
            possible.update(self.by_word.get(word, ()))
        return sorted(possible)

    def _found(self, text: str):
        """The required words ``text`` holds; _EVERY_PATTERN where LiteralIndex
        would call every pattern possible; None when only it may answer."""
        if self.scan is None:
            return None
        if not text.isascii():
            for ch in set(_NON_ASCII.findall(text)):
                agrees = self.agrees.get(ch)
                if agrees is None:
                    agrees = self.agrees[ch] = self._agrees(ch)
                if not agrees:
                    return None
        found: Set[str] = set()
        inside = self.index.inside
        for m in self.scan.finditer(text.lower()):
            words = inside.get(_spaced(m.group(1)))
            if words is None:  # as LiteralIndex: a case mapping lower() does not undo
                return _EVERY_PATTERN
            found |= words
        return found
