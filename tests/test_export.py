"""Graph exports parse: JSON node-link, GraphML (escaped XML), DOT (escaped); dot rendering."""
import json
import os
import shutil
import stat
import xml.etree.ElementTree as ET

import pytest

from quotetrack import (GraphvizFailed, GraphvizMissing, build_graph, export_graph, extract,
                        graph_dot, graph_graphml, graph_json, render_graphviz)
from quotetrack.export import GRAPHML_NS, dot_quote

NS = {"g": GRAPHML_NS}
HOSTILE = ('date 2025-02-05\n"Tom & Jerry <b>bold</b> say hi\x0b and \ud800 back\\slash '
           'then more words," Jane O\'Hara said.')


@pytest.fixture(scope="module")
def seed_graph(seed_text, rules):
    return build_graph([extract(seed_text, "kyiv-2025-02-01", rules)], rules)


@pytest.fixture(scope="module")
def hostile_graph(rules):
    return build_graph([extract(HOSTILE, "d<&>\"1", rules)], rules)


def test_json_is_node_link(seed_graph):
    data = json.loads(export_graph(seed_graph, "json"))
    assert data["directed"] and data["multigraph"]
    assert len(data["nodes"]) == 23 and len(data["links"]) == 34
    ids = {n["id"] for n in data["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in data["links"])
    assert {n["kind"] for n in data["nodes"]} == {"speaker", "claim", "source", "document"}
    assert data == json.loads(json.dumps(graph_json(seed_graph)))


def test_graphml_parses_and_declares_its_keys(seed_graph):
    root = ET.fromstring(export_graph(seed_graph, "graphml"))
    keys = {k.get("id") for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    nodes, edges = graph.findall("g:node", NS), graph.findall("g:edge", NS)
    assert len(nodes) == 23 and len(edges) == 34
    assert all(d.get("key") in keys for el in nodes + edges for d in el.findall("g:data", NS))
    start = next(k for k in root.findall("g:key", NS) if k.get("attr.name") == "start")
    assert start.get("attr.type") == "long"


def test_hostile_text_is_escaped_in_every_format(hostile_graph):
    [claim] = hostile_graph.nodes_of("claim")
    assert "<b>" in claim.data["text"]
    root = ET.fromstring(graph_graphml(hostile_graph).encode("utf-8"))
    texts = [d.text for d in root.iter(f"{{{GRAPHML_NS}}}data")]
    assert any("Tom & Jerry <b>bold</b>" in (t or "") for t in texts)
    assert any("\ufffd" in (t or "") for t in texts)
    data = json.loads(export_graph(hostile_graph, "json"))
    assert any(n["id"] == 'document:d<&>"1' for n in data["nodes"])
    dot = graph_dot(hostile_graph)
    assert '"document:d<&>\\"1"' in dot
    assert "\x0b" not in dot and "\ud800" not in dot


@pytest.mark.parametrize("raw, quoted", [
    ('plain', '"plain"'),
    ('say "hi"', '"say \\"hi\\""'),
    ('back\\slash', '"back\\\\slash"'),
    ('two\nlines', '"two\\nlines"'),
])
def test_dot_quote(raw, quoted):
    assert dot_quote(raw) == quoted


def test_dot_lists_every_node_and_edge(seed_graph):
    dot = graph_dot(seed_graph)
    assert dot.startswith("digraph claims {") and dot.rstrip().endswith("}")
    assert dot.count(" -> ") == 34
    assert '"speaker:person:volodimir zelenski" [label="Volodymyr Zelenskyy", shape=box];' in dot


def _fake_dot(folder, body):
    path = os.path.join(folder, "dot")
    with open(path, "w") as handle:
        handle.write("#!/bin/sh\n" + body)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def test_render_through_a_fake_dot(tmp_path, seed_graph):
    program = _fake_dot(str(tmp_path), 'cat > "$(dirname "$0")/input.dot"\n'
                                       'echo "<svg format=$1></svg>"\n')
    out = render_graphviz(graph_dot(seed_graph), "svg", program)
    assert out == b"<svg format=-Tsvg></svg>\n"
    assert (tmp_path / "input.dot").read_text(encoding="utf-8") == graph_dot(seed_graph)


def test_render_reports_missing_and_failing_dot(tmp_path, monkeypatch, seed_graph):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        render_graphviz("digraph {}", "svg")
    program = _fake_dot(str(tmp_path), 'echo "Error: syntax error in line 1" >&2\nexit 3\n')
    with pytest.raises(GraphvizFailed, match="exit 3.*syntax error in line 1"):
        render_graphviz("digraph {", "png", program)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_render_with_real_graphviz(seed_graph):
    svg = export_graph(seed_graph, "svg")
    assert ET.fromstring(svg).tag.endswith("svg")
    assert export_graph(seed_graph, "png").startswith(b"\x89PNG")


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(['"', "“", "”", " said ", "Jane Doe", " also ", "<", "&", "\x0b",
                           "\n\n", ", ", ".", "told CNN", "on X", "\ud800", "'", "\\", "Zelensky"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25))
def test_any_text_gives_exports_that_parse(rules, pieces):
    graph = build_graph([extract("".join(pieces), "doc", rules)], rules)
    ET.fromstring(graph_graphml(graph).encode("utf-8"))
    json.loads(export_graph(graph, "json"))
    assert graph_dot(graph).count(" -> ") == len(graph.edges)
