"""A self-contained HTML report: the articles with their claims highlighted, who said
what, the claim graph and the citation table.

One HTML file, nothing fetched: the CSS and a small script are inline, fonts are the
reader's own, and the graph is an inline SVG (Graphviz's when its ``dot`` program is
installed, otherwise :func:`builtin_graph_svg`, a three-column layout written here).
Every piece of article text goes through :func:`html.escape`, so an article holding
``<script>`` shows the tag as text.

Highlighting. The claims, cues and speaker mentions of a document are character
ranges that may nest (a speaker mention shared by two claims, a claim inside a
longer quote) or cross. :func:`nest_spans` turns them into properly nested
elements: where a range crosses the end of an enclosing one, it is closed there
and reopened after it as a continuation piece (``class="cont"``, no ``id``), so
the HTML stays well formed and each claim keeps one focusable first piece.

Reading needs no script. A claim is a ``<mark tabindex="0">`` whose ``title`` and a
CSS popup (shown on ``:hover`` and ``:focus``, linked with ``aria-describedby``)
give its speaker, role, source, kind, date and, when sources were checked, the
verdict; a claim named in the URL (``report.html#claim-doc-c3``, the links of the
panel and the table) shows its popup too (``:target``). The script only writes a
machine-readable summary of the highlighted claims, computed from the live DOM, into
``<pre id="dom-check" hidden>`` for the browser test (to see that popups work, it
focuses one claim for a moment at load and puts the focus back).

Characters XML cannot hold (control characters, lone surrogates from a JSONL
escape) become U+FFFD in the graph's labels, and lone surrogates anywhere in the
page, so it can be written as UTF-8.

Colours: one light background per speaker identity (:data:`SPEAKER_COLOURS`),
each with a contrast ratio of at least 4.5:1 against the text colour
(:data:`TEXT_COLOUR`, WCAG 2 AA for normal text; the test computes it). With more
speakers than colours the palette repeats; the popup and the panel still name the
speaker.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import attrs
from attrs import frozen

from .graph import ClaimGraph, build_graph
from .identity import SpeakerIndex, identify_speakers
from .output import citation_rows, human_date, source_label
from .records import Claim, Extraction

TEXT_COLOUR = "#1b1b1b"
# light tints of distinct hues (blue, orange, green, pink, purple, yellow, cyan,
# brown, olive, magenta, slate, salmon): dark text on each stays far above 4.5:1
SPEAKER_COLOURS = ("#bcd7ff", "#ffd3a1", "#b9ecc4", "#ffc2d1", "#dccbff", "#fff09a",
                   "#b3ecef", "#e6d2bd", "#d5e8a4", "#f2c6f0", "#cfd8dc", "#ffd6c9")
UNATTRIBUTED_COLOUR = "#e4e4e4"
GRAPH_LAYOUTS = ("auto", "graphviz", "builtin")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
TABLE_COLUMNS = ("speaker", "role", "kind", "claim", "source", "date", "doc")
#: above this many claims the report counts the graph's nodes and edges but does not draw it
GRAPH_MAX_CLAIMS = 500


def escape(value) -> str:
    """Text for HTML or XML content and attribute values (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def _svg_text(value) -> str:
    return _NOT_XML.sub("\ufffd", escape(value))


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ------------------------------------------------------------------ nesting
@frozen
class Mark:
    """A range of a document to wrap in an element: ``kind`` claim, cue or speaker."""

    start: int
    end: int
    kind: str
    open_tag: str  # the first piece's opening tag
    cont_tag: str  # the opening tag of a continuation piece
    close_tag: str
    tail: str = ""  # HTML put inside the first piece, at its end (the popup)


_RANK = {"claim": 0, "speaker": 1, "cue": 2}


def nest_spans(text: str, marks: Sequence[Mark]) -> str:
    """The escaped text with every mark wrapped, as well-formed nested HTML.

    At each boundary the marks ending there are closed; a mark that opened
    inside one of them and ends later is closed with it and reopened as a
    continuation piece. Empty marks are dropped.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    starting: Dict[int, List[Mark]] = defaultdict(list)
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, _RANK.get(m.kind, 9))):
        starting[mark.start].append(mark)
    boundaries = sorted({m.start for m in marks} | {m.end for m in marks} | {len(text)})
    out: List[str] = []
    stack: List[Mark] = []
    tail_done = set()
    pos = 0
    for point in boundaries:
        out.append(html.escape(text[pos:point], quote=False))
        pos = point
        ending = [n for n, m in enumerate(stack) if m.end == point]
        if ending:
            lowest = ending[0]
            above = stack[lowest:]
            for mark in reversed(above):
                if id(mark) not in tail_done:
                    out.append(mark.tail)
                    tail_done.add(id(mark))
                out.append(mark.close_tag)
            del stack[lowest:]
            for mark in above:
                if mark.end != point:
                    out.append(mark.cont_tag)
                    stack.append(mark)
        for mark in starting.get(point, ()):
            out.append(mark.open_tag)
            stack.append(mark)
    return "".join(out)


# ----------------------------------------------------------------- helpers
def _anchor_ids(extractions: Sequence[Extraction]) -> List[List[str]]:
    """An HTML id per claim (``claim-kyiv-2025-02-01-c3``), unique in the page, by
    document and claim position: two inputs can share a document id (``a/x.txt`` and
    ``b/x.txt``), and so claim ids; the second gets ``...-c3-2``."""
    used: set = set()
    return [[_unique("claim-" + _slug(claim.claim_id), used) for claim in ex.claims]
            for ex in extractions]


def _unique(base: str, used: set) -> str:
    anchor, n = base, 1
    while anchor in used:
        n += 1
        anchor = f"{base}-{n}"
    used.add(anchor)
    return anchor


@frozen
class _Speakers:
    """Each claim's speaker identity and colour class, in order of first appearance."""

    index: SpeakerIndex
    order: Tuple[str, ...]  # identity keys, first seen first
    position: Dict[str, int] = attrs.field(hash=False)

    def key(self, claim: Claim) -> str:
        identity = self.index.of_claim(claim)
        return identity.key if identity else ""

    def name(self, claim: Claim) -> str:
        identity = self.index.of_claim(claim)
        if identity is not None:
            return identity.name
        return claim.speaker.name if claim.speaker else "(unattributed)"

    def css_class(self, key: str) -> str:
        if not key:
            return "sp-none"
        return f"sp{self.position[key] % len(SPEAKER_COLOURS)}"


def _speakers(extractions: Sequence[Extraction], rules,
              index: Optional[SpeakerIndex] = None) -> _Speakers:
    if index is None:
        index = identify_speakers(extractions, rules)
    order: List[str] = []
    for ex in extractions:
        for claim in ex.claims:
            identity = index.of_claim(claim)
            if identity is not None and identity.key not in order:
                order.append(identity.key)
    return _Speakers(index, tuple(order), {key: n for n, key in enumerate(order)})


def _verdict_text(verdict) -> str:
    text = verdict.verdict.replace("_", " ")
    if verdict.check == "content":
        text += " (content check)"
    if verdict.source_id:
        text += f" in {verdict.source_id}"
    text += f", score {verdict.score:.2f}"
    if verdict.diff:
        text += f": {verdict.diff}"
    elif verdict.note:
        text += f": {verdict.note}"
    return text


def _claim_facts(claim: Claim, speakers: _Speakers, date: Optional[str],
                 verdicts: Sequence) -> List[Tuple[str, str]]:
    spk = claim.speaker
    facts = [("Speaker", speakers.name(claim))]
    if spk is not None and spk.role:
        facts.append(("Role", spk.role))
    if spk is not None and spk.type != "person":
        facts.append(("Type", spk.type))
    facts.append(("Source", source_label(claim) or "none named"))
    facts.append(("Kind", claim.kind))
    if claim.cue:
        facts.append(("Cue", claim.cue))
    when = human_date(claim.said_on or date)
    if when:
        facts.append(("Said", when))
    for verdict in verdicts:
        label = "Check" if len(verdicts) == 1 else f"Check, part {verdict.part + 1}"
        facts.append((label, _verdict_text(verdict)))
    return facts


def _failed(verdicts: Sequence) -> bool:
    return any(v.failed for v in verdicts)


# ---------------------------------------------------------------- articles
def article_html(extraction: Extraction, speakers: _Speakers, anchors: Sequence[str],
                 verdicts: Dict[Claim, list], heading: str) -> str:
    """One document's text with its claims, cues and speaker mentions marked;
    ``anchors`` are its claims' HTML ids, ``heading`` its title's."""
    text = extraction.document.text
    marks: List[Mark] = []
    cues: Dict[Tuple[int, int], List[Claim]] = defaultdict(list)
    mentions: Dict[Tuple[int, int], List[Claim]] = defaultdict(list)
    for claim, anchor in zip(extraction.claims, anchors):
        checks = verdicts.get(claim, [])
        facts = _claim_facts(claim, speakers, extraction.meta.date, checks)
        classes = f"claim k-{claim.kind} {speakers.css_class(speakers.key(claim))}"
        if _failed(checks):
            classes += " check-failed"
        data = (f' data-claim-id="{escape(claim.claim_id)}"'
                f' data-speaker="{escape(speakers.name(claim))}"'
                f' data-kind="{escape(claim.kind)}"')
        title = "; ".join(f"{k}: {v}" for k, v in facts)
        tip = (f'<span class="tip" role="tooltip" id="tip-{anchor}">'
               + "".join(f'<span class="fact"><b>{escape(k)}:</b> {escape(v)}</span>'
                         for k, v in facts) + "</span>")
        marks.append(Mark(
            claim.span.start, claim.span.end, "claim",
            f'<mark class="{classes}" id="{anchor}" tabindex="0"{data} title="{escape(title)}"'
            f' aria-describedby="tip-{anchor}">',
            f'<mark class="{classes} cont"{data} data-anchor="{anchor}">', "</mark>", tip))
        if claim.cue_span is not None:
            cues[(claim.cue_span.start, claim.cue_span.end)].append(claim)
        if claim.speaker_span is not None:
            mentions[(claim.speaker_span.start, claim.speaker_span.end)].append(claim)
    for (start, end), claims in cues.items():
        ids = " ".join(c.claim_id for c in claims)
        tag = f'<span class="cue" data-claims="{escape(ids)}" title="cue">'
        marks.append(Mark(start, end, "cue", tag, tag, "</span>"))
    for (start, end), claims in mentions.items():
        ids = " ".join(c.claim_id for c in claims)
        colour = speakers.css_class(speakers.key(claims[0]))
        who = speakers.name(claims[0])
        tag = (f'<span class="mention {colour}" data-claims="{escape(ids)}"'
               f' data-speaker="{escape(who)}" title="speaker: {escape(who)}">')
        marks.append(Mark(start, end, "speaker", tag, tag, "</span>"))
    meta = extraction.meta
    facts = [f"<code>{escape(extraction.doc_id)}</code>"]
    if meta.date:
        facts.append(escape(human_date(meta.date)))
    if meta.dateline:
        facts.append(escape(meta.dateline))
    n = len(extraction.claims)
    facts.append(f"{n} claim{'s' if n != 1 else ''}")
    return (f'<article class="document" aria-labelledby="{heading}">'
            f'<h2 id="{heading}">{escape(extraction.doc_id)}</h2>'
            f'<p class="doc-facts">{" · ".join(facts)}</p>'
            f'<div class="text">{nest_spans(text, marks)}</div></article>')


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "x"


# ------------------------------------------------------------ who said what
def who_panel(extractions: Sequence[Extraction], speakers: _Speakers,
              anchors: Sequence[Sequence[str]]) -> str:
    """Each speaker with counts by kind, sources, and a link to every claim."""
    claims_of: Dict[str, List[Tuple[Claim, str]]] = defaultdict(list)
    for ex, ex_anchors in zip(extractions, anchors):
        for claim, anchor in zip(ex.claims, ex_anchors):
            claims_of[speakers.key(claim)].append((claim, anchor))
    keys = list(speakers.order) + ([""] if "" in claims_of else [])
    parts = ['<h2 id="who">Who said what</h2>']
    for key in keys:
        claims = [claim for claim, _anchor in claims_of[key]]
        identity = speakers.index.identities.get(key) if key else None
        name = identity.name if identity else "(unattributed)"
        kinds = Counter(c.kind for c in claims)
        count = f"{len(claims)} claim{'s' if len(claims) != 1 else ''}"
        detail = ", ".join(f"{kinds[k]} {k}" for k in ("direct", "mixed", "indirect") if kinds[k])
        about = []
        if identity is not None:
            about.append(identity.type + (f"; {identity.role}" if identity.role else ""))
        sources = list(dict.fromkeys(source_label(c) for c in claims if c.source))
        if sources:
            about.append("via " + ", ".join(sources))
        if identity is not None and len(identity.documents) > 1:
            about.append(f"in {len(identity.documents)} documents")
        items = "".join(
            f'<li><a href="#{anchor}"><span class="kind">{escape(c.kind)}</span> '
            f'“{escape(_short(c.text, 80))}”</a></li>' for c, anchor in claims_of[key])
        parts.append(
            f'<section class="speaker" data-speaker="{escape(name)}">'
            f'<h3><span class="swatch {speakers.css_class(key)}" aria-hidden="true"></span>'
            f'{escape(name)} <span class="count">{count}</span></h3>'
            + (f'<p class="about">{escape(" · ".join(about))}</p>' if about else "")
            + f'<p class="kinds">{escape(detail)}</p><ol>{items}</ol></section>')
    return '<nav class="who" aria-labelledby="who">' + "".join(parts) + "</nav>"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


# -------------------------------------------------------------------- graph
_EDGE_COLOURS = {"said": "#444444", "via": "#1f5fbf", "reported_in": "#8a8a8a",
                 "repeats": "#1b7a3a", "part_of": "#b35900", "corroborates": "#7a2c9e"}
_COLUMN_OF = {"speaker": 0, "claim": 1, "source": 2, "document": 2}
_COLUMN_X = (10, 300, 800)
_COLUMN_WIDTH = (230, 360, 230)
_ROW = 34
_BOX = 26
_TOP = 40


def builtin_graph_svg(graph: ClaimGraph, anchors: Optional[Dict[str, str]] = None,
                      colours: Optional[Dict[str, str]] = None) -> str:
    """The claim graph as SVG without Graphviz: speakers, claims, then sources and
    documents in three columns, straight edges between columns, arcs between claims.

    Claims are grouped by speaker (in order of the speakers' first claims) so the
    ``said`` edges do not cross; every other node sits at the mean height of the
    claims it is linked to, pushed down until it overlaps none. ``anchors`` maps
    claim ids to HTML ids (a claim node then links to the claim in the text);
    ``colours`` maps speaker node ids to fill colours.
    """
    anchors = anchors or {}
    colours = colours or {}
    said = {e.target: e.source for e in graph.edges_of("said")}
    claims = graph.nodes_of("claim")
    claim_rank = {n.id: (n.data.get("doc_id", ""), n.data.get("start", 0)) for n in claims}
    first = {}
    for node in sorted(claims, key=lambda n: claim_rank[n.id]):
        first.setdefault(said.get(node.id, ""), claim_rank[node.id])
    claims.sort(key=lambda n: (first.get(said.get(n.id, ""), ("",)), claim_rank[n.id]))
    y: Dict[str, float] = {n.id: _TOP + i * _ROW for i, n in enumerate(claims)}
    neighbours: Dict[str, List[str]] = defaultdict(list)
    for edge in graph.edges:
        neighbours[edge.source].append(edge.target)
        neighbours[edge.target].append(edge.source)
    columns: List[List] = [[], [], []]
    for node in graph.nodes:
        if node.kind != "claim":
            columns[_COLUMN_OF.get(node.kind, 2)].append(node)
    for column in (columns[0], columns[2]):
        wanted = {}
        for node in column:
            near = [y[c] for c in neighbours[node.id] if c in y]
            wanted[node.id] = sum(near) / len(near) if near else _TOP
        column.sort(key=lambda n: (wanted[n.id], n.id))
        floor = _TOP
        for node in column:
            y[node.id] = max(wanted[node.id], floor)
            floor = y[node.id] + _ROW
    height = max([y[n] for n in y] + [_TOP]) + _ROW + 30
    x = {node.id: _COLUMN_OF.get(node.kind, 2) for node in graph.nodes}
    width = _COLUMN_X[2] + _COLUMN_WIDTH[2] + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 {width} '
           f'{height:.0f}" width="{width}" height="{height:.0f}" role="img" '
           f'aria-labelledby="graph-title" font-family="sans-serif" font-size="12">',
           '<title id="graph-title">Claim graph: speakers, claims, sources and documents</title>']
    for n, head in enumerate(("Speakers", "Claims", "Sources and documents")):
        out.append(f'<text x="{_COLUMN_X[n]}" y="20" font-weight="bold">{head}</text>')
    out.append('<g class="edges" fill="none" stroke-width="1.3">')
    for edge in graph.edges:
        if edge.source not in y or edge.target not in y:
            continue
        colour = _EDGE_COLOURS.get(edge.kind, "#444444")
        a, b = x[edge.source], x[edge.target]
        ya, yb = y[edge.source] + _BOX / 2, y[edge.target] + _BOX / 2
        label = _svg_text(f"{edge.kind}: {edge.source} → {edge.target}")
        if a == b:  # between claims: an arc out to the right of the claim column
            right = _COLUMN_X[a] + _COLUMN_WIDTH[a]
            bulge = right + 25 + min(abs(yb - ya) / 4, 90)
            out.append(f'<path d="M{right} {ya:.0f} C{bulge:.0f} {ya:.0f} {bulge:.0f} '
                       f'{yb:.0f} {right} {yb:.0f}" stroke="{colour}" stroke-dasharray="4 3">'
                       f'<title>{label}</title></path>')
            continue
        if a > b:
            a, b, ya, yb = b, a, yb, ya
        out.append(f'<line x1="{_COLUMN_X[a] + _COLUMN_WIDTH[a]}" y1="{ya:.0f}" '
                   f'x2="{_COLUMN_X[b]}" y2="{yb:.0f}" stroke="{colour}">'
                   f'<title>{label}</title></line>')
    out.append("</g>")
    for node in graph.nodes:
        column = x[node.id]
        fill = {"claim": "#ffffff", "source": "#e8f0fb",
                "document": "#f1f1f1"}.get(node.kind, colours.get(node.id, "#ffffff"))
        label = node.label
        if node.kind == "claim":
            label = f"{node.data.get('claim_kind', '')}: {label}"
        elif node.kind == "document":
            label = f"document {label}"
        elif node.kind == "source":
            label = f"{node.data.get('type', 'source')} {label}"
        chars = int(_COLUMN_WIDTH[column] / 6.6)
        box = (f'<rect x="{_COLUMN_X[column]}" y="{y[node.id]:.0f}" '
               f'width="{_COLUMN_WIDTH[column]}" height="{_BOX}" '
               f'rx="{8 if node.kind == "source" else 3}" fill="{fill}" stroke="#555555"/>'
               f'<text x="{_COLUMN_X[column] + 6}" y="{y[node.id] + 17:.0f}" '
               f'fill="{TEXT_COLOUR}">{_svg_text(_short(label, chars))}</text>')
        inner = f'<title>{_svg_text(node.label)}</title>{box}'
        claim_id = node.data.get("claim_id") if node.kind == "claim" else None
        if claim_id in anchors:
            inner = f'<a href="#{_svg_text(anchors[claim_id])}">{inner}</a>'
        out.append(f'<g class="node {node.kind}" data-id="{_svg_text(node.id)}">{inner}</g>')
    legend_y = height - 12
    lx = 10
    for kind, colour in _EDGE_COLOURS.items():
        out.append(f'<line x1="{lx}" y1="{legend_y - 4}" x2="{lx + 22}" y2="{legend_y - 4}" '
                   f'stroke="{colour}" stroke-width="2"/><text x="{lx + 26}" y="{legend_y}" '
                   f'fill="{TEXT_COLOUR}">{kind.replace("_", " ")}</text>')
        lx += 130
    out.append("</svg>")
    return "\n".join(out)


_XML_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')


def inline_svg(svg: str) -> str:
    """An SVG document ready to put inside HTML: no prolog, doctype or comments,
    and no fixed size (the CSS scales it to the page)."""
    svg = _XML_PROLOG.sub("", svg).strip()
    while _SVG_SIZE.search(svg):
        svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    return svg


def report_dot(graph: ClaimGraph, anchors: Optional[Dict[str, str]] = None,
               colours: Optional[Dict[str, str]] = None) -> str:
    """:func:`~quotetrack.export.graph_dot` with the report's speaker colours, and each
    claim node linked to the claim in the text (DOT lets a later statement add
    attributes to a node already declared)."""
    from .export import dot_quote, graph_dot
    extra = []
    for node_id, colour in sorted((colours or {}).items()):
        extra.append(f"  {dot_quote(node_id)} [style=filled, fillcolor={dot_quote(colour)}];")
    for node in graph.nodes_of("claim"):
        anchor = (anchors or {}).get(node.data.get("claim_id"))
        if anchor:
            extra.append(f"  {dot_quote(node.id)} [URL={dot_quote('#' + anchor)}, "
                         f"target=\"_self\"];")
    dot = graph_dot(graph).rstrip()
    return dot[:-1] + "\n".join(extra) + ("\n" if extra else "") + "}\n"


def graph_svg(graph: ClaimGraph, layout: str = "auto",
              anchors: Optional[Dict[str, str]] = None,
              colours: Optional[Dict[str, str]] = None) -> Tuple[str, str]:
    """``(svg, layout used)``: Graphviz's ``dot`` for ``graphviz`` (raises
    :class:`~quotetrack.export.GraphvizMissing` without it) and for ``auto`` when it
    is installed, else the built-in layout."""
    from .export import GraphvizFailed, GraphvizMissing, render_graphviz
    if layout not in GRAPH_LAYOUTS:
        raise ValueError(f"unknown graph layout {layout!r}; use one of {', '.join(GRAPH_LAYOUTS)}")
    if layout != "builtin":
        try:
            svg = render_graphviz(report_dot(graph, anchors, colours), "svg").decode(
                "utf-8", "replace")
            return inline_svg(svg), "graphviz"
        except (GraphvizMissing, GraphvizFailed):
            if layout == "graphviz":
                raise
    return builtin_graph_svg(graph, anchors, colours), "builtin"


# -------------------------------------------------------------------- table
def citation_table_html(extractions: Sequence[Extraction], speakers: _Speakers,
                        anchors: Sequence[Sequence[str]], verdicts: Dict[Claim, list],
                        rules=None) -> str:
    """The citation table (:func:`quotetrack.output.citation_rows`) with a link to each
    claim, the citation line and, with sources, the verdicts."""
    rows = citation_rows(extractions, speakers.index, rules)
    claims = [c for ex in extractions for c in ex.claims]
    claim_anchors = [a for ex_anchors in anchors for a in ex_anchors]
    checked = bool(verdicts)
    head = ["claim"] + list(TABLE_COLUMNS) + ["citation"] + (["check"] if checked else [])
    out = ['<table class="citations"><caption>Citation table: one row per claim</caption>'
           "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
           + "</tr></thead><tbody>"]
    for claim, anchor, row in zip(claims, claim_anchors, rows):
        cells = [f'<td><a href="#{anchor}">{escape(claim.claim_id)}</a></td>']
        for column in TABLE_COLUMNS:
            value = escape(row[column])
            if column == "speaker":
                value = (f'<span class="swatch {speakers.css_class(speakers.key(claim))}" '
                         f'aria-hidden="true"></span>{value}')
            cells.append(f'<td class="col-{column}">{value}</td>')
        cells.append(f'<td class="col-citation">{escape(row["citation"])}</td>')
        if checked:
            text = "; ".join(_verdict_text(v) for v in verdicts.get(claim, []))
            cells.append(f'<td class="col-check">{escape(text)}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------- page
_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #fafafa; color: %(text)s;
  font: 16px/1.6 Georgia, "Times New Roman", serif; }
header, main, footer { max-width: 78rem; margin: 0 auto; padding: 0 1.25rem; }
header h1 { font: 600 1.6rem/1.2 system-ui, sans-serif; margin: 1.2rem 0 .3rem; }
header p, .contents, .doc-facts, .legend, footer {
  font: .9rem/1.4 system-ui, sans-serif; color: #3b3b3b; }
h2, h3 { font-family: system-ui, sans-serif; }
.layout { display: grid; gap: 1.5rem; }
@media (min-width: 62rem) { .layout { grid-template-columns: minmax(0, 1fr) 21rem; }
  .who { position: sticky; top: .5rem; max-height: calc(100vh - 1rem); overflow: auto; } }
.document { background: #fff; border: 1px solid #d6d6d6; border-radius: 6px;
  padding: .4rem 1.4rem 1rem; margin-bottom: 1.5rem; }
.document h2 { font-size: 1.15rem; margin: .6rem 0 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark.claim { color: %(text)s; border-radius: 3px; padding: .08em 0; position: relative;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; cursor: help; }
mark.claim.k-indirect { border-bottom: 2px dashed #555; }
mark.claim.k-mixed { border-bottom: 2px dotted #555; }
mark.claim.check-failed { border-bottom: 3px double #9b1c1c; }
mark.claim:focus { outline: 3px solid #0b57d0; outline-offset: 1px; }
.mention { font-weight: bold; border-radius: 3px; outline: 2px solid #555; outline-offset: -1px;
  padding: 0 .1em; }
.cue { font-style: italic; text-decoration: underline; text-decoration-thickness: 2px;
  text-underline-offset: 3px; }
.tip { display: none; position: absolute; left: 0; top: 100%%; z-index: 10; width: max-content;
  max-width: min(26rem, 80vw); margin-top: .3rem; padding: .5rem .7rem; background: #fff;
  color: %(text)s; border: 1px solid #555; border-radius: 5px; box-shadow: 0 2px 8px #0003;
  font: .85rem/1.4 system-ui, sans-serif; font-weight: normal; font-style: normal;
  white-space: normal; text-align: left; }
.tip .fact { display: block; }
mark.claim:focus > .tip, mark.claim:target > .tip, mark.claim:hover > .tip { display: block; }
/* a claim inside a hovered claim: only the inner one's popup (a rule of its own, so a
   browser without :has() still shows the popups above) */
mark.claim:hover:has(mark.claim:hover):not(:focus) > .tip { display: none; }
mark.claim:target { outline: 3px solid #0b57d0; outline-offset: 1px; }
.who { font: .9rem/1.45 system-ui, sans-serif; background: #fff; border: 1px solid #d6d6d6;
  border-radius: 6px; padding: .2rem 1rem .8rem; align-self: start; }
.who h2 { font-size: 1.1rem; }
.who h3 { font-size: 1rem; margin: 1rem 0 .1rem; }
.who .count { font-weight: normal; color: #3b3b3b; }
.who p { margin: 0; color: #3b3b3b; }
.who ol { margin: .3rem 0 0; padding-left: 1.4rem; }
.who a, .citations a, .contents a { color: #0645ad; }
.who .kind { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; color: #3b3b3b; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #555;
  border-radius: 2px; margin-right: .35em; vertical-align: -.1em; }
figure.graph-figure { background: #fff; border: 1px solid #d6d6d6; border-radius: 6px;
  margin: 0 0 1.5rem; padding: .6rem; overflow-x: auto; }
figure.graph-figure svg { max-width: 100%%; height: auto; }
figcaption { font: .85rem/1.4 system-ui, sans-serif; color: #3b3b3b; }
.citations { border-collapse: collapse; background: #fff; font: .85rem/1.4 system-ui, sans-serif;
  width: 100%%; margin-bottom: 2rem; }
.citations caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.citations th, .citations td { border: 1px solid #d6d6d6; padding: .3rem .45rem;
  vertical-align: top; text-align: left; }
.citations thead th { background: #eeeeee; }
.citations tbody tr:nth-child(even) { background: #f7f7f7; }
a:focus { outline: 3px solid #0b57d0; }
.sp-none { background: %(none)s; }
%(palette)s
"""

_SCRIPT = """
function focusCheck() {
  // focus a claim (not the one focused already), see whether its popup shows, put focus back
  var active = document.activeElement, claims = document.querySelectorAll("mark.claim[id]");
  for (var n = 0; n < claims.length; n++) {
    var el = claims[n];
    if (el === active || el.contains(active)) { continue; }
    var before = tipShown(el);
    el.focus({preventScroll: true});
    var result = {id: el.id, before: before, focused: document.activeElement === el,
                  after: tipShown(el)};
    el.blur();
    if (active && active !== document.body) { active.focus({preventScroll: true}); }
    return result;
  }
  return null;
}
function tipShown(el) {
  var tip = el && el.querySelector(".tip");
  return tip ? getComputedStyle(tip).display !== "none" : null;
}
function domCheck(focused) {
  // a summary of what is highlighted, read from the live DOM, for browser tests
  function textOf(el) {
    var out = "";
    el.childNodes.forEach(function (node) {
      if (node.nodeType === 3) { out += node.data; }
      else if (node.nodeType === 1 && !node.classList.contains("tip")) { out += textOf(node); }
    });
    return out;
  }
  var claims = [], byAnchor = {};
  // a claim's first piece has its id, continuation pieces name it in data-anchor
  document.querySelectorAll("mark.claim").forEach(function (piece) {
    var entry;
    if (piece.id) {
      var style = getComputedStyle(piece);
      entry = {id: piece.getAttribute("data-claim-id"), anchor: piece.id,
               speaker: piece.getAttribute("data-speaker"),
               kind: piece.getAttribute("data-kind"), text: "",
               background: style.backgroundColor, color: style.color, boxes: 0,
               focusable: piece.tabIndex === 0};
      byAnchor[piece.id] = entry;
      claims.push(entry);
    } else {
      entry = byAnchor[piece.getAttribute("data-anchor")];
    }
    if (entry) {
      entry.text += textOf(piece);
      entry.boxes += piece.getClientRects().length;
    }
  });
  var mentions = [];
  document.querySelectorAll(".text .mention").forEach(function (el) {
    mentions.push({claims: el.getAttribute("data-claims").split(" "),
                   speaker: el.getAttribute("data-speaker"), text: textOf(el)});
  });
  var cues = [];
  document.querySelectorAll(".text .cue").forEach(function (el) {
    cues.push({claims: el.getAttribute("data-claims").split(" "), text: textOf(el)});
  });
  // the popup of the claim named in the URL (#claim-...)
  var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  var check = document.getElementById("dom-check");
  if (check) {
    check.textContent = JSON.stringify({
      claims: claims, mentions: mentions, cues: cues,
      graph: document.querySelectorAll("figure svg").length,
      target: target ? {id: target.id, tip: tipShown(target)} : null, focus: focused});
  }
}
// Escape dismisses a focused claim's popup (WCAG 1.4.13)
document.addEventListener("keydown", function (event) {
  var active = document.activeElement;
  if (event.key === "Escape" && active && active.matches("mark.claim")) { active.blur(); }
});
domCheck(null);
// :target applies once the page has loaded and scrolled to the fragment
window.addEventListener("load", function () { domCheck(focusCheck()); });
"""


def _css() -> str:
    palette = "\n".join(f".sp{n} {{ background: {c}; }}" for n, c in enumerate(SPEAKER_COLOURS))
    return _CSS % {"text": TEXT_COLOUR, "none": UNATTRIBUTED_COLOUR, "palette": palette}


def render_report(extractions: Iterable[Extraction], verdicts: Optional[Iterable] = None,
                  rules=None, title: str = "quotetrack report", graph_layout: str = "auto",
                  graph: Optional[ClaimGraph] = None,
                  graph_max_claims: Optional[int] = GRAPH_MAX_CLAIMS,
                  index: Optional[SpeakerIndex] = None) -> str:
    """The whole report as one HTML page (a string).

    ``verdicts``: :class:`~quotetrack.check.Verdict` records from
    :func:`~quotetrack.check.check_claims`; when given, each claim's popup and
    the table show its check. ``graph_layout``: ``auto`` (Graphviz when its
    ``dot`` is installed, else built in), ``graphviz`` or ``builtin``. A graph of
    more than ``graph_max_claims`` claims (None: no limit) is not drawn, only counted:
    thousands of claims make a drawing nobody can read, and Graphviz slow.
    ``index``: speaker identities computed already (else computed once here,
    for the page and its graph).
    """
    extractions = list(extractions)
    speakers = _speakers(extractions, rules, index)
    anchors = _anchor_ids(extractions)
    # by claim (equal claims of two copies of a document share their verdicts), one per part
    parts: Dict[Tuple[Claim, int], object] = {}
    for verdict in verdicts or ():
        parts.setdefault((verdict.claim, verdict.part), verdict)
    by_claim: Dict[Claim, list] = defaultdict(list)
    for (claim, _part), verdict in parts.items():
        by_claim[claim].append(verdict)
    # graph nodes are claim ids: link each to the first claim with that id
    graph_anchors: Dict[str, str] = {}
    for ex, ex_anchors in zip(extractions, anchors):
        for claim, anchor in zip(ex.claims, ex_anchors):
            graph_anchors.setdefault(claim.claim_id, anchor)
    if graph is None:
        graph = build_graph(extractions, rules, speakers.index)
    colours = {"speaker:" + key: SPEAKER_COLOURS[n % len(SPEAKER_COLOURS)]
               for n, key in enumerate(speakers.order)}
    counts = graph.counts()
    too_big = graph_max_claims is not None and counts["claim nodes"] > graph_max_claims
    svg, layout = ("", "none") if too_big else graph_svg(graph, graph_layout, graph_anchors,
                                                         colours)
    n_claims = sum(len(ex.claims) for ex in extractions)
    n_docs = len(extractions)
    summary = (f"{n_docs} document{'s' if n_docs != 1 else ''}, {n_claims} "
               f"claim{'s' if n_claims != 1 else ''}, {len(speakers.order)} "
               f"speaker{'s' if len(speakers.order) != 1 else ''}")
    if verdicts is not None:
        tally = Counter(v.verdict for values in by_claim.values() for v in values)
        summary += "; checked against sources: " + (
            ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(tally.items()))
            or "nothing to check")
    graph_caption = (
        f"The claim graph ({counts['speaker nodes']} speakers, {counts['claim nodes']} claims, "
        f"{counts['source nodes']} sources, {counts['document nodes']} documents; "
        + ", ".join(f"{counts[k + ' edges']} {k.replace('_', ' ')}"
                    for k in ("said", "via", "reported_in", "repeats", "part_of", "corroborates"))
        + " edges), "
        + ("drawn by Graphviz." if layout == "graphviz" else
           f"not drawn: more than {graph_max_claims} claims would not be legible; export it "
           "with `quotetrack graph --format graphml` (or json, dot) for a graph tool."
           if layout == "none" else
           "drawn by quotetrack's built-in layout (install Graphviz for a better one). "
           "Select a claim to jump to it in the text."))
    headings: set = set()
    articles = "".join(
        article_html(ex, speakers, ex_anchors, by_claim,
                     _unique("doc-" + _slug(ex.doc_id), headings))
        for ex, ex_anchors in zip(extractions, anchors))
    legend = ('<p class="legend">Each speaker has a colour. Solid background: direct quote; '
              'dashed underline: indirect (reported) claim; dotted underline: mixed claim; '
              '<span class="mention sp-none">bold outline</span>: the speaker mention; '
              '<span class="cue">underlined italic</span>: the cue. Hover over or tab to a '
              'claim to see who said it, how and where'
              + (", and how it compares with the sources (a red double underline: the "
                 "quote was altered, misattributed or not found)" if verdicts is not None
                 else "")
              + ".</p>")
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="quotetrack"><title>{escape(title)}</title>'
        f"<style>{_css()}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p>{escape(summary)}</p>'
        '<nav class="contents" aria-label="Contents"><a href="#documents">Articles</a> · '
        '<a href="#who">Who said what</a> · <a href="#graph">Claim graph</a> · '
        f'<a href="#table">Citation table</a></nav>{legend}</header>'
        '<main><div class="layout"><div class="documents" id="documents">'
        f"{articles}</div>{who_panel(extractions, speakers, anchors)}</div>"
        '<h2 id="graph">Claim graph</h2>'
        f'<figure class="graph-figure">{svg}<figcaption>{escape(graph_caption)}</figcaption>'
        "</figure>"
        '<h2 id="table">Citation table</h2>'
        f"{citation_table_html(extractions, speakers, anchors, by_claim, rules)}"
        '</main><footer><p>Made by quotetrack. Offsets are character offsets into each '
        'document as read.</p></footer>'
        '<pre id="dom-check" hidden></pre>'
        f"<script>{_SCRIPT}</script></body></html>\n")
    # a lone surrogate (a JSONL escape such as \udc80) cannot be written as UTF-8
    return _SURROGATE.sub("\ufffd", page)
