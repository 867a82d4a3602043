"""Find quotations: spans between quote marks, as news prints them.

The marks come from the ``quote_marks`` rules. Conventions handled:

* a quote that runs over several paragraphs reopens at the start of each
  paragraph without closing the previous one: one QuoteSpan (the reopening
  mark is of the same family: one that shares a closing mark);
* a closing mark that is missing ends the quote at the end of its
  paragraph (and, in a paragraph longer than ``LONG_UNCLOSED``, at the first
  sentence end), so a stray mark never swallows the rest of an article;
* straight marks (" and ') open after a space or the paragraph start and
  close before a space or punctuation; an apostrophe inside a word (don't,
  Russia's) never closes a quote; an inch mark (6") never opens one;
* single marks are quotes only at the top level when they close in the same
  paragraph (British style); inside double quotes they are nested quotes
  and stay part of the outer quotation.

``mask_quotes`` replaces each quotation's words with a placeholder of the
same length, so later stages see ``He said, “■■■■.”`` and can neither split
a sentence inside a quote nor take a name inside it for a speaker.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Dict, List, Optional, Sequence, Tuple

from .patterns import QUOTE_FILL
from .records import QuoteSpan, Segment, Span

LONG_UNCLOSED = 3000
MAX_CONTINUED_PARAGRAPHS = 40
_TRAILING_PUNCT = ".,!?;:…-–—"
# what trims a claim's or speaker's span at its edges, and the marks a quote's words may keep
EDGE = " \t\u00a0,;:"
QUOTE_MARKS = "\"“”„«»‘’‚'‹›"
_NOT_NEWLINE = re.compile(r"[^\r\n]")
# what follows a closing mark that opens a quote: a word or an ellipsis
_OPENING_WORD = re.compile(r"[ \t\u00a0]?(?:…|\.\.\.)?[ \t\u00a0]?\w")
_SENTENCE_END = re.compile(r"[.!?…][\"”’]?(?=\s)")
# no-break and typographic spaces, read as plain spaces by the later stages:
# rules write a space as " " and Punkt breaks a sentence only before ASCII
# whitespace, so "said Monday.\xa0“…”" was one sentence and "said\xa0Monday" no cue
# (a regex, not str.translate: translate looks up every character of a text
# that is not ASCII, and the masked text never is; 20 times slower here)
_WIDE_SPACES = re.compile("[\xa0\u2000-\u200a\u202f\u205f\u3000]")


class _Marks:
    def __init__(self, rules: Sequence) -> None:
        self.openers: Dict[str, List] = {}
        for rule in sorted(rules, key=lambda r: -len(r.open)):  # '' before '
            self.openers.setdefault(rule.open[0], []).append(rule)
        # a mark that both opens and closes is read by position; "“" closing a quote
        # is a typo that _can_close reads by position, and it still opens anywhere
        self.ambiguous = {r.open for r in rules
                          if r.open in r.closes and r.open != "“"} | {"'", "’"}
        # only at these characters can anything open or close: the scan jumps between them
        firsts = set(self.openers) | {c[0] for r in rules for c in r.closes if c}
        self.next_mark = (re.compile("[" + "".join(map(re.escape, sorted(firsts))) + "]")
                          if firsts else re.compile(r"(?!)"))

    def opener_at(self, text: str, i: int, end: int, style: Optional[str] = None):
        """The quote-mark rule whose opening mark can open a quote at ``i``."""
        for rule in self.openers.get(text[i], ()):
            if (style is None or rule.style != style) and text.startswith(rule.open, i) \
                    and _can_open(text, i, end, rule, self):
                return rule
        return None


def closer_at(text: str, i: int, end: int, rule) -> Optional[str]:
    """The closing mark of ``rule`` that closes a quote at ``i``, if any."""
    for close in _longest_first(tuple(rule.closes)):
        if text.startswith(close, i) and _can_close(text, i, end, close):
            return close
    return None


@functools.lru_cache(maxsize=256)
def _longest_first(closes: tuple) -> tuple:
    return tuple(sorted(closes, key=len, reverse=True))


def _can_open(text: str, i: int, end: int, rule, marks: _Marks) -> bool:
    after = i + len(rule.open)
    nxt = text[after] if after < end else ""
    prev = text[i - 1] if i > 0 else ""
    if not nxt or nxt in "\r\n":
        return False
    if rule.open == "”":
        # a closing mark typed to open a paragraph's quote ("” … they are so not like
        # him,” she said"): nothing is open at a paragraph's start for it to close
        return (not prev or prev in "\r\n") and bool(_OPENING_WORD.match(text, after, end))
    if nxt.isspace() and rule.open not in "«»‹›" and not (
            rule.open == "“" and (not prev or prev.isspace())
            and text[after + 1:after + 2].isalnum()):
        # only French guillemets take a space inside, and a “ that can only open
        # before a stray space (“ You know, ...”)
        return False
    if rule.open in marks.ambiguous:
        if prev and (prev.isalnum() or prev in ".,;:!?%") and not (
                rule.open == '"' and prev in ".!?" and nxt.isupper()):
            # '... the authorities."We basically ...': nothing is open, and a
            # capital follows the end of a sentence that lost its space
            return False
        if nxt.isspace():
            return False
        if rule.style == "single" and not (nxt.isalnum() or nxt in "\"“…‘(["):
            return False
    if rule.open == "‘" and re.match(r"‘\d\ds?(?!\w)", text[i:i + 5]):
        return False  # ‘90s, "in ‘08": an elided year
    if rule.style == "single" and prev.isalnum():
        return False
    return True


def _can_close(text: str, i: int, end: int, mark: str) -> bool:
    after = i + len(mark)
    nxt = text[after] if after < end else ""
    prev = text[i - 1] if i > 0 else ""
    if mark in ("’", "'"):
        # an apostrophe inside or at the end of a word ("don't", "Russia's")
        return not nxt.isalnum() and bool(prev) and not prev.isspace()
    if mark in ('"', "''"):
        return not (prev.isspace() and nxt.isalnum())
    if mark == "“":
        # an opening mark typed for the closing one ("It's unusual,“ said Noble): only
        # straight after the quoted words and before a space, punctuation or the end
        return bool(prev) and not prev.isspace() and not nxt.isalnum()
    return True


class _Closers:
    """Positions where each rule can close a quote, per paragraph, found once.

    Asking "does this opener close before the paragraph ends?" by scanning
    ahead from every candidate opener was quadratic in a paragraph full of
    apostrophes; a sorted list of closer positions answers it by bisection.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.cache: Dict[tuple, List[int]] = {}

    def exists(self, start: int, end: int, rule) -> bool:
        key = (rule.id, end)
        if key not in self.cache:
            firsts = {c[0] for c in rule.closes}
            para_start = self._paragraph_start(start)
            self.cache[key] = [i for i in range(para_start, end)
                               if self.text[i] in firsts and closer_at(self.text, i, end, rule)]
        positions = self.cache[key]
        return bisect.bisect_left(positions, start) < len(positions)

    def _paragraph_start(self, offset: int) -> int:
        nl = max(self.text.rfind("\n", 0, offset), self.text.rfind("\r", 0, offset))
        return nl + 1


def find_quotes(text: str, paragraphs: Sequence[Segment], rules: Sequence) -> List[QuoteSpan]:
    """Top-level quotations of ``text`` in order (see the module docstring)."""
    marks = _Marks(rules)
    closers = _Closers(text)
    quotes: List[QuoteSpan] = []
    open_rule = None
    open_at = 0
    paragraphs_spanned = 1
    nested: List = []
    p = 0
    resume_at: Optional[int] = None
    while p < len(paragraphs):
        para = paragraphs[p].span
        i = resume_at if resume_at is not None else para.start
        resume_at = None
        while i < para.end:
            found = marks.next_mark.search(text, i, para.end)
            if found is None:
                break
            i = found.start()
            if open_rule is None:
                rule = marks.opener_at(text, i, para.end) if text[i] in marks.openers else None
                # a closing mark that opens ("” … so not like him,” she said") must
                # close in its paragraph too
                if rule is not None and ((rule.style == "double" and rule.open != "”")
                                         or closers.exists(i + len(rule.open), para.end, rule)):
                    open_rule, open_at, nested, paragraphs_spanned = rule, i, [], 1
                    i += len(rule.open)
                    continue
            else:
                content_start = open_at + len(open_rule.open)
                close = closer_at(text, i, para.end, nested[-1]) if nested else None
                if close:
                    nested.pop()
                    i += len(close)
                    continue
                close = closer_at(text, i, para.end, open_rule) if i > content_start else None
                if close:
                    quotes.append(QuoteSpan(Span(open_at, i + len(close)), Span(content_start, i),
                                            open_rule.open, close, True, paragraphs_spanned,
                                            open_rule.style, open_rule.id))
                    open_rule = None
                    i += len(close)
                    continue
                if text[i] in marks.openers and len(nested) < 3:
                    rule = marks.opener_at(text, i, para.end, style=open_rule.style)
                    if rule is not None and (rule.style == "double" or closers.exists(
                            i + len(rule.open), para.end, rule)):
                        nested.append(rule)
                        i += len(rule.open)
                        continue
            i += 1
        if open_rule is not None:
            nxt = paragraphs[p + 1].span if p + 1 < len(paragraphs) else None
            reopen = None
            if nxt is not None and paragraphs_spanned < MAX_CONTINUED_PARAGRAPHS:
                # the same family of marks (sharing a closing mark): a «
                # left open is a typo, not continued by the next "quote"
                reopen = next((r for r in marks.openers.get(text[nxt.start], ())
                               if r.style == open_rule.style
                               and set(r.closes) & set(open_rule.closes)
                               and text.startswith(r.open, nxt.start)), None)
            if reopen is not None:
                # news reopens a long quote at each paragraph without closing it
                paragraphs_spanned += 1
                nested = []
                resume_at = nxt.start + len(reopen.open)
                p += 1
                continue
            content_start = open_at + len(open_rule.open)
            end = para.end
            if end - open_at > LONG_UNCLOSED:
                m = _SENTENCE_END.search(text, content_start, end)
                if m:
                    end = m.end()
            if end > content_start:
                quotes.append(QuoteSpan(Span(open_at, end), Span(content_start, end),
                                        open_rule.open, None, False, paragraphs_spanned,
                                        open_rule.style, open_rule.id))
            open_rule = None
        p += 1
    return quotes


def mask_quotes(text: str, quotes: Sequence[QuoteSpan]) -> str:
    """``text`` with each quotation's words replaced by QUOTE_FILL (same length).

    Marks, line breaks and the punctuation that ends the quoted words are
    kept, so sentence splitting still sees ``.”`` at a quote's end. No-break
    spaces become plain ones (``_WIDE_SPACES``).
    """
    if not quotes:
        return _WIDE_SPACES.sub(" ", text)
    pieces, pos = [], 0
    for q in quotes:
        start, end = q.content.start, q.content.end
        keep_from = end
        while keep_from > start and text[keep_from - 1] in _TRAILING_PUNCT:
            keep_from -= 1
        pieces.append(text[pos:start])
        words = text[start:keep_from]
        if "\n" in words or "\r" in words:  # a quote over several paragraphs
            pieces.append(_NOT_NEWLINE.sub(QUOTE_FILL, words))
        else:
            pieces.append(QUOTE_FILL * len(words))
        pos = keep_from
    pieces.append(text[pos:])
    return _WIDE_SPACES.sub(" ", "".join(pieces))


def quote_at(quotes: Sequence[QuoteSpan], offset: int) -> Optional[int]:
    """Index of the quotation whose marks enclose ``offset``, if any."""
    lo, hi = 0, len(quotes)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotes[mid].outer.end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(quotes) and quotes[lo].outer.start <= offset < quotes[lo].outer.end:
        return lo
    return None


def strip_edges(text: str, start: int, end: int, chars: str = EDGE) -> Tuple[int, int]:
    """``start, end`` moved inward past spaces and ``chars``."""
    while start < end and (text[start] in chars or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return start, end
