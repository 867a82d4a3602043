"""Claim filters shared by the store's queries and by commands that read files.

One meaning for each filter, whether claims come from a database (where
these functions are registered as SQL functions) or straight from text:

* speaker: case-insensitive substring of the speaker's name or of any
  surface form it was mentioned by (``smit`` finds ``Jane Smith`` and ``the Smiths``),
  then every claim of the speakers so found, under any spelling, across the
  documents read (speaker identity);
* source: case-insensitive *equal* name of the outlet or platform. Not a
  substring, because outlet names are short: ``X`` is inside ``Fox News``;
* kinds: the claim kinds kept (``direct``, ``mixed``, ``indirect``);
* since / until: an ISO date, month or year (``2025-02-01``, ``2025-02``,
  ``2025``). A claim's date is ``said_on``, else its document's date; a
  claim dated only to a week, month or year matches when that period
  overlaps the range. Claims with no date at all never match a date filter.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Iterable, Iterator, Optional, Sequence, Tuple

from attrs import evolve, frozen

from .records import Claim, Extraction

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def fold(text: Optional[str]) -> str:
    return (text or "").casefold()


def period(value: Optional[str]) -> Optional[Tuple[str, str]]:
    """First and last ISO day of a date, ISO week, month or year; None if not one."""
    if not value:
        return None
    try:
        m = _DAY.match(value)
        if m:
            day = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return day, day
        m = _WEEK.match(value)
        if m:
            year, week = int(m[1]), int(m[2])
            return (dt.date.fromisocalendar(year, week, 1).isoformat(),
                    dt.date.fromisocalendar(year, week, 7).isoformat())
        m = _MONTH.match(value)
        if m:
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1).isoformat(), dt.date(year, month, last).isoformat()
        m = _YEAR.match(value)
        if m and int(m[1]) > 0:
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:  # 2025-02-30, week 54
        return None
    return None


def claim_period(claim: Claim, document_date: Optional[str]) -> Optional[Tuple[str, str]]:
    return period(claim.said_on) or period(document_date)


def speaker_matches(name: Optional[str], surface_forms: Sequence[str], needle: str) -> bool:
    needle = fold(needle)
    return needle in fold(name) or any(needle in fold(form) for form in surface_forms)


def speaker_matches_json(name: Optional[str], surface_forms_json: Optional[str],
                         needle: str) -> bool:
    """:func:`speaker_matches` with the forms as the store keeps them (a JSON list)."""
    return speaker_matches(name, json.loads(surface_forms_json or "[]"), needle)


def source_matches(name: Optional[str], needle: str) -> bool:
    return name is not None and fold(name) == fold(needle)


@frozen
class ClaimFilter:
    """The ``--speaker``, ``--source``, ``--since``, ``--until``, ``--kinds`` of a query.

    ``since`` and ``until`` are normalised to ISO days (the first day of a
    ``since`` period, the last day of an ``until`` period); build from user
    input with :meth:`parse`.
    """

    speaker: Optional[str] = None
    source: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None
    kinds: Optional[Tuple[str, ...]] = None

    @classmethod
    def parse(cls, speaker: Optional[str] = None, source: Optional[str] = None,
              since: Optional[str] = None, until: Optional[str] = None,
              kinds: Optional[str] = None) -> "ClaimFilter":
        """Raises ValueError with a one-line message for a date or kind it cannot read."""
        bounds = []
        for option, value, end in (("since", since, 0), ("until", until, 1)):
            if value is None:
                bounds.append(None)
                continue
            span = period(value.strip())
            if span is None or "W" in value:
                raise ValueError(f"--{option} {value!r} is not a date; "
                                 "use YYYY-MM-DD, YYYY-MM or YYYY")
            bounds.append(span[end])
        return cls(speaker or None, source or None, bounds[0], bounds[1], parse_kinds(kinds))

    @property
    def active(self) -> bool:
        return any((self.speaker, self.source, self.since, self.until, self.kinds))

    def accepts(self, claim: Claim, document_date: Optional[str]) -> bool:
        if self.kinds is not None and claim.kind not in self.kinds:
            return False
        spk = claim.speaker
        if self.speaker is not None and not (
                spk is not None and speaker_matches(spk.name, spk.surface_forms, self.speaker)):
            return False
        if self.source is not None and not (
                claim.source is not None and source_matches(claim.source.name, self.source)):
            return False
        if self.since is not None or self.until is not None:
            span = claim_period(claim, document_date)
            if span is None:
                return False
            if self.since is not None and span[1] < self.since:
                return False
            if self.until is not None and span[0] > self.until:
                return False
        return True


KINDS = ("direct", "mixed", "indirect")


def parse_kinds(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    """``direct,mixed`` as a tuple; None for all kinds."""
    if not value:
        return None
    kinds = tuple(dict.fromkeys(k.strip().lower() for k in value.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"--kinds {value!r}: use a comma-separated list of "
                         + ", ".join(KINDS))
    return None if set(kinds) == set(KINDS) else kinds


def filter_extractions(extractions: Iterable[Extraction], claim_filter: ClaimFilter,
                       rules=None, index=None) -> Iterator[Extraction]:
    """Each extraction cut to the claims the filter accepts; those left empty are dropped.

    The speakers kept are those of the kept claims, in their original order.
    With a speaker filter the extractions are read in full first: a speaker
    matched by any spelling in any document (``Tchaikovsky``) brings that
    speaker's claims in every document (``Pyotr Chaikovskiy``), as
    :func:`quotetrack.identity.identify_speakers` merges them, the way the
    store's query does. ``index``: those identities when the caller computed
    them already over the same extractions (to name speakers by them later).
    """
    if not claim_filter.active:
        yield from extractions
        return
    same_speaker = None
    if claim_filter.speaker is not None:
        from .identity import identify_speakers
        extractions = list(extractions)
        if index is None:
            index = identify_speakers(extractions, rules)
        wanted = {index.key_of(ex.doc_id, s) for ex in extractions for s in _speakers(ex)
                  if speaker_matches(s.name, s.surface_forms, claim_filter.speaker)}

        def wanted_speaker(ex, claim):
            return index.key_of(ex.doc_id, claim.speaker) in wanted

        same_speaker = wanted_speaker
        claim_filter = evolve(claim_filter, speaker=None)
    for ex in extractions:
        claims = tuple(c for c in ex.claims if claim_filter.accepts(c, ex.meta.date)
                       and (same_speaker is None or same_speaker(ex, c)))
        if claims:
            used = {c.speaker for c in claims if c.speaker is not None}
            yield evolve(ex, claims=claims,
                         speakers=tuple(s for s in ex.speakers if s in used))


def _speakers(ex: Extraction) -> list:
    speakers = dict.fromkeys(ex.speakers)
    for claim in ex.claims:
        if claim.speaker is not None:
            speakers.setdefault(claim.speaker)
    return list(speakers)
