"""Turn extractions into rows, JSON and tables (rows first, rendering last)."""
from __future__ import annotations

import json
from typing import Dict, Iterable, List, Optional, Sequence, TextIO

from tabulate import tabulate

from .records import Claim, Extraction

TABLE_TEXT_WIDTH = 70


def claim_json(claim: Claim) -> str:
    return json.dumps(claim.to_dict(), ensure_ascii=False)


def document_dict(extraction: Extraction) -> dict:
    return {
        "doc_id": extraction.doc_id,
        "date": extraction.meta.date,
        "dateline": extraction.meta.dateline,
        "claims": [c.to_dict() for c in extraction.claims],
        "speakers": [s.to_dict() for s in extraction.speakers],
    }


def _short(text: str, width: int = TABLE_TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def source_label(claim: Claim) -> str:
    """``X (post)``, ``CNN (interview)``, ``(statement)`` or empty."""
    src = claim.source
    if src is None:
        return ""
    if src.name and src.mode:
        return f"{src.name} ({src.mode.replace('_', ' ')})"
    return src.name or f"({src.mode.replace('_', ' ')})"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def human_date(value: Optional[str]) -> str:
    """``2025-02-01`` → ``1 February 2025``; months, ISO weeks and years as readable."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and parts[1].startswith("W"):
        return f"week {int(parts[1][1:])} of {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value


def citation(claim: Claim, date: Optional[str] = None) -> str:
    """Jane Doe, post on X, 1 February 2025, reported in doc-1.

    The date is when the claim was said (``said_on``), else ``date``.
    """
    parts = [claim.speaker.name if claim.speaker else "unattributed"]
    src = claim.source
    if src is not None:
        mode = (src.mode or "").replace("_", " ")
        if src.name and mode:
            joiner = "on" if src.type == "platform" else "with" if mode == "interview" else "via"
            parts.append(f"{mode} {joiner} {src.name}")
        else:
            parts.append(src.name or mode)
    when = human_date(claim.said_on or date)
    if when:
        parts.append(when)
    parts.append(f"reported in {claim.doc_id}")
    return ", ".join(parts)


def citation_rows(extractions: Iterable[Extraction]) -> List[Dict[str, str]]:
    rows = []
    for ex in extractions:
        for claim in ex.claims:
            spk = claim.speaker
            rows.append({
                "doc": ex.doc_id,
                "speaker": spk.name if spk else "",
                "role": spk.role or "" if spk else "",
                "kind": claim.kind,
                "claim": _short(claim.text),
                "source": source_label(claim),
                "date": claim.said_on or ex.meta.date or "",
                "citation": citation(claim, ex.meta.date),
            })
    return rows


def render_table(rows: Sequence[Dict[str, str]], tablefmt: str = "simple",
                 columns: Sequence[str] = ("speaker", "role", "kind", "claim", "source", "doc")
                 ) -> str:
    body = [[row[c] for c in columns] for row in rows]
    return tabulate(body, headers=list(columns), tablefmt=tablefmt)


def who_report(extractions: Iterable[Extraction]) -> str:
    """Who said what: each speaker with role, type, claims and sources."""
    speakers: Dict[str, dict] = {}
    order: List[str] = []
    for ex in extractions:
        for claim in ex.claims:
            name = claim.speaker.name if claim.speaker else "(unattributed)"
            if name not in speakers:
                order.append(name)
                speakers[name] = {"speaker": claim.speaker, "claims": [], "sources": []}
            entry = speakers[name]
            entry["claims"].append(claim)
            label = source_label(claim)
            if label and label not in entry["sources"]:
                entry["sources"].append(label)
    lines = []
    for name in order:
        entry = speakers[name]
        spk = entry["speaker"]
        head = name
        if spk is not None:
            head += f" ({spk.type}"
            head += f"; {spk.role})" if spk.role else ")"
        n = len(entry["claims"])
        head += f": {n} claim{'s' if n != 1 else ''}"
        if entry["sources"]:
            head += "; via " + ", ".join(entry["sources"])
        lines.append(head)
        for claim in entry["claims"]:
            via = f" [{source_label(claim)}]" if claim.source else ""
            lines.append(f"  - {claim.kind:<8} “{_short(claim.text, 90)}”{via}")
        lines.append("")
    return "\n".join(lines).rstrip() + ("\n" if lines else "")


def write_jsonl(extraction: Extraction, out: TextIO) -> None:
    for claim in extraction.claims:
        out.write(claim_json(claim) + "\n")
