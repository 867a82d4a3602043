"""The embedded claim store: documents, claims, speakers, sources and edges in SQLite.

Schema (version 3, kept in ``PRAGMA user_version``)::

    documents          one row per document id
      doc_id             TEXT UNIQUE; the document's id
      content_hash       sha256 of the text, metadata and rules fingerprint (see content_hash())
      date, dateline     what the text says about itself (DocumentMeta)
      dateline_start/end, body_start
      metadata           JSON object (JSONL fields, file path)
      origin, text       where it was read from, and the text exactly as read
      ingested_at        UTC time of the ingest
    sources            one row per named outlet/platform/programme: node_id UNIQUE
                         (``source:<type>:<folded name>``), name (as first seen), type
    speakers           one row per person/organisation/group across documents
                         (quotetrack.identity): canonical_key UNIQUE, name, type
    document_speakers  each document's Speaker records, in order:
                         (doc_id, position) key, speaker_id → speakers, name, type,
                         role, surface_forms (JSON list), listed (0 for a claim's
                         speaker missing from Extraction.speakers)
    claims             every Claim field: claim_id (key), doc_id, position, kind,
                         text, start, end, speaker_position (→ document_speakers),
                         speaker_id (→ speakers), speaker_start/end, speaker_mention,
                         cue, cue_start/end, source_id (→ sources), source_name/type/
                         mode/start/end/rule, evidence_start/end, rules (JSON list),
                         said_on, said_on_basis, said_from/said_to (the ISO days of
                         said_on, else of the document date: the date filters use them),
                         quoted (JSON list of [start, end]; NULL in rows written
                         before schema 3)
    store_meta         key/value: ``links_stale`` is 1 from a document write until
                         the next :meth:`Store.link` (identities and claim → claim
                         edges are computed over the whole collection)
    edges              kind, from_node, to_node, doc_id (the ingest that made it),
                         data (JSON). Node ids: ``speaker:<canonical_key>``,
                         ``claim:<claim_id>``, ``source:<type>:<folded name>``
                         (type ``channel`` when unknown), ``document:<doc_id>``.
                         Kinds: said (speaker → claim), via
                         (claim → source), reported_in (claim → document), and
                         claim → claim repeats / part_of / corroborates.

Offsets are character offsets into ``documents.text``. Dates are ISO strings,
so they compare as text.

Guarantees: each document is written in one transaction (an interrupted
ingest loses at most the document it was writing); a document whose id and
content hash (text, metadata and rules) are already stored is skipped, one whose content changed is
deleted and written again; the database runs in WAL mode so readers see the
last committed state while an ingest runs. Opening a database written by an
older version runs the migrations in :data:`MIGRATIONS`, each in its own
transaction; a newer one is refused.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import unicodedata
from collections import deque
from typing import (Callable, Deque, Iterable, Iterator, Optional, Sequence, Tuple,
                    Union)

from attrs import frozen

from .budget import Limits
from .corpus import InputProblem
from .filters import (ClaimFilter, claim_period, period, source_matches,
                      speaker_matches_json)
from .graph import build_graph
from .identity import speaker_key as identity_speaker_key
from .runner import extract_stream
from .records import (Claim, Document, DocumentMeta, Extraction, SourceMention, Span,
                      Speaker)
from .ruleset import RuleSet, load_rules

SCHEMA_VERSION = 3
BUSY_TIMEOUT_SECONDS = 30.0  # a writer waits this long for another writer's transaction


class StoreError(Exception):
    """A database that cannot be used: one line, saying what to do."""


def fold_key(name: str) -> str:
    """A name compared case-, accent- and space-blind."""
    name = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in name if not unicodedata.combining(c)).casefold().split())


def source_node(source: SourceMention) -> str:
    """The graph node of a named source: ``source:platform:x``, ``source:outlet:cnn``."""
    return f"source:{source.type or 'channel'}:{fold_key(source.name or '')}"


def fallback_speaker_key(speaker: Speaker, doc_id: str) -> str:
    """A canonical speaker key: type and name, case, accents and spacing folded.

    Used until cross-document identity is wired in (any function of a Speaker
    and a document id can be passed as ``speaker_key``). Anonymous
    descriptors (``a Ukrainian Military official``) are different people in
    different documents, so their key includes the document id.
    """
    name = fold_key(speaker.name)
    if speaker.type == "anonymous":
        return f"anonymous:{doc_id}:{name}"
    return f"{speaker.type}:{name}"


SpeakerKey = Callable[[Speaker, str], str]
CLAIM_EDGE_KINDS = ("repeats", "part_of", "corroborates")


def identity_key(rules: RuleSet) -> SpeakerKey:
    """Keys from :func:`quotetrack.identity.speaker_key`: titles stripped, spellings and
    aliases folded. Joins that need the whole collection (a bare surname to the one
    full name with it) wait for :meth:`Store.link`."""
    return lambda speaker, doc_id: identity_speaker_key(speaker.name, speaker.type, rules,
                                                        doc_id)
Edge = Tuple[str, str, str, dict]  # kind, from_node, to_node, data
Item = Union[Document, InputProblem]


# --- schema and migrations ------------------------------------------------------------

_V1 = """
CREATE TABLE documents (
  document_seq INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  date TEXT, dateline TEXT, dateline_start INTEGER, dateline_end INTEGER,
  body_start INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL DEFAULT '{}',
  origin TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE TABLE sources (
  source_id INTEGER PRIMARY KEY,
  node_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT
);
CREATE TABLE document_speakers (
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, role TEXT,
  surface_forms TEXT NOT NULL DEFAULT '[]',
  listed INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (doc_id, position)
);
CREATE TABLE claims (
  claim_id TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  speaker_position INTEGER,
  speaker_start INTEGER, speaker_end INTEGER, speaker_mention TEXT,
  cue TEXT, cue_start INTEGER, cue_end INTEGER,
  source_id INTEGER REFERENCES sources(source_id),
  source_name TEXT, source_type TEXT, source_mode TEXT,
  source_start INTEGER, source_end INTEGER, source_rule TEXT,
  evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
  rules TEXT NOT NULL DEFAULT '[]',
  said_on TEXT, said_on_basis TEXT,
  FOREIGN KEY (doc_id, speaker_position) REFERENCES document_speakers(doc_id, position)
);
CREATE INDEX claims_by_document ON claims(doc_id, position);
CREATE INDEX claims_by_source ON claims(source_id);
"""

_V2 = """
CREATE TABLE speakers (
  speaker_id INTEGER PRIMARY KEY,
  canonical_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL
);
ALTER TABLE document_speakers ADD COLUMN speaker_id INTEGER REFERENCES speakers(speaker_id);
ALTER TABLE claims ADD COLUMN speaker_id INTEGER REFERENCES speakers(speaker_id);
ALTER TABLE claims ADD COLUMN said_from TEXT;
ALTER TABLE claims ADD COLUMN said_to TEXT;
CREATE TABLE edges (
  edge_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  from_node TEXT NOT NULL,
  to_node TEXT NOT NULL,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX edges_from ON edges(from_node, kind);
CREATE INDEX edges_to ON edges(to_node, kind);
CREATE INDEX edges_by_document ON edges(doc_id);
CREATE INDEX claims_by_speaker ON claims(speaker_id);
CREATE INDEX claims_by_date ON claims(said_from, said_to);
CREATE INDEX document_speakers_by_speaker ON document_speakers(speaker_id);
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO store_meta (key, value) VALUES ('links_stale', '1');
"""


def _migrate_to_v1(db: sqlite3.Connection) -> None:
    _run_script(db, _V1)


def _migrate_to_v2(db: sqlite3.Connection) -> None:
    """Speaker identity, edges and claim date ranges; filled in for existing rows."""
    _run_script(db, _V2)
    docs = db.execute("SELECT doc_id, date FROM documents").fetchall()
    for doc_id, date in docs:
        rows = db.execute("SELECT position, name, type, role, surface_forms FROM "
                          "document_speakers WHERE doc_id = ?", (doc_id,)).fetchall()
        for position, name, type_, role, forms in rows:
            speaker = Speaker(name, type_, role, tuple(json.loads(forms)))
            speaker_id = _speaker_id(db, fallback_speaker_key(speaker, doc_id), speaker)
            db.execute("UPDATE document_speakers SET speaker_id = ? WHERE doc_id = ? AND "
                       "position = ?", (speaker_id, doc_id, position))
        db.execute("UPDATE claims SET speaker_id = (SELECT speaker_id FROM document_speakers d "
                   "WHERE d.doc_id = claims.doc_id AND d.position = claims.speaker_position) "
                   "WHERE doc_id = ?", (doc_id,))
        for claim_id, said_on in db.execute("SELECT claim_id, said_on FROM claims "
                                            "WHERE doc_id = ?", (doc_id,)).fetchall():
            span = period(said_on) or period(date) or (None, None)
            db.execute("UPDATE claims SET said_from = ?, said_to = ? WHERE claim_id = ?",
                       (span[0], span[1], claim_id))
        _write_structural_edges(db, doc_id)


def _migrate_to_v3(db: sqlite3.Connection) -> None:
    """Claims keep their quoted stretches; older rows stay NULL (``check`` finds
    them again from the text)."""
    db.execute("ALTER TABLE claims ADD COLUMN quoted TEXT")


# MIGRATIONS[n] takes a database at version n to version n + 1.
MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (
    _migrate_to_v1, _migrate_to_v2, _migrate_to_v3)
assert len(MIGRATIONS) == SCHEMA_VERSION


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first; statements one by one stay in our transaction
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate(db: sqlite3.Connection, path: str) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: database schema version {version} is newer than this "
                         f"quotetrack knows ({SCHEMA_VERSION}); upgrade quotetrack")
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path}: an SQLite database that quotetrack did not create; "
                         "give another --db file")
    while version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


# --- writing --------------------------------------------------------------------------

def content_hash(document: Document, rules_fingerprint: str = "") -> str:
    """sha256 of the text, the metadata and the rules: all that can change the extraction.

    The file path is left out, so the same file read from another directory
    counts as seen. ``rules_fingerprint`` (:attr:`RuleSet.fingerprint`) makes
    a document stored with other rules, or by another quotetrack version,
    count as changed, so a rule upgrade re-extracts it on the next ingest.
    """
    meta = {k: v for k, v in document.metadata.items() if k != "path"}
    digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + json.dumps(meta, sort_keys=True, default=str).encode("utf-8"))
    if rules_fingerprint:
        digest.update(b"\0" + rules_fingerprint.encode("ascii"))
    return digest.hexdigest()


def _speaker_id(db: sqlite3.Connection, key: str, speaker: Speaker) -> int:
    row = db.execute("SELECT speaker_id, name FROM speakers WHERE canonical_key = ?",
                     (key,)).fetchone()
    if row is None:
        return db.execute("INSERT INTO speakers (canonical_key, name, type) VALUES (?, ?, ?)",
                          (key, speaker.name, speaker.type)).lastrowid
    if len(speaker.name) > len(row[1]):  # the fullest name seen is the one to show
        db.execute("UPDATE speakers SET name = ? WHERE speaker_id = ?", (speaker.name, row[0]))
    return row[0]


def _source_id(db: sqlite3.Connection, source: Optional[SourceMention]) -> Optional[int]:
    if source is None or not source.name:
        return None
    node = source_node(source)
    row = db.execute("SELECT source_id FROM sources WHERE node_id = ?", (node,)).fetchone()
    if row is not None:
        return row[0]
    return db.execute("INSERT INTO sources (node_id, name, type) VALUES (?, ?, ?)",
                      (node, source.name, source.type)).lastrowid


def _write_structural_edges(db: sqlite3.Connection, doc_id: str) -> None:
    """said, via and reported_in edges, from the stored claims of one document."""
    db.execute(
        "INSERT INTO edges (kind, from_node, to_node, doc_id) "
        "SELECT 'said', 'speaker:' || s.canonical_key, 'claim:' || c.claim_id, c.doc_id "
        "FROM claims c JOIN speakers s ON s.speaker_id = c.speaker_id WHERE c.doc_id = ? "
        "ORDER BY c.position", (doc_id,))
    via = db.execute("SELECT c.claim_id, s.node_id, c.source_mode FROM claims c JOIN sources s "
                     "ON s.source_id = c.source_id WHERE c.doc_id = ? ORDER BY c.position",
                     (doc_id,)).fetchall()
    db.executemany("INSERT INTO edges (kind, from_node, to_node, doc_id, data) "
                   "VALUES ('via', ?, ?, ?, ?)",
                   [(f"claim:{claim_id}", node, doc_id, json.dumps({"mode": mode} if mode else {}))
                    for claim_id, node, mode in via])
    db.execute(
        "INSERT INTO edges (kind, from_node, to_node, doc_id) "
        "SELECT 'reported_in', 'claim:' || claim_id, 'document:' || doc_id, doc_id "
        "FROM claims WHERE doc_id = ? ORDER BY position", (doc_id,))


def _span(span: Optional[Span]) -> Tuple[Optional[int], Optional[int]]:
    return (span.start, span.end) if span is not None else (None, None)


def _mark_links_stale(db: sqlite3.Connection) -> None:
    db.execute("UPDATE store_meta SET value = '1' WHERE key = 'links_stale'")


def _delete_document(db: sqlite3.Connection, doc_id: str) -> None:
    speaker_ids = [r[0] for r in db.execute(
        "SELECT DISTINCT speaker_id FROM document_speakers WHERE doc_id = ?", (doc_id,))]
    source_ids = [r[0] for r in db.execute(
        "SELECT DISTINCT source_id FROM claims WHERE doc_id = ? AND source_id IS NOT NULL",
        (doc_id,))]
    # edges another document's ingest drew to these claims go with them
    db.execute("DELETE FROM edges WHERE from_node IN (SELECT 'claim:' || claim_id FROM claims "
               "WHERE doc_id = ?) OR to_node IN (SELECT 'claim:' || claim_id FROM claims "
               "WHERE doc_id = ?)", (doc_id, doc_id))
    db.execute("DELETE FROM edges WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM document_speakers WHERE doc_id = ?", (doc_id,))
    db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    _mark_links_stale(db)
    for speaker_id in speaker_ids:
        db.execute("DELETE FROM speakers WHERE speaker_id = ? AND NOT EXISTS (SELECT 1 FROM "
                   "document_speakers WHERE speaker_id = ?)", (speaker_id, speaker_id))
    for source_id in source_ids:
        db.execute("DELETE FROM sources WHERE source_id = ? AND NOT EXISTS (SELECT 1 FROM "
                   "claims WHERE source_id = ?)", (source_id, source_id))


def _insert_extraction(db: sqlite3.Connection, ex: Extraction, digest: str,
                       speaker_key: SpeakerKey, edges: Iterable[Edge]) -> None:
    doc, meta = ex.document, ex.meta
    db.execute(
        "INSERT INTO documents (doc_id, content_hash, date, dateline, dateline_start, "
        "dateline_end, body_start, metadata, origin, text, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.id, digest, meta.date, meta.dateline, *_span(meta.dateline_span), meta.body_start,
         json.dumps(doc.metadata, ensure_ascii=False, default=str), doc.origin, doc.text,
         dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
    positions = {}
    speakers = list(ex.speakers)
    listed = len(speakers)
    for claim in ex.claims:  # a hand-built Extraction may leave a claim's speaker out
        if claim.speaker is not None and claim.speaker not in speakers:
            speakers.append(claim.speaker)
    for position, speaker in enumerate(speakers):
        positions.setdefault(speaker, position)
        db.execute(
            "INSERT INTO document_speakers (doc_id, position, speaker_id, name, type, role, "
            "surface_forms, listed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, position, _speaker_id(db, speaker_key(speaker, doc.id), speaker),
             speaker.name, speaker.type, speaker.role,
             json.dumps(list(speaker.surface_forms), ensure_ascii=False),
             int(position < listed)))
    for position, claim in enumerate(ex.claims):
        speaker_position = positions.get(claim.speaker) if claim.speaker is not None else None
        src = claim.source
        said = claim_period(claim, meta.date) or (None, None)
        db.execute(
            "INSERT INTO claims (claim_id, doc_id, position, kind, text, start, \"end\", "
            "speaker_position, speaker_id, speaker_start, speaker_end, speaker_mention, cue, "
            "cue_start, cue_end, source_id, source_name, source_type, source_mode, "
            "source_start, source_end, source_rule, evidence_start, evidence_end, rules, "
            "said_on, said_on_basis, said_from, said_to, quoted) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "?, (SELECT speaker_id FROM document_speakers WHERE doc_id = ? AND position = ?), "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (claim.claim_id, doc.id, position, claim.kind, claim.text, claim.span.start,
             claim.span.end, speaker_position, doc.id, speaker_position,
             *_span(claim.speaker_span), claim.speaker_mention, claim.cue,
             *_span(claim.cue_span), _source_id(db, src),
             src.name if src else None, src.type if src else None, src.mode if src else None,
             *_span(src.span if src else None), src.rule if src else None,
             claim.evidence.start, claim.evidence.end, json.dumps(list(claim.rules)),
             claim.said_on, claim.said_on_basis, said[0], said[1],
             None if claim.quoted is None else json.dumps([s.as_list() for s in claim.quoted])))
    _write_structural_edges(db, doc.id)
    _mark_links_stale(db)
    for kind, from_node, to_node, data in edges:
        db.execute("INSERT INTO edges (kind, from_node, to_node, doc_id, data) "
                   "VALUES (?, ?, ?, ?, ?)",
                   (kind, from_node, to_node, doc.id, json.dumps(data, sort_keys=True)))


@frozen
class IngestResult:
    """What happened to one input: ``status`` is ingested, skipped, replaced or failed."""

    doc_id: str
    status: str
    claims: int = 0
    where: str = ""
    message: str = ""


# --- reading --------------------------------------------------------------------------

_CLAIM_COLUMNS = (
    "claim_id, doc_id, kind, text, start, \"end\", speaker_position, speaker_start, "
    "speaker_end, speaker_mention, cue, cue_start, cue_end, source_name, source_type, "
    "source_mode, source_start, source_end, source_rule, evidence_start, evidence_end, "
    "rules, said_on, said_on_basis, source_id, quoted")


def _opt_span(start: Optional[int], end: Optional[int]) -> Optional[Span]:
    return Span(start, end) if start is not None else None


def _claim_from_row(row: tuple, speakers: dict) -> Claim:
    (claim_id, doc_id, kind, text, start, end, speaker_position, speaker_start, speaker_end,
     speaker_mention, cue, cue_start, cue_end, source_name, source_type, source_mode,
     source_start, source_end, source_rule, evidence_start, evidence_end, rules, said_on,
     said_on_basis, source_id, quoted) = row
    has_source = any(v is not None for v in (source_name, source_type, source_mode,
                                             source_start, source_rule))
    source = SourceMention(source_name, source_type, source_mode,
                           _opt_span(source_start, source_end),
                           source_rule or "") if has_source else None
    return Claim(doc_id, claim_id, kind, Span(start, end), text,
                 speakers.get(speaker_position), _opt_span(speaker_start, speaker_end),
                 speaker_mention, cue, _opt_span(cue_start, cue_end), source,
                 Span(evidence_start, evidence_end), tuple(json.loads(rules)),
                 said_on, said_on_basis,
                 None if quoted is None else tuple(Span(s, e) for s, e in json.loads(quoted)))


class Store:
    """An open claim database. Use :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db, self.path = db, path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # writing

    def stored_hash(self, doc_id: str) -> Optional[str]:
        row = self.db.execute("SELECT content_hash FROM documents WHERE doc_id = ?",
                              (doc_id,)).fetchone()
        return row[0] if row else None

    def add(self, extraction: Extraction, digest: Optional[str] = None,
            speaker_key: SpeakerKey = fallback_speaker_key, edges: Iterable[Edge] = ()) -> str:
        """Write one extraction in one transaction: ingested, skipped or replaced.

        ``edges`` are extra edges (e.g. claim → claim) to store with the document.
        """
        digest = digest or content_hash(extraction.document)
        doc_id = extraction.document.id
        self.db.execute("BEGIN IMMEDIATE")
        try:
            stored = self.stored_hash(doc_id)
            if stored == digest:
                self.db.execute("ROLLBACK")
                return "skipped"
            if stored is not None:
                _delete_document(self.db, doc_id)
            _insert_extraction(self.db, extraction, digest, speaker_key, edges)
            self.db.execute("COMMIT")
        except BaseException:  # KeyboardInterrupt too: nothing half-written stays
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return "replaced" if stored is not None else "ingested"

    def unseen(self, items: Iterable[Item], skipped: Callable[[Document], None],
               rules_fingerprint: str = "") -> Iterator[Item]:
        """The items that need extracting: documents already stored unchanged go to ``skipped``."""
        for item in items:
            if isinstance(item, Document) and \
                    self.stored_hash(item.id) == content_hash(item, rules_fingerprint):
                skipped(item)
            else:
                yield item

    def write(self, item: Union[Extraction, InputProblem],
              speaker_key: SpeakerKey = fallback_speaker_key,
              rules_fingerprint: str = "") -> IngestResult:
        """Store one extraction (or pass on one problem) as an :class:`IngestResult`."""
        if isinstance(item, InputProblem):
            return IngestResult("", "failed", where=item.where, message=item.message)
        doc = item.document
        where = doc.origin or doc.id
        try:
            status = self.add(item, content_hash(doc, rules_fingerprint), speaker_key)
        except sqlite3.Error as err:
            if _is_fatal(err):
                raise StoreError(f"{self.path}: {err}") from None
            return IngestResult(doc.id, "failed", where=where,
                                message=f"document {doc.id!r} not stored: {err}")
        except Exception as err:  # text SQLite cannot hold (a lone surrogate), odd metadata
            return IngestResult(doc.id, "failed", where=where,
                                message=f"document {doc.id!r} not stored: "
                                        f"{type(err).__name__}: {err}")
        return IngestResult(doc.id, status, len(item.claims) if status != "skipped" else 0,
                            where=where)

    def ingest(self, items: Iterable[Item], rules: Optional[RuleSet] = None, jobs: int = 1,
               ordered: bool = True, rule_dirs: Sequence[str] = (),
               speaker_key: Optional[SpeakerKey] = None,
               track: Optional[Callable[[Iterator], Iterator]] = None,
               link: bool = True, limits: Limits = Limits()) -> Iterator[IngestResult]:
        """Extract and store each document; one result per input, after its commit.

        A document already stored with the same content hash (text, metadata
        and rules, see :func:`content_hash`) is skipped without running the
        extraction; the others run through
        :func:`quotetrack.runner.extract_stream` (``jobs`` worker processes)
        and are written here, one transaction each. A failure (bad input,
        extraction error, a document the database refuses) is a ``failed``
        result and the run goes on; a database that cannot be written at all
        raises StoreError. ``track`` wraps the stream of extractions (a
        progress bar). When the stream is done and anything changed (in this
        run or in one that was interrupted), :meth:`link` runs, unless
        ``link`` is False. ``limits`` bound each document's size and time, as
        in :func:`~quotetrack.runner.extract_stream`.
        """
        rules = rules or load_rules(list(rule_dirs))
        speaker_key = speaker_key or identity_key(rules)
        skipped: Deque[Document] = deque()
        results = extract_stream(self.unseen(items, skipped.append, rules.fingerprint), rules,
                                 jobs=jobs, ordered=ordered, rule_dirs=rule_dirs, limits=limits)
        for item in track(results) if track else results:
            while skipped:
                yield self._skip(skipped.popleft())
            yield self.write(item, speaker_key, rules.fingerprint)
        while skipped:
            yield self._skip(skipped.popleft())
        if link and self.links_stale:
            self.link(rules)

    @property
    def links_stale(self) -> bool:
        """Whether documents changed since identities and claim edges were last linked."""
        row = self.db.execute("SELECT value FROM store_meta WHERE key = 'links_stale'"
                              ).fetchone()
        return row is None or row[0] != "0"

    def link(self, rules: Optional[RuleSet] = None) -> dict:
        """Speaker identities and claim → claim edges over the whole collection.

        Both depend on every document (``Peskov`` joins ``Dmitry Peskov`` only
        when no other Peskov has a first name; a repeat needs the earlier
        quote), so they are recomputed from all stored extractions with
        :func:`quotetrack.graph.build_graph` and written in one transaction:
        the speakers table, each speaker's and claim's ``speaker_id``, and the
        said / repeats / part_of / corroborates edges. Returns the graph's counts.
        """
        rules = rules or load_rules()
        graph = build_graph(self.extractions(), rules)
        index = graph.speakers
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("UPDATE claims SET speaker_id = NULL")
            db.execute("UPDATE document_speakers SET speaker_id = NULL")
            db.execute("DELETE FROM speakers")
            ids = {identity.key: db.execute(
                "INSERT INTO speakers (canonical_key, name, type) VALUES (?, ?, ?)",
                (identity.key, identity.name, identity.type)).lastrowid for identity in index}
            rows = db.execute("SELECT doc_id, position, name, type, role, surface_forms "
                              "FROM document_speakers").fetchall()
            for doc_id, position, name, type_, role, forms in rows:
                speaker = Speaker(name, type_, role, tuple(json.loads(forms)))
                key = index.key_of(doc_id, speaker)
                speaker_id = ids[key] if key in ids else _speaker_id(
                    db, fallback_speaker_key(speaker, doc_id), speaker)
                db.execute("UPDATE document_speakers SET speaker_id = ? WHERE doc_id = ? AND "
                           "position = ?", (speaker_id, doc_id, position))
            db.execute("UPDATE claims SET speaker_id = (SELECT speaker_id FROM "
                       "document_speakers d WHERE d.doc_id = claims.doc_id AND "
                       "d.position = claims.speaker_position) "
                       "WHERE speaker_position IS NOT NULL")
            db.execute("DELETE FROM edges WHERE kind = 'said' OR kind IN (?, ?, ?)",
                       CLAIM_EDGE_KINDS)
            db.execute("INSERT INTO edges (kind, from_node, to_node, doc_id) "
                       "SELECT 'said', 'speaker:' || s.canonical_key, 'claim:' || c.claim_id, "
                       "c.doc_id FROM claims c JOIN speakers s ON s.speaker_id = c.speaker_id "
                       "ORDER BY c.doc_id, c.position")
            doc_of = dict(db.execute("SELECT 'claim:' || claim_id, doc_id FROM claims"))
            db.executemany(
                "INSERT INTO edges (kind, from_node, to_node, doc_id, data) "
                "VALUES (?, ?, ?, ?, ?)",
                [(e.kind, e.source, e.target, doc_of[e.source],
                  json.dumps(dict(e.data), sort_keys=True))
                 for e in graph.edges if e.kind in CLAIM_EDGE_KINDS and e.source in doc_of])
            db.execute("UPDATE store_meta SET value = '0' WHERE key = 'links_stale'")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return graph.counts()

    @staticmethod
    def _skip(document: Document) -> IngestResult:
        return IngestResult(document.id, "skipped", where=document.origin or document.id)

    # reading

    def extractions(self, claim_filter: Optional[ClaimFilter] = None) -> Iterator[Extraction]:
        """Rebuild the stored extractions, in ingest order, cut to the filter.

        Without a filter every document comes back, claims or not. With one,
        documents keep only the matching claims (and those claims' speakers),
        and documents left with none are not returned. The speaker filter
        matches a speaker's name or surface forms in *any* document and then
        returns that speaker's claims everywhere, so ``--speaker Tchaikovsky``
        also finds the documents that spell it ``Chaikovskiy`` (when both have
        the same canonical key).
        """
        flt = claim_filter or ClaimFilter()
        where, params = ["1"], []
        if flt.speaker is not None:
            where.append("c.speaker_id IN (SELECT speaker_id FROM document_speakers "
                         "WHERE qt_speaker_matches(name, surface_forms, ?))")
            params.append(flt.speaker)
        if flt.source is not None:
            where.append("qt_source_matches(c.source_name, ?)")
            params.append(flt.source)
        if flt.since is not None:
            where.append("c.said_to >= ?")
            params.append(flt.since)
        if flt.until is not None:
            where.append("c.said_from <= ?")
            params.append(flt.until)
        if flt.kinds is not None:
            where.append("c.kind IN (" + ", ".join("?" * len(flt.kinds)) + ")")
            params.extend(flt.kinds)
        condition = " AND ".join(where)
        if flt.active:
            docs = self.db.execute(
                "SELECT doc_id FROM documents d WHERE EXISTS (SELECT 1 FROM claims c WHERE "
                f"c.doc_id = d.doc_id AND {condition}) ORDER BY document_seq", params)
        else:
            docs = self.db.execute("SELECT doc_id FROM documents ORDER BY document_seq")
        for (doc_id,) in docs:
            yield self._extraction(doc_id, condition, params, flt.active)

    def _extraction(self, doc_id: str, condition: str, params: list,
                    filtered: bool) -> Extraction:
        (date, dateline, dl_start, dl_end, body_start, metadata, origin,
         text) = self.db.execute(
            "SELECT date, dateline, dateline_start, dateline_end, body_start, metadata, origin, "
            "text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        document = Document(doc_id, text, json.loads(metadata), origin)
        meta = DocumentMeta(date, dateline, _opt_span(dl_start, dl_end), body_start)
        speakers, listed = {}, []
        for position, name, type_, role, forms, is_listed in self.db.execute(
                "SELECT position, name, type, role, surface_forms, listed FROM "
                "document_speakers WHERE doc_id = ? ORDER BY position", (doc_id,)):
            speakers[position] = Speaker(name, type_, role, tuple(json.loads(forms)))
            if is_listed:
                listed.append(speakers[position])
        claims = tuple(_claim_from_row(row, speakers) for row in self.db.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims c WHERE c.doc_id = ? AND {condition} "
            "ORDER BY c.position", [doc_id, *params]))
        if filtered:
            used = {c.speaker for c in claims if c.speaker is not None}
            listed = [s for s in listed if s in used]
        return Extraction(document, meta, claims, tuple(listed))

    def counts(self) -> dict:
        """Rows per table: documents, claims, speakers, sources, edges."""
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "claims", "speakers", "sources", "edges")}


def _is_fatal(err: sqlite3.Error) -> bool:
    """Errors that will hit every document alike: stop instead of failing each one."""
    text = str(err).lower()
    return any(s in text for s in ("disk is full", "readonly", "read-only", "locked",
                                   "not a database", "malformed", "disk i/o"))


def open_store(path: str, create: bool = True) -> Store:
    """Open (and create, or migrate to the current schema) the database at ``path``.

    ``create=False`` is for readers: a missing file is a StoreError rather
    than a new empty database.
    """
    if not create and not os.path.exists(path):
        raise StoreError(f"{path}: no such database; create it with `quotetrack ingest PATH... "
                         f"--db {path}`")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise StoreError(f"{path}: directory {directory} does not exist")
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per document
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(f"{path}: cannot open: {err}") from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: cannot use WAL journal mode (got {mode}); "
                             "put the database on a local file system")
        db.create_function("qt_speaker_matches", 3, speaker_matches_json, deterministic=True)
        db.create_function("qt_source_matches", 2, source_matches, deterministic=True)
        _migrate(db, path)
    except sqlite3.DatabaseError as err:
        db.close()
        raise StoreError(f"{path}: not a usable quotetrack database ({err}); "
                         "give another --db file") from None
    except BaseException:
        db.close()
        raise
    return Store(db, path)


def read_extractions(path: str, claim_filter: Optional[ClaimFilter] = None
                     ) -> Iterator[Extraction]:
    """Every stored extraction matching the filter (see :meth:`Store.extractions`)."""
    with open_store(path, create=False) as store:
        yield from store.extractions(claim_filter)
