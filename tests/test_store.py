"""The SQLite store: round trip, idempotent ingest, replacement, migrations, WAL readers."""
import json
import os
import sqlite3

import attrs
import pytest

from quotetrack import extract
from quotetrack.corpus import InputProblem, read_documents
from quotetrack.filters import ClaimFilter
from quotetrack.check import quote_parts
from quotetrack.records import Document, Span
from quotetrack.store import (SCHEMA_VERSION, StoreError, _V1, content_hash,
                              open_store)

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "fixtures", "store", "corpus.jsonl")


@pytest.fixture(scope="module")
def seed_extraction(seed_text, rules):
    return extract(seed_text, doc_id="kyiv-2025-02-01", rules=rules)


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "claims.db")) as opened:
        yield opened


def corpus_documents():
    return [d for d in read_documents([CORPUS]) if isinstance(d, Document)]


def test_seed_round_trip(store, seed_extraction):
    assert store.add(seed_extraction) == "ingested"
    [back] = list(store.extractions())
    assert [c.to_dict() for c in back.claims] == [c.to_dict() for c in seed_extraction.claims]
    assert back == seed_extraction  # every field, spans, speakers and surface forms included
    assert back.document.metadata == seed_extraction.document.metadata
    assert back.document.text == seed_extraction.document.text
    counts = store.counts()
    assert counts["documents"] == 1 and counts["claims"] == len(seed_extraction.claims)
    assert counts["sources"] == 2  # X and CNN


def test_corpus_round_trip_keeps_metadata_and_origin(store, rules):
    originals = [extract_doc(d, rules) for d in corpus_documents()]
    results = list(store.ingest(corpus_documents(), rules))
    assert [r.status for r in results] == ["ingested"] * 4
    back = list(store.extractions())
    assert back == originals
    assert back[0].document.metadata == {"id": "a1", "date": "2025-02-03"}
    assert back[0].document.origin == f"{CORPUS}:1"


def extract_doc(document, rules):
    from quotetrack.pipeline import extract_document
    return extract_document(document, rules)


def test_reingest_is_skipped_without_duplicates(store, rules):
    list(store.ingest(corpus_documents(), rules))
    before = store.counts()
    again = list(store.ingest(corpus_documents(), rules))
    assert {r.status for r in again} == {"skipped"}
    assert store.counts() == before


def test_new_rules_re_extract_stored_documents(store, rules, tmp_path):
    """A rule upgrade must not leave old extractions behind as 'skipped'."""
    from quotetrack.ruleset import load_rules
    list(store.ingest(corpus_documents(), rules))
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "more.yaml").write_text(
        "lexicons:\n  speech_verb:\n    entries: [opined loudly]\n", encoding="utf-8")
    upgraded = load_rules([str(extra)])
    assert upgraded.fingerprint != rules.fingerprint
    results = {r.status for r in store.ingest(corpus_documents(), upgraded)}
    assert results == {"replaced"}
    assert {r.status for r in store.ingest(corpus_documents(), upgraded)} == {"skipped"}
    assert store.counts()["documents"] == len(corpus_documents())


def test_rules_fingerprint_follows_file_contents(tmp_path):
    from quotetrack.ruleset import rules_fingerprint
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text("x: 1\n")
    two.write_text("x: 1\n")
    assert rules_fingerprint([str(one)]) == rules_fingerprint([str(one)])
    assert rules_fingerprint([str(one)]) != rules_fingerprint([str(two)])  # the name counts
    before = rules_fingerprint([str(one)])
    one.write_text("x: 2\n")
    assert rules_fingerprint([str(one)]) != before


def test_changed_content_replaces_the_document(store, rules, seed_extraction):
    list(store.ingest(corpus_documents(), rules))
    store.add(seed_extraction)
    store.link(rules)
    before = store.counts()
    changed = [attrs.evolve(d, text=d.text.replace("John Smith", "Jane Roe"))
               if d.id == "a4" else d for d in corpus_documents()]
    results = {r.doc_id: r.status for r in store.ingest(changed, rules)}
    assert results == {"a1": "skipped", "a2": "skipped", "a3": "skipped", "a4": "replaced"}
    assert store.counts() == before  # one speaker out, one in; same number of claims
    a4 = [e for e in store.extractions() if e.doc_id == "a4"]
    assert len(a4) == 1 and a4[0].claims[0].speaker.name == "Jane Roe"
    names = {r[0] for r in store.db.execute("SELECT name FROM speakers")}
    assert "Jane Roe" in names and "John Smith" not in names  # no orphan left behind
    assert store.db.execute("SELECT count(*) FROM documents WHERE doc_id = 'a4'").fetchone() \
        == (1,)


def test_metadata_change_counts_as_new_content_but_path_does_not():
    doc = Document("d", "text", {"date": "2025-01-01", "path": "a/d.txt"})
    assert content_hash(doc) == content_hash(attrs.evolve(doc, metadata={
        "date": "2025-01-01", "path": "b/d.txt"}))
    assert content_hash(doc) != content_hash(attrs.evolve(doc, metadata={"date": "2025-01-02"}))


def test_structural_edges(store, seed_extraction):
    store.add(seed_extraction)
    kinds = dict(store.db.execute("SELECT kind, count(*) FROM edges GROUP BY kind"))
    n = len(seed_extraction.claims)
    assert kinds["reported_in"] == n
    assert kinds["said"] == sum(1 for c in seed_extraction.claims if c.speaker)
    assert kinds["via"] == sum(1 for c in seed_extraction.claims if c.source and c.source.name)
    row = store.db.execute("SELECT from_node, to_node, data FROM edges WHERE kind = 'via' "
                           "AND to_node = 'source:outlet:cnn' LIMIT 1").fetchone()
    assert row[0].startswith("claim:kyiv-2025-02-01#c") and json.loads(row[2]) == {
        "mode": "interview"}


def test_extra_edges_are_stored_and_go_with_a_replaced_document(store, seed_extraction):
    edge = ("part_of", "claim:kyiv-2025-02-01#c2", "claim:kyiv-2025-02-01#c3", {"score": 1})
    store.add(seed_extraction, edges=[edge])
    assert store.db.execute("SELECT count(*) FROM edges WHERE kind = 'part_of'").fetchone() \
        == (1,)
    changed = attrs.evolve(seed_extraction, document=attrs.evolve(
        seed_extraction.document, text=seed_extraction.document.text + " "))
    assert store.add(changed) == "replaced"
    assert store.db.execute("SELECT count(*) FROM edges WHERE kind = 'part_of'").fetchone() \
        == (0,)


def test_a_claim_speaker_missing_from_the_speaker_list_round_trips(store, seed_extraction):
    hand_built = attrs.evolve(seed_extraction, speakers=seed_extraction.speakers[:1])
    store.add(hand_built)
    [back] = list(store.extractions())
    assert back == hand_built


def test_filters(store, rules):
    list(store.ingest(corpus_documents(), rules))

    def claims(**kw):
        return [(e.doc_id, c.speaker.name if c.speaker else None)
                for e in store.extractions(ClaimFilter.parse(**kw)) for c in e.claims]

    assert claims(speaker="ZELENSK") == [("a1", "Volodymyr Zelenskyy")] * 2 + [
        ("a2", "Zelensky")]
    assert claims(speaker="hunter") == []
    assert {n for _, n in claims(speaker="biden")} == {"Joe Biden", "Biden"}
    assert claims(source="x") == [("a2", "Zelensky")]
    assert claims(source="cnn") == [("a1", "Volodymyr Zelenskyy")]
    assert claims(source="Fox") == []
    assert {d for d, _ in claims(since="2025-02-10")} == {"a2", "a3"}
    assert {d for d, _ in claims(until="2025-02-09")} == {"a1"}
    assert {d for d, _ in claims(since="2025-02", until="2025-02")} == {"a1", "a2"}
    assert {d for d, _ in claims(since="2025-03-01", until="2025")} == {"a3"}
    assert claims(since="1990", until="1990") == []  # a4 has no date: never matches a date
    assert claims(speaker="peskov", source="reuters") == [("a3", "Dmitry Peskov")]
    [a1] = store.extractions(ClaimFilter.parse(source="cnn"))
    assert len(a1.claims) == 1 and a1.speakers == (a1.claims[0].speaker,)


def test_speaker_filter_follows_the_speaker_identity_across_documents(store, rules):
    list(store.ingest(corpus_documents(), rules))
    found = [(e.doc_id, c.speaker.name) for e in
             store.extractions(ClaimFilter.parse(speaker="Volodymyr")) for c in e.claims]
    assert found == [("a1", "Volodymyr Zelenskyy")] * 2 + [("a2", "Zelensky")]
    assert store.db.execute("SELECT name FROM speakers WHERE canonical_key = "
                            "'person:volodimir zelenski'").fetchone() == ("Volodymyr Zelenskyy",)


def test_a_custom_speaker_key_without_linking(store, rules):
    def same_person(speaker, doc_id):
        return "smith" if speaker.name in ("John Smith", "Dmitry Peskov") else \
            f"{speaker.type}:{speaker.name}"

    list(store.ingest(corpus_documents(), rules, speaker_key=same_person, link=False))
    assert store.links_stale
    found = {c.speaker.name for e in store.extractions(ClaimFilter.parse(speaker="peskov"))
             for c in e.claims}
    assert found == {"John Smith", "Dmitry Peskov"}


def test_link_stores_the_graph_of_the_collection(store, rules, seed_extraction):
    from quotetrack.graph import build_graph
    list(store.ingest(corpus_documents(), rules))
    store.add(seed_extraction)
    assert store.links_stale
    counts = store.link(rules)
    assert not store.links_stale
    graph = build_graph(list(store.extractions()), rules)
    assert counts == graph.counts()
    edges = set(store.db.execute("SELECT kind, from_node, to_node FROM edges"))
    assert edges == {(e.kind, e.source, e.target) for e in graph.edges}
    assert {("part_of", "claim:kyiv-2025-02-01#c2", "claim:kyiv-2025-02-01#c3"),
            ("corroborates", "claim:kyiv-2025-02-01#c12", "claim:kyiv-2025-02-01#c11")} <= edges
    speakers = set(store.db.execute("SELECT canonical_key, name, type FROM speakers"))
    assert speakers == {(i.key, i.name, i.type) for i in graph.speakers}


def test_claims_dated_by_week_month_and_year_overlap_the_range(store, rules):
    doc = Document("w", "date 2025-02-12\n\nSmith said last week that it was over. "
                        "Jones said this month that it was not.", {})
    ex = extract_doc(doc, rules)
    assert {c.said_on for c in ex.claims} == {"2025-W06", "2025-02"}
    store.add(ex)
    found = {c.said_on for e in store.extractions(ClaimFilter.parse(since="2025-02-09"))
             for c in e.claims}
    assert found == {"2025-W06", "2025-02"}  # W06 runs 3-9 February
    found = {c.said_on for e in store.extractions(ClaimFilter.parse(since="2025-02-10"))
             for c in e.claims}
    assert found == {"2025-02"}


def test_per_document_failures_do_not_stop_the_run(store, rules, monkeypatch):
    import quotetrack.runner as runner
    real = runner.extract_document

    def flaky(document, rules):
        if document.id == "a2":
            raise RuntimeError("boom")
        return real(document, rules)

    monkeypatch.setattr(runner, "extract_document", flaky)
    items = [InputProblem("x.jsonl:3", "not JSON")] + corpus_documents()
    results = list(store.ingest(items, rules))
    assert [r.status for r in results] == ["failed", "ingested", "failed", "ingested",
                                           "ingested"]
    assert results[0].where == "x.jsonl:3"
    assert results[2].message == "document 'a2' failed: RuntimeError: boom"
    assert [e.doc_id for e in store.extractions()] == ["a1", "a3", "a4"]


def test_an_interrupt_mid_document_rolls_it_back(store, seed_extraction, monkeypatch, rules):
    import quotetrack.store as store_module

    def interrupted(db, doc_id):
        raise KeyboardInterrupt

    list(store.ingest(corpus_documents()[:1], rules))
    monkeypatch.setattr(store_module, "_write_structural_edges", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.add(seed_extraction)
    monkeypatch.undo()
    assert [e.doc_id for e in store.extractions()] == ["a1"]
    assert store.add(seed_extraction) == "ingested"  # and the rerun goes through
    assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_readers_see_committed_state_while_an_ingest_transaction_is_open(tmp_path, rules,
                                                                         seed_extraction):
    path = str(tmp_path / "claims.db")
    writer = open_store(path)
    list(writer.ingest(corpus_documents()[:1], rules))
    from quotetrack.store import _insert_extraction, fallback_speaker_key
    writer.db.execute("BEGIN IMMEDIATE")
    _insert_extraction(writer.db, seed_extraction, "hash", fallback_speaker_key, ())
    reader = open_store(path, create=False)
    reader.db.execute("PRAGMA busy_timeout = 0")  # fail at once instead of waiting if blocked
    assert [e.doc_id for e in reader.extractions()] == ["a1"]
    assert reader.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    writer.db.execute("COMMIT")
    assert [e.doc_id for e in reader.extractions()] == ["a1", "kyiv-2025-02-01"]
    reader.close()
    writer.close()


def test_migration_from_a_hand_made_v1_database(tmp_path):
    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path)
    db.executescript(_V1)
    text = "Smith said it was over. \"No,\" Jones told CNN."
    db.execute("INSERT INTO documents (doc_id, content_hash, date, metadata, origin, text, "
               "ingested_at) VALUES ('d1', 'h', '2025-02-01', '{}', 'd1.txt', ?, 'then')",
               (text,))
    db.executemany("INSERT INTO document_speakers (doc_id, position, name, type, role, "
                   "surface_forms) VALUES ('d1', ?, ?, 'person', NULL, ?)",
                   [(0, "Smith", '["Smith"]'), (1, "Jones", '["Jones"]')])
    db.execute("INSERT INTO sources (node_id, name, type) VALUES ('source:outlet:cnn', 'CNN', "
               "'outlet')")
    db.execute("INSERT INTO claims (claim_id, doc_id, position, kind, text, start, \"end\", "
               "speaker_position, source_id, source_name, source_type, source_mode, "
               "evidence_start, evidence_end, rules, said_on, said_on_basis) VALUES "
               "('d1#c1', 'd1', 0, 'indirect', 'it was over', 11, 22, 0, NULL, NULL, NULL, "
               "NULL, 0, 23, '[\"r\"]', NULL, NULL), "
               "('d1#c2', 'd1', 1, 'direct', 'No,', 25, 28, 1, 1, 'CNN', 'outlet', NULL, "
               "24, 47, '[\"r\"]', '2025-W05', 'stated')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()

    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert store.links_stale  # identities and claim edges wait for the next ingest
        assert store.counts() == {"documents": 1, "claims": 2, "speakers": 2, "sources": 1,
                                  "edges": 2 + 1 + 2}
        rows = store.db.execute("SELECT claim_id, speaker_id IS NOT NULL, said_from, said_to "
                                "FROM claims ORDER BY position").fetchall()
        assert rows == [("d1#c1", 1, "2025-02-01", "2025-02-01"),
                        ("d1#c2", 1, "2025-01-27", "2025-02-02")]
        [ex] = store.extractions(ClaimFilter.parse(speaker="jones"))
        assert [c.claim_id for c in ex.claims] == ["d1#c2"]
        assert ex.claims[0].source.name == "CNN" and ex.claims[0].text == text[25:28]
        # rows from before schema 3 do not know their quoted stretches: check finds them
        assert ex.claims[0].quoted is None
        assert [part.span for part in quote_parts(ex)] == [Span(25, 28)]
    with open_store(path) as store:  # opening again migrates nothing
        assert store.counts()["edges"] == 5


def test_a_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "new.db")
    open_store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this quotetrack knows"):
        open_store(path)


@pytest.mark.parametrize("content", [b"not a database at all" * 100, None])
def test_foreign_files_are_refused(tmp_path, content):
    path = tmp_path / "x.db"
    if content is None:  # somebody else's SQLite database
        db = sqlite3.connect(str(path))
        db.execute("CREATE TABLE t (x)")
        db.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match="x.db: .*give another --db file"):
        open_store(str(path))


def test_a_reader_never_creates_a_database(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(str(tmp_path / "missing.db"), create=False)
    assert not (tmp_path / "missing.db").exists()


def test_odd_text_survives_the_round_trip(store, rules):
    doc = Document("odd", "NUL \x00 here. \"Yes,\" Smith said. RTL \u200f mark \U0001F600.",
                   {"n": 1, "nested": {"a": [1, 2]}})
    ex = extract_doc(doc, rules)
    store.add(ex)
    [back] = list(store.extractions())
    assert back == ex and back.document.text == doc.text
    assert back.document.metadata == doc.metadata


KILL_MID_TRANSACTION = r"""
import os, signal, sys
import quotetrack.store as store
from quotetrack.records import Claim, Document, DocumentMeta, Extraction, Span, Speaker

def doc(doc_id, padding=0):
    text = '"Yes," Smith said.' + " " * padding
    smith = Speaker("Smith", "person", None, ("Smith",))
    claim = Claim(doc_id, doc_id + "#c1", "direct", Span(1, 5), "Yes,", smith, Span(7, 12),
                  "Smith", "said", Span(13, 17), None, Span(0, 18), ("r",))
    return Extraction(Document(doc_id, text, {}), DocumentMeta(), (claim,), (smith,))

s = store.open_store(sys.argv[1])
print(s.add(doc("first")), os.path.getsize(sys.argv[1] + "-wal"), flush=True)
s.db.execute("PRAGMA cache_size = 10")  # a small cache spills the open transaction to the WAL
real = store._write_structural_edges
def die(db, doc_id):
    real(db, doc_id)  # the document's rows are all written, the COMMIT never comes
    os.kill(os.getpid(), signal.SIGKILL)
store._write_structural_edges = die
s.add(doc("second", padding=2_000_000))
"""


def test_sigkill_inside_a_transaction_leaves_the_committed_documents(tmp_path):
    import subprocess
    import sys
    path = str(tmp_path / "claims.db")
    proc = subprocess.run([sys.executable, "-c", KILL_MID_TRANSACTION, path],
                          capture_output=True, text=True)
    status, wal_after_first = proc.stdout.split()
    assert proc.returncode == -9 and status == "ingested"
    # pages of the uncommitted document reached the file: recovery must ignore them
    assert os.path.getsize(path + "-wal") > int(wal_after_first) + 1_000_000
    with open_store(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [e.doc_id for e in store.extractions()] == ["first"]
        assert store.counts() == {"documents": 1, "claims": 1, "speakers": 1, "sources": 0,
                                  "edges": 2}
