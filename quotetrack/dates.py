"""Date each claim: when was it said, relative to the document's date.

Looks for a time expression in the claim's sentence, outside the reported
content and nearest the cue (within ``MAX_DISTANCE`` characters), and
resolves it against the document date:

* a weekday (``on Saturday``, ``Saturday night``, ``last Tuesday``): the
  latest such day on or before the document date (news reports the past;
  a weekday named on the document's own day is that day);
* ``today``, ``tonight``, ``this morning``, ``earlier in the day`` → the
  document date; ``yesterday``, ``last night`` → the day before;
* a month and day (``on Jan. 3``, ``February 1``, ``3 March``), with a year
  or else the latest such date not after the document date (so ``Dec. 30``
  in a 2 January article is the previous year);
* ``this week`` / ``last week`` → an ISO week (``2025-W05``); ``this month``
  / ``last month`` / ``in March`` → a month (``2025-03``); ``this year`` /
  ``last year`` / ``in 2014`` → a year.

``said_on_basis`` is ``stated`` when the text says when, ``document`` when
the claim falls back to the document date, and null when neither is known.
Follow-on quotes take the date of the claim they continue.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

from .patterns import _trie, phrase_regex
from .records import Attribution, DocumentMeta, Span
from .spanindex import SpanIndex

MAX_DISTANCE = 100
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"


@lru_cache(maxsize=8)
def _grammar(weekdays: Tuple[Tuple[str, str], ...], months: Tuple[Tuple[str, str], ...]):
    wd = phrase_regex([p for p, _ in weekdays], case_sensitive=True)
    mo = phrase_regex([p for p, _ in months], case_sensitive=True)
    pattern = "|".join([
        rf"(?P<md>(?P<m1>{mo})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?)",
        rf"(?P<dm>(?P<d2>\d{{1,2}})\s+(?P<m2>{mo})(?:,?\s+(?P<y2>(?:19|20)\d\d))?)",
        rf"(?P<wd>(?:(?P<wrel>[Ll]ast|[Tt]his|[Oo]n|[Ee]arly|[Ll]ate|[Ee]arlier)\s+)?(?P<w>{wd}){_PART_OF_DAY})",
        r"(?P<today>(?i:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
        r"earlier\s+in\s+the\s+day|later\s+in\s+the\s+day|on\s+the\s+same\s+day))\b",
        r"(?P<yesterday>(?i:yesterday|last\s+night))\b",
        r"(?P<week>(?i:(?:earlier\s+|later\s+)?(?P<wkrel>this|last)\s+week))\b",
        rf"(?P<month>(?i:(?:earlier\s+|later\s+)?(?P<mrel>this|last)\s+month)\b|"
        rf"[Ii]n\s+(?:early\s+|late\s+|mid-)?(?P<m3>{mo})(?:\s+(?P<y3>(?:19|20)\d\d))?)",
        r"(?P<year>(?i:(?:earlier\s+|later\s+)?(?P<yrel>this|last)\s+year)\b|"
        r"[Ii]n\s+(?P<y4>(?:19|20)\d\d)\b)",
    ])
    # every expression starts a word: failing at once elsewhere keeps the scan cheap
    return re.compile(rf"(?<!\w)(?=\w)(?:{pattern})"), dict(weekdays), dict(months)


# Every expression above holds a digit, one of these words (in any case), or
# a weekday's or month's first word; two sentences in three of a news
# article hold none and are not scanned. Not a lexicon: these are the words of
# the expressions written out above, and a word added in a rule file would
# only widen this prefilter, never find another date
_DATE_WORDS = ("today", "tonight", "this", "earlier", "later", "same", "yesterday", "last")
# letters that match an ASCII letter ignoring case but lower-case to another
# (ſ, K, İ, ı), and Unicode digits
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8)
def _date_words(weekdays: Tuple[Tuple[str, str], ...], months: Tuple[Tuple[str, str], ...]
                ) -> Optional[re.Pattern]:
    """A search of lower-cased text for the words some expression must hold;
    None when the lexicons' phrases do not allow it (a phrase that does not
    start with ASCII letters)."""
    words = set(_DATE_WORDS)
    for phrase, _ in weekdays + months:
        first = phrase.split()[0].lower() if phrase.split() else ""
        if not re.fullmatch(r"[a-z][a-z0-9.]*", first):
            return None
        words.add(first)
    return re.compile(_trie(words, first_check=False))  # re scans for the first letters


def _may_hold_date(text: str, start: int, end: int, words: Optional[re.Pattern]) -> bool:
    if words is None or _DIGIT.search(text, start, end) or _ODD_CASE.search(text, start, end):
        return True
    return words.search(text[start:end].lower()) is not None


def _lexicon_pairs(rules, name: str) -> Tuple[Tuple[str, str], ...]:
    lex = rules.lexicons.get(name)
    return tuple((e.phrase, e.name or "") for e in lex.entries) if lex else ()


def resolve(m: re.Match, today: Optional[dt.date], weekdays: dict, months: dict
            ) -> Optional[str]:
    """The ISO value of one time expression, or None when it cannot be placed."""
    try:
        return _resolve(m, today, weekdays, months)
    except OverflowError:  # "yesterday" in a document dated 0001-01-01
        return None


def _resolve(m: re.Match, today: Optional[dt.date], weekdays: dict, months: dict
             ) -> Optional[str]:
    if m.group("md") or m.group("dm"):
        month = int(months[m.group("m1") or m.group("m2")])
        day = int(m.group("d1") or m.group("d2"))
        year = m.group("y1") or m.group("y2")
        if year:
            return _iso_date(int(year), month, day)
        if today is None:
            return None
        value = _iso_date(today.year, month, day)
        if value and dt.date.fromisoformat(value) > today:
            value = _iso_date(today.year - 1, month, day)
        return value
    if m.group("wd"):
        if today is None:
            return None
        target = int(weekdays[m.group("w")])
        back = (today.weekday() - target) % 7
        if (m.group("wrel") or "").lower() == "last" and back == 0:
            back = 7
        return (today - dt.timedelta(days=back)).isoformat()
    if today is None and not (m.group("y4") or m.group("y3")):
        return None
    if m.group("today"):
        return today.isoformat()
    if m.group("yesterday"):
        return (today - dt.timedelta(days=1)).isoformat()
    if m.group("week"):
        day = today - dt.timedelta(days=7) if m.group("wkrel").lower() == "last" else today
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if m.group("month"):
        if m.group("m3"):
            month = int(months[m.group("m3")])
            year = int(m.group("y3")) if m.group("y3") else (
                today.year if month <= today.month else today.year - 1)
            return f"{year}-{month:02d}"
        year, month = today.year, today.month
        if m.group("mrel").lower() == "last":
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return f"{year}-{month:02d}"
    if m.group("year"):
        if m.group("y4"):
            return m.group("y4")
        return str(today.year - (1 if m.group("yrel").lower() == "last" else 0))
    return None


def _iso_date(year: int, month: int, day: int) -> Optional[str]:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_claims(masked: str, attributions: Sequence[Attribution], meta: DocumentMeta, rules
                ) -> List[Tuple[Optional[str], Optional[str]]]:
    """(said_on, said_on_basis) for each attribution."""
    weekday_pairs, month_pairs = _lexicon_pairs(rules, "weekday"), _lexicon_pairs(rules, "month")
    regex, weekdays, months = _grammar(weekday_pairs, month_pairs)
    words = _date_words(weekday_pairs, month_pairs)
    today = dt.date.fromisoformat(meta.date) if meta.date else None
    contents = SpanIndex(a.content for a in attributions)
    by_content = {a.content: i for i, a in enumerate(attributions)}
    result: List[Tuple[Optional[str], Optional[str]]] = []
    in_sentence: dict = {}  # the time expressions of each sentence, found once
    for a in attributions:
        anchor = a.cue or a.speaker_span or a.content
        best = None
        region = a.evidence
        if region not in in_sentence:
            in_sentence[region] = list(regex.finditer(masked, region.start, region.end)) \
                if _may_hold_date(masked, region.start, region.end, words) else []
        for m in in_sentence[region]:
            span = Span(m.start(), m.end())
            if contents.overlaps(span):
                continue  # a date inside what was said is not when it was said
            distance = max(anchor.start - span.end, span.start - anchor.end, 0)
            if distance <= MAX_DISTANCE and (best is None or distance < best[0]):
                value = resolve(m, today, weekdays, months)
                if value:
                    best = (distance, value)
        if best is not None:
            result.append((best[1], "stated"))
            continue
        ref = by_content.get(a.continues) if a.continues is not None else None
        if ref is not None and ref < len(result) and result[ref][1] == "stated":
            result.append(result[ref])
        elif today is not None:
            result.append((today.isoformat(), "document"))
        else:
            result.append((None, None))
    return result
