"""Write a claim graph as JSON (node-link), GraphML or Graphviz DOT; render SVG/PNG.

* JSON follows the node-link layout networkx reads
  (``networkx.node_link_graph(data, edges="links")``): ``{"directed": true,
  "multigraph": true, "graph": {...}, "nodes": [{"id", "kind", "label",
  ...}], "links": [{"source", "target", "kind", "key", ...}]}``.
* GraphML is built with ElementTree (so ``<``, ``&`` and quotes are escaped);
  list and mapping values are written as JSON strings; characters XML 1.0
  cannot hold (control characters, lone surrogates) become U+FFFD.
* DOT quotes every id and label, escaping backslashes, quotes and newlines.
* SVG and PNG run the Graphviz ``dot`` program on the DOT text when it is on
  ``PATH``; without it :class:`GraphvizMissing` says how to install it.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import Optional

from .graph import ClaimGraph

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
FORMATS = ("json", "graphml", "dot", "svg", "png")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SHAPES = {"speaker": "box", "claim": "note", "source": "ellipse", "document": "folder"}
_COLOURS = {"said": "black", "via": "blue", "reported_in": "gray", "repeats": "darkgreen",
            "part_of": "orange", "corroborates": "purple"}
DOT_LABEL_WIDTH = 60


class GraphvizMissing(Exception):
    """The ``dot`` program is not installed."""


class GraphvizFailed(Exception):
    """``dot`` ran and failed."""


def graph_json(graph: ClaimGraph) -> dict:
    """The node-link dictionary (``json.dumps`` it)."""
    links = []
    seen = {}
    for edge in graph.edges:
        n = seen.get((edge.source, edge.target), 0)
        seen[(edge.source, edge.target)] = n + 1
        links.append({**edge.to_dict(), "key": n})
    return {"directed": True, "multigraph": True,
            "graph": {"name": "quotetrack claim graph", "counts": graph.counts()},
            "nodes": [n.to_dict() for n in graph.nodes], "links": links}


def _xml_text(value) -> str:
    if isinstance(value, (dict, list, tuple)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _graphml_type(values) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    return "string"


def graph_graphml(graph: ClaimGraph) -> str:
    """The graph as a GraphML document (a string, UTF-8 declared)."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    node_rows = [{"kind": n.kind, "label": n.label, **n.data} for n in graph.nodes]
    edge_rows = [{"kind": e.kind, **dict(e.data)} for e in graph.edges]
    ids = {}
    for domain, rows in (("node", node_rows), ("edge", edge_rows)):
        names = sorted({k for row in rows for k in row})
        for name in names:
            key_id = f"{domain[0]}_{name}"
            ids[(domain, name)] = key_id
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {
                "id": key_id, "for": domain, "attr.name": name,
                "attr.type": _graphml_type([row.get(name) for row in rows])})
    body = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph",
                         {"id": "claims", "edgedefault": "directed"})
    for node, row in zip(graph.nodes, node_rows):
        element = ET.SubElement(body, f"{{{GRAPHML_NS}}}node", {"id": _xml_text(node.id)})
        _data(element, ids, "node", row)
    for n, (edge, row) in enumerate(zip(graph.edges, edge_rows)):
        element = ET.SubElement(body, f"{{{GRAPHML_NS}}}edge", {
            "id": f"e{n}", "source": _xml_text(edge.source), "target": _xml_text(edge.target)})
        _data(element, ids, "edge", row)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def _data(element, ids, domain: str, row: dict) -> None:
    for name in sorted(row):
        if row[name] is None:
            continue
        item = ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": ids[(domain, name)]})
        item.text = _xml_text(row[name])


def dot_quote(text: str) -> str:
    """A DOT quoted string: backslashes, quotes and line breaks escaped."""
    text = _NOT_XML.sub("\ufffd", str(text))
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


def _dot_label(node) -> str:
    label = " ".join(node.label.split())
    if len(label) > DOT_LABEL_WIDTH:
        label = label[:DOT_LABEL_WIDTH - 1] + "…"
    if node.kind == "claim":
        label = f"{node.data.get('claim_kind', '')}: {label}"
    return label


def graph_dot(graph: ClaimGraph) -> str:
    """The graph in Graphviz DOT."""
    lines = ["digraph claims {", "  graph [rankdir=LR];",
             '  node [fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8];']
    for node in graph.nodes:
        lines.append(f"  {dot_quote(node.id)} [label={dot_quote(_dot_label(node))}, "
                     f"shape={_SHAPES.get(node.kind, 'box')}];")
    for edge in graph.edges:
        lines.append(f"  {dot_quote(edge.source)} -> {dot_quote(edge.target)} "
                     f"[label={dot_quote(edge.kind)}, color={_COLOURS.get(edge.kind, 'black')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


INSTALL_HINT = ("the Graphviz 'dot' program is needed for svg and png output and was not found "
                "on PATH; install Graphviz (e.g. `apt-get install graphviz`, `brew install "
                "graphviz`) or use --format dot")


def render_graphviz(dot_text: str, fmt: str, program: Optional[str] = None) -> bytes:
    """SVG or PNG bytes from DOT text, through the ``dot`` program."""
    program = program or shutil.which("dot")
    if not program:
        raise GraphvizMissing(INSTALL_HINT)
    try:
        done = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as err:
        raise GraphvizFailed(f"cannot run {program}: {err.strerror or err}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizFailed(f"{program} -T{fmt} failed (exit {done.returncode})"
                             + (f": {message[0]}" if message else ""))
    return done.stdout


def export_graph(graph: ClaimGraph, fmt: str) -> bytes:
    """The graph in one of :data:`FORMATS`, as bytes ready to write."""
    if fmt == "json":
        # a lone surrogate (from a JSONL escape) becomes its JSON escape, \udc80
        return (json.dumps(graph_json(graph), ensure_ascii=False, indent=1) + "\n").encode(
            "utf-8", "backslashreplace")
    if fmt == "graphml":
        return graph_graphml(graph).encode("utf-8")
    if fmt == "dot":
        return graph_dot(graph).encode("utf-8")
    if fmt in ("svg", "png"):
        return render_graphviz(graph_dot(graph), fmt)
    raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}")
