"""The claim graph: nodes, edges, claim-to-claim links, queries, merging."""
import os
import random

import pytest

from quotetrack import build_graph, extract, merge_graphs, read_documents
from quotetrack.graph import corroboration_cue
from quotetrack.pipeline import extract_all

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "graph")
SEED_DIR = os.path.join(os.path.dirname(HERE), "seeds")
SEED_ID = "kyiv-2025-02-01"


@pytest.fixture(scope="module")
def seed_graph(seed_text, rules):
    return build_graph([extract(seed_text, SEED_ID, rules)], rules)


@pytest.fixture(scope="module")
def collection(rules):
    return list(extract_all(read_documents([SEED_DIR, FIXTURES]), rules))


@pytest.fixture(scope="module")
def graph(collection, rules):
    return build_graph(collection, rules)


def test_seed_counts(seed_graph):
    assert seed_graph.counts() == {
        "speaker nodes": 6, "claim nodes": 14, "source nodes": 2, "document nodes": 1,
        "said edges": 14, "via edges": 4, "reported_in edges": 14, "repeats edges": 0,
        "part_of edges": 1, "corroborates edges": 1}
    assert len(seed_graph.nodes) == 23 and len(seed_graph.edges) == 34


def test_seed_nodes(seed_graph):
    doc = seed_graph.node(f"document:{SEED_ID}")
    assert doc.data["date"] == "2025-02-01" and doc.data["dateline"] == "Kyiv [Ukraine], February 1"
    assert {n.label for n in seed_graph.nodes_of("source")} == {"X", "CNN"}
    x = seed_graph.node("source:platform:x")
    assert x.data["modes"] == ["post"]
    speaker = seed_graph.node("speaker:person:volodimir zelenski")
    assert speaker.label == "Volodymyr Zelenskyy"
    assert "The Ukrainian President" in speaker.data["surface_forms"]


def test_seed_fragment_is_part_of_the_post(seed_graph):
    [edge] = seed_graph.edges_of("part_of")
    assert seed_graph.node(edge.source).data["text"] == "another wave of terrorist crimes."
    assert seed_graph.node(edge.target).data["text"].startswith("Last night, Russia launched")


def test_seed_podolyak_corroborates_the_earlier_report(seed_graph):
    [edge] = seed_graph.edges_of("corroborates")
    assert seed_graph.node(edge.source).data["text"] == "the reports of the same"
    assert seed_graph.node(edge.target).data["speaker"] == "Oleksandr Kindratenko"
    assert dict(edge.data) == {"cue": "also"}


def test_collection_links_across_documents(graph):
    said = {e.target: e.source for e in graph.edges_of("said")}
    [repeat] = graph.edges_of("repeats")
    assert repeat.source.startswith("claim:london-2025-02-04") and \
        repeat.target.startswith("claim:kyiv-2025-02-02")  # later report → first report
    assert said[repeat.source] == said[repeat.target] == "speaker:person:volodimir zelenski"
    parts = {(e.source.split("#")[0], e.target) for e in graph.edges_of("part_of")}
    # the mixed claim's quoted words and the repeated quote are inside the seed's fuller quotes
    assert ("claim:kyiv-2025-02-02", f"claim:{SEED_ID}#c3") in parts
    assert ("claim:london-2025-02-04", f"claim:{SEED_ID}#c8") in parts
    cues = {graph.node(e.source).data["speaker"]: dict(e.data)["cue"]
            for e in graph.edges_of("corroborates")}
    assert cues["Andriy Yermak"] == "also" and cues["Karine Jean-Pierre"] == "echoed"


def test_shared_surname_keeps_two_people(graph):
    speakers = {n.label for n in graph.nodes_of("speaker")}
    assert {"Joe Biden", "Hunter Biden", "Biden"} <= speakers
    assert len(graph.claims_by_speaker("Hunter Biden")) == 2
    assert len(graph.claims_by_speaker("President Joe Biden")) == 2


def test_queries(graph):
    zelenskyy = graph.claims_by_speaker("Zelenskiy")
    assert len(zelenskyy) == 12
    assert [c.data["date"] for c in zelenskyy] == sorted(c.data["date"] for c in zelenskyy)
    assert {c.data["doc_id"] for c in graph.claims_by_source("CNN")} == {
        SEED_ID, "washington-2025-02-03"}
    assert {n.label for n in graph.speakers_by_source("cnn")} == {
        "Oleksandr Kindratenko", "Hunter Biden"}
    assert {n.label for n in graph.speakers_by_source("X")} == {"Volodymyr Zelenskyy"}
    assert {c.data["doc_id"] for c in graph.claims_between("2025-02-02", "2025-02-03")} == {
        "kyiv-2025-02-02", "washington-2025-02-03"}
    assert len(graph.claims_between(since="2025-02-04")) == 5
    assert len(graph.claims_between(until="2025-01-31")) == 0
    # ISO week 6 of 2025 runs Monday 3 to Sunday 9 February
    assert len(graph.claims_between("2025-W06", "2025-W06")) == 9
    assert graph.claims_by_speaker("Nobody Atall") == []


def test_build_reads_any_iterable_once(collection, rules, graph):
    assert build_graph(iter(collection), rules) == graph


def test_merge_is_idempotent_and_order_independent(collection, rules, graph):
    parts = [build_graph([ex], rules) for ex in collection]
    shuffled = list(parts)
    random.Random(7).shuffle(shuffled)
    assert merge_graphs(*parts) == graph
    assert merge_graphs(*shuffled) == graph
    assert merge_graphs(graph, graph) == graph
    assert merge_graphs(merge_graphs(parts[0], parts[1]), *parts[2:]) == graph


def test_merge_recomputes_identity(rules):
    short = build_graph([extract('"We hold the line," Zelensky said.', "a", rules)], rules)
    full = build_graph([extract('"We hold the line," Volodymyr Zelenskyy said.', "b", rules)],
                       rules)
    assert [n.id for n in short.nodes_of("speaker")] == ["speaker:person:zelenski"]
    merged = merge_graphs(short, full)
    assert [n.id for n in merged.nodes_of("speaker")] == ["speaker:person:volodimir zelenski"]
    assert len(merged.edges_of("repeats")) == 1


def test_same_document_id_with_different_texts_resolves_the_same_either_way(rules):
    one = build_graph([extract('"A b c d," Jane Doe said.', "same", rules)], rules)
    two = build_graph([extract('"E f g h," John Roe said.', "same", rules)], rules)
    assert merge_graphs(one, two) == merge_graphs(two, one)
    assert len(merge_graphs(one, two).nodes_of("document")) == 1


@pytest.mark.parametrize("text, cue", [
    ('Jane Doe said the plan failed. Bill Roe also said the plan failed.', "also"),
    ('Jane Doe said the plan failed. Bill Roe echoed the warning, saying it was late.', "echoed"),
    ('Jane Doe said the plan failed. Bill Roe said that the plan also cost too much.', None),
    ('Jane Doe said the plan failed. "It also cost too much," Bill Roe said.', None),
    ('Jane Doe said the plan failed. Bill Roe, too, said the plan failed.', "too"),
    ('Jane Doe said the plan failed. Bill Roe said it was too early to tell.', None),
])
def test_corroboration_cue_is_read_in_the_frame_not_the_content(rules, text, cue):
    doc = extract(text, "d", rules)
    last = doc.claims[-1]
    assert corroboration_cue(last, text, rules) == cue


def test_also_after_the_speakers_own_claim_adds_a_point(rules):
    text = ("Jane Doe said the plan failed. Bill Roe said the roads were closed. "
            "Bill Roe also said that the budget was cut. Ann Poe echoed the warning, saying "
            "it was late.")
    graph = build_graph([extract(text, "d", rules)], rules)
    assert {(graph.node(e.source).data["speaker"], dict(e.data)["cue"])
            for e in graph.edges_of("corroborates")} == {("Ann Poe", "echoed")}


def test_same_speaker_never_corroborates_itself(rules):
    doc = extract("Jane Doe said the plan failed. Jane Doe also said it was late.", "d", rules)
    assert build_graph([doc], rules).edges_of("corroborates") == []


def test_short_overlaps_are_not_fragments(rules):
    doc = extract('"The war," Jane Doe said. "The war is long and hard," Jane Doe said.', "d",
                  rules)
    assert build_graph([doc], rules).edges_of("part_of") == []
