"""Read what a news text says about itself before its first sentence.

Wire copy often opens with a ``date YYYY-MM-DD`` line and a dateline
(``Kyiv [Ukraine], February 1 :``, ``WASHINGTON (Reuters) -``,
``KYIV, Ukraine —``). Both are parsed here so the body's first sentence
starts after them and claims can be dated. Only the first 200 characters
are looked at; a text without them gets an empty DocumentMeta.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from .records import DocumentMeta, Span

_DATE_LINE = re.compile(r"\A\s*(?:date|Date|DATE)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b[ \t]*"
                        r"(?:\r\n|\r|\n)?[ \t]*")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# PLACE [Country], Month D :   |   PLACE, Country (Agency) —   |   PLACE (Agency) -
DATELINE = re.compile(
    r"(?P<line>"
    r"(?P<place>[A-Z][A-Za-z'’.\-]*(?:[ ][A-Z][A-Za-z'’.\-]*){0,3})"
    r"(?:[ ]*\[[^\]\n]{1,40}\]|,[ ]*[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){0,2})?"
    r"(?:,?[ ]*(?P<month>" + _MONTH + r")[ ]+(?P<day>\d{1,2})(?:,?[ ]*\d{4})?)?"
    r"(?:[ ]*\([^)\n]{1,30}\))?"
    r")[ ]*(?:[:—–]|--?)[ ]+")


def parse_metadata(text: str, known_date: Optional[str] = None) -> DocumentMeta:
    """Parse a leading date line and dateline; ``known_date`` comes from corpus metadata."""
    date = _iso(known_date)
    pos = 0
    m = _DATE_LINE.match(text)
    if m:
        parsed = _iso("-".join(m.groups()))
        if parsed:
            date, pos = parsed, m.end()
    head = text[pos:pos + 200]
    d = DATELINE.match(head)
    if not d or not _looks_like_dateline(d):
        return DocumentMeta(date=date, body_start=pos)
    line = d.group("line").strip()
    start = pos + d.start("line")
    return DocumentMeta(date=date, dateline=line,
                        dateline_span=Span(start, start + len(line)), body_start=pos + d.end())


def _looks_like_dateline(m: re.Match) -> bool:
    place = m.group("place")
    # A dateline has a place in capitals, or a bracket/agency/date after the place;
    # "Smith: ..." alone is a headline speaker, not a dateline.
    line = m.group("line")
    return (place.isupper() and len(place) > 2) or bool(m.group("month")) or "[" in line \
        or "(" in line


def _iso(value: Optional[str]) -> Optional[str]:
    if not value or not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None
