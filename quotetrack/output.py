"""Turn extractions into rows, JSON and tables (rows first, rendering last)."""
from __future__ import annotations

import json
from typing import Dict, Iterable, List, Optional, Sequence, TextIO, Tuple

from tabulate import tabulate

from .records import Claim, Extraction

TABLE_TEXT_WIDTH = 70


# one encoder for every claim: json.dumps with options builds a new one per call
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def claim_json(claim: Claim) -> str:
    return _ENCODER.encode(claim.to_dict())


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


def citation(claim: Claim, date: Optional[str] = None, speaker: Optional[str] = None) -> str:
    """Jane Doe, post on X, 1 February 2025, reported in doc-1.

    The date is when the claim was said (``said_on``), else ``date``;
    ``speaker`` overrides the document's speaker name (the name of the
    speaker's identity across documents).
    """
    parts = [speaker or (claim.speaker.name if claim.speaker else "unattributed")]
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


TABLE_COLUMNS = ("speaker", "role", "kind", "claim", "source", "outlet", "source_type", "mode",
                 "doc", "dateline", "date", "citation", "speaker_key")
GROUP_BY = ("speaker", "source")
UNATTRIBUTED = "(unattributed)"
NO_SOURCE = "(no named source)"


def citation_rows(extractions: Iterable[Extraction], index=None,
                  rules=None) -> List[Dict[str, str]]:
    """One row per claim with every column of :data:`TABLE_COLUMNS`.

    Speakers are named by their identity across the collection
    (:func:`quotetrack.identity.identify_speakers`), so ``Peskov`` in one
    document and ``Dmitry Peskov`` in another are one speaker.
    """
    from .identity import identify_speakers
    extractions = list(extractions)
    if index is None:
        index = identify_speakers(extractions, rules)
    rows = []
    for ex in extractions:
        for claim in ex.claims:
            spk = claim.speaker
            identity = index.of_claim(claim)
            name = identity.name if identity else (spk.name if spk else "")
            src = claim.source
            rows.append({
                "doc": ex.doc_id,
                "dateline": ex.meta.dateline or "",
                "speaker": name,
                "speaker_key": identity.key if identity else "",
                "role": spk.role or "" if spk else "",
                "kind": claim.kind,
                "claim": _short(claim.text),
                "source": source_label(claim),
                "outlet": src.name or "" if src else "",
                "source_type": src.type or "" if src else "",
                "mode": (src.mode or "").replace("_", " ") if src else "",
                "date": claim.said_on or ex.meta.date or "",
                "citation": citation(claim, ex.meta.date, name or None),
            })
    return rows


def group_rows(rows: Sequence[Dict[str, str]], by: str) -> List[Tuple[str, List[Dict[str, str]]]]:
    """Rows grouped by ``speaker`` or ``source`` (outlet/platform), groups in first-seen order."""
    if by not in GROUP_BY:
        raise ValueError(f"cannot group by {by!r}; use {' or '.join(GROUP_BY)}")
    groups: Dict[str, List[Dict[str, str]]] = {}
    for row in rows:
        label = (row["speaker"] or UNATTRIBUTED) if by == "speaker" else (
            row["outlet"] or NO_SOURCE)
        groups.setdefault(label, []).append(row)
    return list(groups.items())


def _table_body(rows, columns, group_by):
    """Header and lists of cells; a group's label is shown on its first row only."""
    if not group_by:
        return list(columns), [[row[c] for c in columns] for row in rows]
    columns = [c for c in columns if c != group_by]
    body = []
    for label, members in group_rows(rows, group_by):
        for n, row in enumerate(members):
            body.append([label if n == 0 else ""] + [row[c] for c in columns])
    return [group_by] + columns, body


def render_table(rows: Sequence[Dict[str, str]], tablefmt: str = "simple",
                 columns: Sequence[str] = ("speaker", "role", "kind", "claim", "source", "doc"),
                 group_by: Optional[str] = None) -> str:
    """A table in any tabulate format; grouped rows come together, label first."""
    headers, body = _table_body(rows, columns, group_by)
    return tabulate(body, headers=headers, tablefmt=tablefmt)


def render_csv(rows: Sequence[Dict[str, str]], columns: Sequence[str],
               group_by: Optional[str] = None) -> str:
    """CSV with a header line; grouped rows repeat their group label (machine-readable)."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if group_by:
        columns = [c for c in columns if c != group_by]
        writer.writerow([group_by] + columns)
        for label, members in group_rows(rows, group_by):
            for row in members:
                writer.writerow([label] + [row[c] for c in columns])
    else:
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
    return out.getvalue()


def render_json(rows: Sequence[Dict[str, str]], columns: Sequence[str],
                group_by: Optional[str] = None) -> str:
    """A JSON array of rows, or of ``{"group": label, "claims": [rows]}`` when grouped."""
    def pick(row):
        return {c: row[c] for c in columns}
    if group_by:
        data = [{"group": label, "claims": [pick(r) for r in members]}
                for label, members in group_rows(rows, group_by)]
    else:
        data = [pick(r) for r in rows]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def who_report(extractions: Iterable[Extraction], rules=None, index=None) -> str:
    """Who said what: each speaker across documents, with forms, roles, claims and sources.

    ``index``: speaker identities computed already (a speaker filter computes
    them over the whole collection), else computed from ``extractions``.
    """
    from .identity import identify_speakers
    extractions = list(extractions)
    if index is None:
        index = identify_speakers(extractions, rules)
    several_docs = len({ex.doc_id for ex in extractions}) > 1
    speakers: Dict[str, dict] = {}
    for ex in extractions:
        for claim in ex.claims:
            identity = index.of_claim(claim)
            key = identity.key if identity else ""
            if key not in speakers:
                speakers[key] = {"identity": identity, "claims": [], "sources": [], "docs": []}
            entry = speakers[key]
            entry["claims"].append(claim)
            if ex.doc_id not in entry["docs"]:
                entry["docs"].append(ex.doc_id)
            label = source_label(claim)
            if label and label not in entry["sources"]:
                entry["sources"].append(label)
    lines = []
    for entry in speakers.values():
        identity = entry["identity"]
        head = identity.name if identity else UNATTRIBUTED
        if identity is not None:
            role = identity.role
            head += f" ({identity.type}" + (f"; {role})" if role else ")")
        n = len(entry["claims"])
        head += f": {n} claim{'s' if n != 1 else ''}"
        docs = len(entry["docs"])
        if several_docs:
            head += f" in {docs} document{'s' if docs != 1 else ''}"
        if entry["sources"]:
            head += "; via " + ", ".join(entry["sources"])
        lines.append(head)
        if identity is not None and len(identity.surface_forms) > 1:
            lines.append("  known as: " + ", ".join(identity.surface_forms))
        if identity is not None and (len(identity.roles) > 1 or (several_docs and identity.roles)):
            lines.append("  roles: " + "; ".join(_role_dates(r) for r in identity.roles))
        for claim in entry["claims"]:
            via = f" [{source_label(claim)}]" if claim.source else ""
            where = f" ({claim.doc_id})" if several_docs else ""
            lines.append(f"  - {claim.kind:<8} “{_short(claim.text, 90)}”{via}{where}")
        lines.append("")
    return "\n".join(lines).rstrip() + ("\n" if lines else "")


def _role_dates(role) -> str:
    if not role.first_seen:
        return role.role
    if role.first_seen == role.last_seen:
        return f"{role.role} ({role.first_seen})"
    return f"{role.role} ({role.first_seen} to {role.last_seen})"


def write_jsonl(extraction: Extraction, out: TextIO) -> None:
    if extraction.claims:
        out.write("".join(claim_json(claim) + "\n" for claim in extraction.claims))
