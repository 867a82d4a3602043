"""The claim graph: speakers, claims, sources and documents across a collection.

Nodes (ids are stable strings):

* ``speaker:KEY`` — one identity across documents (:mod:`quotetrack.identity`);
* ``claim:CLAIM_ID`` — one claim (``claim:kyiv#c3``);
* ``source:TYPE:NAME`` — a named channel: outlet, platform, programme,
  organisation or document (``source:platform:x``); a channel with a mode but
  no name (``in a statement``) is not a node, its mode stays on the claim;
* ``document:DOC_ID`` — id, date, dateline, origin and metadata.

Edges: ``said`` (speaker → claim), ``via`` (claim → source, with the mode),
``reported_in`` (claim → document) and between claims:

* ``repeats`` (later report → earliest report): the same words, by the same
  speaker, reported again, in the same or another document;
* ``part_of`` (fragment → fuller quote): a direct quote, or the quoted
  words of a mixed claim, found as a contiguous run inside a longer direct
  quote by the same speaker
  (a few words quoted in the lede, inside the full post quoted further
  down);
* ``corroborates`` (claim → earlier claim): a claim with a back-reference
  cue (lexicons in ``rules/graph.yaml``: ``corroboration_cue``, echoed,
  likewise, confirmed…, and ``additive_cue``, also, too, which counts only
  for a speaker's first claim in the document) in its cue or the few words
  around it, outside the content, linked to the nearest earlier claim in
  the same document by another speaker.

Words are compared case- and punctuation-blind; repeats and fragments need at
least :data:`MIN_SHARED_WORDS` words, since two-word overlaps ("the war")
are coincidences.

:func:`build_graph` takes any iterable of :class:`Extraction` (a store can
rebuild them and feed them in). :func:`merge_graphs` rebuilds from the union
of the graphs' documents, because speaker identity is a property of the whole
collection (a bare surname joins a full name only if it is unambiguous in
it); merging is therefore idempotent and independent of order. When two graphs
hold different texts under one document id, the text with the greater SHA-256
wins, so the choice does not depend on order either.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Tuple

from attrs import field, frozen

from .identity import SpeakerIndex, identify_speakers
from .records import Claim, Extraction

MIN_SHARED_WORDS = 3
# "has also noted", "echoed the president, saying": a back-reference sits next to the cue
CUE_WINDOW_WORDS = 3
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,%d}$" % CUE_WINDOW_WORDS)
_WORDS_AFTER = re.compile(r"(?:\s+\S+){0,%d}" % CUE_WINDOW_WORDS)
NODE_KINDS = ("speaker", "claim", "source", "document")
EDGE_KINDS = ("said", "via", "reported_in", "repeats", "part_of", "corroborates")
_WORD = re.compile(r"\w+(?:['’]\w+)*")  # "it's" is one word
# the quoted run inside a mixed claim's text (its marks are kept in the text)
_QUOTED = re.compile(r"[\"“„«‹]([^\"“”„«»‹›]+)[\"”“»›]")


@frozen
class Node:
    """One node: ``kind`` is speaker, claim, source or document; ``data`` is JSON-safe."""

    id: str
    kind: str
    label: str
    data: dict = field(factory=dict, hash=False)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "label": self.label, **self.data}


@frozen(order=True)
class Edge:
    """A directed, typed edge between two node ids."""

    source: str
    target: str
    kind: str
    data: tuple = ()  # sorted (key, value) pairs

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "kind": self.kind,
                **dict(self.data)}


@frozen
class ClaimGraph:
    """Nodes sorted by id, edges sorted; compare two graphs with ``==``."""

    nodes: Tuple[Node, ...]
    edges: Tuple[Edge, ...]
    extractions: Tuple[Extraction, ...] = field(default=(), eq=False, repr=False)
    rules: object = field(default=None, eq=False, repr=False)
    speakers: Optional[SpeakerIndex] = field(default=None, eq=False, repr=False)
    _by_id: dict = field(factory=dict, eq=False, repr=False, init=False)
    _out: dict = field(factory=dict, eq=False, repr=False, init=False)
    _inbound: dict = field(factory=dict, eq=False, repr=False, init=False)

    def __attrs_post_init__(self) -> None:
        self._by_id.update((n.id, n) for n in self.nodes)
        for edge in self.edges:
            self._out.setdefault(edge.source, []).append(edge)
            self._inbound.setdefault(edge.target, []).append(edge)

    # ------------------------------------------------------------------ access
    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def nodes_of(self, kind: str) -> List[Node]:
        return [n for n in self.nodes if n.kind == kind]

    def edges_of(self, kind: str) -> List[Edge]:
        return [e for e in self.edges if e.kind == kind]

    def out_edges(self, node_id: str, kind: Optional[str] = None) -> List[Edge]:
        return [e for e in self._out.get(node_id, ()) if kind is None or e.kind == kind]

    def in_edges(self, node_id: str, kind: Optional[str] = None) -> List[Edge]:
        return [e for e in self._inbound.get(node_id, ()) if kind is None or e.kind == kind]

    def counts(self) -> dict:
        """Nodes and edges by kind, for summaries and tests."""
        result = {f"{k} nodes": len(self.nodes_of(k)) for k in NODE_KINDS}
        result.update({f"{k} edges": len(self.edges_of(k)) for k in EDGE_KINDS})
        return result

    # ----------------------------------------------------------------- queries
    def speaker_ids(self, name: str) -> List[str]:
        """Speaker node ids a name or key can mean (any spelling, titles allowed)."""
        if name.startswith("speaker:") and name in self._by_id:
            return [name]
        if "speaker:" + name in self._by_id:
            return ["speaker:" + name]
        if self.speakers is None:
            return []
        return ["speaker:" + i.key for i in self.speakers.find(name, self.rules)]

    def source_ids(self, name: str) -> List[str]:
        if name in self._by_id and self._by_id[name].kind == "source":
            return [name]
        wanted = source_key(name)
        return [n.id for n in self.nodes_of("source") if source_key(n.label) == wanted]

    def _claims_of(self, ids: Iterable[str], kind: str, incoming: bool) -> List[Node]:
        found = {}
        for node_id in ids:
            for edge in (self.in_edges(node_id, kind) if incoming
                         else self.out_edges(node_id, kind)):
                other = edge.source if incoming else edge.target
                found[other] = self._by_id[other]
        return sorted(found.values(), key=_claim_order)

    def claims_by_speaker(self, name: str) -> List[Node]:
        """Claims said by whoever ``name`` means, in date order."""
        return self._claims_of(self.speaker_ids(name), "said", incoming=False)

    def claims_by_source(self, name: str) -> List[Node]:
        """Claims made through a named outlet or platform (``CNN``, ``X``)."""
        return self._claims_of(self.source_ids(name), "via", incoming=True)

    def claims_between(self, since: Optional[str] = None,
                       until: Optional[str] = None) -> List[Node]:
        """Claims whose date (said_on, else the document's) overlaps [since, until].

        Dates are ISO days; a claim dated by week, month or year overlaps when
        any day of its period does. Undated claims are left out when a bound
        is given.
        """
        low = _period(since)[0] if since else None
        high = _period(until)[1] if until else None
        result = []
        for node in self.nodes_of("claim"):
            period = _period(node.data.get("date"))
            if period is None:
                if low is None and high is None:
                    result.append(node)
                continue
            if (high is None or period[0] <= high) and (low is None or period[1] >= low):
                result.append(node)
        return sorted(result, key=_claim_order)

    def speakers_by_source(self, name: str) -> List[Node]:
        """Speakers who made claims through a named source."""
        found = {}
        for claim in self.claims_by_source(name):
            for edge in self.in_edges(claim.id, "said"):
                found[edge.source] = self._by_id[edge.source]
        return [found[k] for k in sorted(found)]


def source_key(name: str) -> str:
    """Outlet and platform names compare case-, accent- and space-blind (no transliteration:
    ``X`` is not ``ks``)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .casefold().split())


def _claim_order(node: Node) -> tuple:
    return (node.data.get("date") or "", node.data.get("doc_id", ""), node.data.get("start", 0),
            node.id)


def _period(value: Optional[str]) -> Optional[Tuple[str, str]]:
    """The first and last ISO day of a day, ISO week, month or year."""
    if not value:
        return None
    try:
        parts = value.split("-")
        if len(parts) == 3:
            day = dt.date.fromisoformat(value)
            return day.isoformat(), day.isoformat()
        if len(parts) == 2 and parts[1].startswith("W"):
            monday = dt.date.fromisocalendar(int(parts[0]), int(parts[1][1:]), 1)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return (dt.date(year, month, 1).isoformat(),
                    (following - dt.timedelta(days=1)).isoformat())
        if len(parts) == 1:
            return f"{int(parts[0]):04d}-01-01", f"{int(parts[0]):04d}-12-31"
    except ValueError:
        return None
    return None


# --------------------------------------------------------------------- building
def build_graph(extractions: Iterable[Extraction], rules=None,
                index: Optional[SpeakerIndex] = None) -> ClaimGraph:
    """The claim graph of a collection of extractions (any iterable, read once).

    ``index``: the collection's speaker identities when the caller has them
    already (:func:`quotetrack.identity.identify_speakers`).
    """
    if rules is None:
        from .ruleset import load_rules
        rules = load_rules()
    docs = _unique_documents(extractions)
    if index is None:
        index = identify_speakers(docs, rules)
    nodes: Dict[str, Node] = {}
    edges = set()
    claims: List[Tuple[Claim, Extraction, Optional[str]]] = []
    for ex in docs:
        doc_node = f"document:{ex.doc_id}"
        nodes[doc_node] = Node(doc_node, "document", ex.doc_id, {
            "doc_id": ex.doc_id, "date": ex.meta.date, "dateline": ex.meta.dateline,
            "origin": ex.document.origin, "metadata": _json_safe(ex.document.metadata)})
        for claim in ex.claims:
            key = index.key_of(ex.doc_id, claim.speaker)
            claim_node = f"claim:{claim.claim_id}"
            identity = index.identities.get(key) if key else None
            src = claim.source
            nodes[claim_node] = Node(claim_node, "claim", _short(claim.text), {
                "claim_id": claim.claim_id, "doc_id": ex.doc_id, "claim_kind": claim.kind,
                "text": claim.text, "start": claim.span.start, "end": claim.span.end,
                "date": claim.said_on or ex.meta.date, "said_on": claim.said_on,
                "said_on_basis": claim.said_on_basis, "cue": claim.cue,
                "speaker": identity.name if identity else None,
                "speaker_mention": claim.speaker_mention,
                "speaker_role": claim.speaker.role if claim.speaker else None,
                "source_mode": src.mode if src else None})
            edges.add(Edge(claim_node, doc_node, "reported_in"))
            if identity is not None:
                speaker_node = f"speaker:{key}"
                nodes.setdefault(speaker_node, Node(speaker_node, "speaker", identity.name,
                                                    _json_safe(identity.to_dict())))
                edges.add(Edge(speaker_node, claim_node, "said"))
            if src is not None and src.name:
                source_node = f"source:{src.type or 'channel'}:{source_key(src.name)}"
                previous = nodes.get(source_node)
                modes = set(previous.data["modes"]) if previous else set()
                if src.mode:
                    modes.add(src.mode)
                name = min(src.name, previous.label) if previous else src.name
                nodes[source_node] = Node(source_node, "source", name, {
                    "name": name, "type": src.type, "modes": sorted(modes)})
                edges.add(Edge(claim_node, source_node, "via",
                               (("mode", src.mode),) if src.mode else ()))
            claims.append((claim, ex, key))
    edges |= _repeats_and_fragments(claims)
    edges |= _corroborations(claims, rules)
    return ClaimGraph(tuple(nodes[k] for k in sorted(nodes)), tuple(sorted(edges)),
                      tuple(docs), rules, index)


def merge_graphs(*graphs: ClaimGraph, rules=None) -> ClaimGraph:
    """One graph over every document of ``graphs`` (identities recomputed)."""
    rules = rules or next((g.rules for g in graphs if g.rules is not None), None)
    return build_graph([ex for g in graphs for ex in g.extractions], rules)


def _unique_documents(extractions: Iterable[Extraction]) -> List[Extraction]:
    chosen: Dict[str, Tuple[str, Extraction]] = {}
    for ex in extractions:
        digest = hashlib.sha256(ex.document.text.encode("utf-8", "surrogatepass")).hexdigest()
        if ex.doc_id not in chosen or digest > chosen[ex.doc_id][0]:
            chosen[ex.doc_id] = (digest, ex)
    return sorted((ex for _, ex in chosen.values()),
                  key=lambda ex: (ex.meta.date or "", ex.doc_id))


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _words(text: str) -> Tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(text))


def _claim_sort(item) -> tuple:
    claim, ex, _ = item
    return (claim.said_on or ex.meta.date or "", ex.doc_id, claim.span.start, claim.claim_id)


def _repeats_and_fragments(claims) -> set:
    edges = set()
    ordered = sorted(claims, key=_claim_sort)
    words = [_words(c.text) for c, _, _ in ordered]
    first_report: Dict[Tuple[Optional[str], Tuple[str, ...]], int] = {}
    for i, (claim, _, key) in enumerate(ordered):
        if len(words[i]) < MIN_SHARED_WORDS:
            continue
        earliest = first_report.setdefault((key, words[i]), i)
        if earliest != i and key is not None:
            edges.add(Edge(f"claim:{claim.claim_id}",
                           f"claim:{ordered[earliest][0].claim_id}", "repeats"))
    # a fragment's speaker and first few words index the fuller quotes that may hold it
    containers: Dict[Tuple[str, Tuple[str, ...]], set] = {}
    for i, (claim, _, key) in enumerate(ordered):
        if claim.kind == "direct" and key is not None:
            w = words[i]
            for k in range(len(w) - MIN_SHARED_WORDS + 1):
                containers.setdefault((key, w[k:k + MIN_SHARED_WORDS]), set()).add(i)
    for i, (claim, _, key) in enumerate(ordered):
        if key is None:
            continue
        for w in _quoted_fragments(claim, words[i]):
            needle = " " + " ".join(w) + " "
            for j in sorted(containers.get((key, w[:MIN_SHARED_WORDS]), ())):
                if j != i and len(words[j]) > len(w) and \
                        needle in " " + " ".join(words[j]) + " ":
                    edges.add(Edge(f"claim:{claim.claim_id}",
                                   f"claim:{ordered[j][0].claim_id}", "part_of"))
    return edges


def _quoted_fragments(claim: Claim, words: Tuple[str, ...]) -> List[Tuple[str, ...]]:
    """The quoted words of a claim: all of a direct one, the quoted runs of a mixed one."""
    if claim.kind == "direct":
        found = [words]
    elif claim.kind == "mixed":
        found = [_words(m.group(1)) for m in _QUOTED.finditer(claim.text)]
    else:
        found = []
    return [w for w in found if len(w) >= MIN_SHARED_WORDS]


def _cue_regex(rules):
    def build():
        phrases = sorted(rules.words("corroboration_cue") | rules.words("additive_cue"),
                         key=len, reverse=True)
        patterns = [p for name in ("corroboration_cue", "additive_cue")
                    if name in rules.lexicons for p in rules.lexicon(name).patterns]
        if not phrases and not patterns:
            return None
        return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(
            [r"\s+".join(re.escape(w) for w in p.split()) for p in phrases] + patterns), re.I)
    memo = getattr(rules, "memo", None)
    return memo("graph.corroboration", build) if memo else build()


def corroboration_cue(claim: Claim, text: str, rules) -> Optional[str]:
    """The back-reference cue next to a claim's cue, if any.

    Looked for in the cue itself and up to :data:`CUE_WINDOW_WORDS` words
    either side of it, inside the claim's sentence, with the content blanked
    out: "The adviser has also noted ..." → ``also``; "She echoed the
    president, saying ..." → ``echoed``. Words inside the content are the
    speaker's, not the reporter's, and never count; words further from the
    cue usually belong to another clause.
    """
    regex = _cue_regex(rules)
    if regex is None or claim.cue_span is None or not claim.evidence.contains(claim.cue_span):
        return None
    base = claim.evidence.start
    sentence = list(text[base:claim.evidence.end])
    for i in range(max(claim.span.start, base), min(claim.span.end, claim.evidence.end)):
        sentence[i - base] = " "
    sentence = "".join(sentence)
    cue_start, cue_end = claim.cue_span.start - base, claim.cue_span.end - base
    before = _WORDS_BEFORE.search(sentence[:cue_start])
    after = _WORDS_AFTER.match(sentence[cue_end:])
    window = sentence[before.start():cue_end + after.end()]
    found = regex.search(window)
    return " ".join(found.group().split()).casefold() if found else None


def _corroborations(claims, rules) -> set:
    edges = set()
    by_doc: Dict[str, list] = {}
    for claim, ex, key in claims:
        by_doc.setdefault(ex.doc_id, []).append((claim, ex, key))
    strong = rules.words("corroboration_cue")
    for items in by_doc.values():
        items.sort(key=lambda item: item[0].span.start)
        for n, (claim, ex, key) in enumerate(items):
            if key is None:
                continue
            cue = corroboration_cue(claim, ex.document.text, rules)
            if cue is None:
                continue
            if cue not in strong and any(k == key for _, _, k in items[:n]):
                continue  # "Smith also said", after Smith spoke: one more point, not agreement
            earlier = next((c for c, _, k in reversed(items[:n])
                            if k is not None and k != key), None)
            if earlier is not None:
                edges.add(Edge(f"claim:{claim.claim_id}", f"claim:{earlier.claim_id}",
                               "corroborates", (("cue", cue),)))
    return edges


def graph_summary(graph: ClaimGraph) -> str:
    """One line of counts: ``4 speakers, 14 claims, ...``."""
    counts = graph.counts()
    return ", ".join(f"{v} {k}" for k, v in counts.items())


__all__ = ["ClaimGraph", "Node", "Edge", "build_graph", "merge_graphs", "corroboration_cue",
           "graph_summary", "MIN_SHARED_WORDS"]
