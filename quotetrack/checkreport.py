"""Rows, JSON and tables for ``quotetrack check`` (rows first, rendering last)."""
from __future__ import annotations

import json
from collections import Counter
from typing import List, Sequence, TextIO

from tabulate import tabulate

from .check import CONTENT_VERDICTS, QUOTE_VERDICTS, QuoteRelation, Verdict

_WIDTH = 60


def _short(text: str, width: int = _WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def verdict_summary(verdicts: Sequence[Verdict], relations: Sequence[QuoteRelation]) -> dict:
    """Counts per verdict (quotes and indirect claims apart) and of inconsistencies."""
    quotes = Counter(v.verdict for v in verdicts if v.check == "quote")
    content = Counter(v.verdict for v in verdicts if v.check == "content")
    return {
        "quotes": {k: quotes[k] for k in QUOTE_VERDICTS},
        "indirect": {k: content[k] for k in CONTENT_VERDICTS},
        "inconsistencies": sum(1 for r in relations if not r.consistent),
        "failed": sum(1 for v in verdicts if v.failed),
    }


def verdict_rows(verdicts: Sequence[Verdict]) -> List[list]:
    rows = []
    for v in verdicts:
        where = (f"{v.source_id} [{v.source_span.start}:{v.source_span.end}]"
                 if v.source_id and v.source_span else v.source_id or "")
        detail = v.diff or v.note
        if v.diff and v.note:
            detail = f"{v.note}: {v.diff}"
        label = v.claim.claim_id + (f"/{v.part}" if v.part else "")
        check = v.claim.kind if v.check == "quote" else "indirect (weaker)"
        rows.append([label, check, v.verdict, f"{v.score:.2f}", where, _short(v.text, 40),
                     _short(detail or "", 70)])
    return rows


def relation_rows(relations: Sequence[QuoteRelation]) -> List[list]:
    rows = []
    for r in relations:
        speakers = " / ".join(p.claim.speaker.name if p.claim.speaker else "?"
                              for p in (r.first, r.second))
        rows.append([r.kind, r.first.claim.claim_id, r.second.claim.claim_id,
                     f"{r.score:.2f}", speakers, _short(r.first.text, 40),
                     _short(r.diff or "", 60)])
    return rows


def render_check_table(verdicts: Sequence[Verdict], relations: Sequence[QuoteRelation],
                       tablefmt: str = "simple", with_sources: bool = True) -> str:
    parts = []
    summary = verdict_summary(verdicts, relations)
    if with_sources:
        parts.append(tabulate(verdict_rows(verdicts),
                              headers=["claim", "check", "verdict", "score", "source [span]",
                                       "quote", "diff / note"], tablefmt=tablefmt,
                              disable_numparse=True))
        counts = ", ".join(f"{k} {n}" for k, n in summary["quotes"].items() if n)
        indirect = ", ".join(f"{k} {n}" for k, n in summary["indirect"].items() if n)
        parts.append(f"quotes: {counts or 'none'}; indirect claims (weaker check): "
                     f"{indirect or 'none'}")
    bad = [r for r in relations if not r.consistent]
    if bad:
        parts.append(tabulate(relation_rows(bad),
                              headers=["inconsistency", "quote", "other quote", "score",
                                       "speakers", "text", "diff"], tablefmt=tablefmt,
                              disable_numparse=True))
    parts.append(f"inconsistencies between quotes: {len(bad)}")
    return "\n\n".join(parts) + "\n"


def write_check_json(verdicts: Sequence[Verdict], relations: Sequence[QuoteRelation],
                     out: TextIO) -> None:
    out.write(json.dumps({
        "verdicts": [v.to_dict() for v in verdicts],
        "inconsistencies": [r.to_dict() for r in relations if not r.consistent],
        "summary": verdict_summary(verdicts, relations),
    }, ensure_ascii=False, indent=1) + "\n")


def write_check_jsonl(verdicts: Sequence[Verdict], relations: Sequence[QuoteRelation],
                      out: TextIO) -> None:
    """One object per line: ``{"record": "verdict", ...}`` or ``{"record": "inconsistency"}``."""
    for v in verdicts:
        out.write(json.dumps({"record": "verdict", **v.to_dict()}, ensure_ascii=False) + "\n")
    for r in relations:
        if not r.consistent:
            out.write(json.dumps({"record": "inconsistency", **r.to_dict()},
                                 ensure_ascii=False) + "\n")
