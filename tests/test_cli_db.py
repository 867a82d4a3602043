"""The command line over the store: ingest, who/table --db with filters, kills and reruns."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import quotetrack.cli
from quotetrack.cli import main
from quotetrack.corpus import read_documents
from quotetrack.store import open_store

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "fixtures", "store", "corpus.jsonl")
SEED = os.path.join(os.path.dirname(HERE), "seeds", "kyiv-2025-02-01.txt")


@pytest.fixture(autouse=True)
def cached_rules(rules, monkeypatch):
    """The bundled rules loaded once: main() would spend over a second on each call."""
    real = quotetrack.cli.load_rules
    monkeypatch.setattr(quotetrack.cli, "load_rules",
                        lambda dirs=(): rules if not dirs else real(dirs))


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys):
    path = tmp_path / "claims.db"
    code, out, err = run(capsys, "ingest", CORPUS, SEED, "--db", path)
    assert (code, out) == (0, "")
    assert err == f"quotetrack: {path}: ingested 5, skipped 0, replaced 0 documents; 22 claims " \
                  "written; 0 errors\n"
    return path


def test_rerun_skips_everything(db, capsys):
    code, out, err = run(capsys, "ingest", CORPUS, SEED, "--db", db, "-v")
    assert code == 0
    assert out.splitlines() == [f"skipped {d} (0 claims)" for d in ("a1", "a2", "a3", "a4",
                                                                   "kyiv-2025-02-01")]
    assert err == f"quotetrack: {db}: ingested 0, skipped 5, replaced 0 documents; 0 claims " \
                  "written; 0 errors\n"
    code, out, err = run(capsys, "ingest", CORPUS, SEED, "--db", db, "--quiet")
    assert (code, out, err) == (0, "", "")


def test_changed_documents_bad_lines_and_duplicate_ids(db, capsys, tmp_path):
    lines = open(CORPUS, encoding="utf-8").read().splitlines()
    changed = json.loads(lines[3])
    changed["text"] = changed["text"].replace("John Smith", "Jane Roe")
    again = dict(changed, text=changed["text"] + " More.")
    update = tmp_path / "update.jsonl"
    update.write_text("\n".join([lines[0], json.dumps(changed), "{oops", json.dumps(again)])
                      + "\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", update, "--db", db)
    assert code == 1
    errors = err.splitlines()
    assert errors[0].startswith(f"quotetrack: error: {update}:3: not JSON")
    assert errors[1] == (f"quotetrack: error: {update}:4: document id 'a4' appears twice in this "
                         "run with different content; the later one replaced the earlier: give "
                         "each document its own id")
    assert out == ""
    assert errors[2] == f"quotetrack: {db}: ingested 0, skipped 1, replaced 2 documents; " \
                        "2 claims written; 2 errors"
    with open_store(str(db)) as store:
        assert store.counts()["documents"] == 5
        [a4] = [e for e in store.extractions() if e.doc_id == "a4"]
        assert a4.document.text.endswith(" More.")


@pytest.mark.parametrize("command, extra", [
    ("who", []), ("graph", []), ("graph", ["--format", "dot"]),
    ("table", ["--columns", "doc,speaker,role,kind,claim,source,date,citation",
               "--tablefmt", "github"]),
])
def test_db_output_equals_file_output(db, capsys, command, extra):
    _, from_files, _ = run(capsys, command, CORPUS, SEED, "-q", *extra)
    code, from_db, err = run(capsys, command, "--db", db, "-q", *extra)
    assert (code, err) == (0, "") and from_db == from_files


@pytest.mark.parametrize("flt", [
    ["--speaker", "zelensk"], ["--speaker", "BIDEN"], ["--speaker", "volodymyr"], ["--source", "cnn"], ["--source", "X"],
    ["--since", "2025-02-05"], ["--until", "2025-02-03"], ["--since", "2025-02", "--until",
                                                           "2025-02"],
    ["--speaker", "peskov", "--source", "Reuters", "--since", "2025"],
])
def test_each_filter_reads_the_same_from_the_db_as_from_files(db, capsys, flt):
    for command in ("who", "table", "graph"):
        _, from_files, _ = run(capsys, command, CORPUS, SEED, "-q", *flt)
        code, from_db, err = run(capsys, command, "--db", db, "-q", *flt)
        assert (code, err) == (0, "") and from_db == from_files and from_db.strip()


def test_filters_select_the_claims(db, capsys):
    _, out, _ = run(capsys, "who", "--db", db, "--source", "cnn")
    assert out.splitlines()[0].startswith("Volodymyr Zelenskyy (person; Ukrainian President): "
                                          "1 claim in 1 document; via CNN (interview)")
    assert "Oleksandr Kindratenko" in out and "Peskov" not in out
    _, out, _ = run(capsys, "table", "--db", db, "--speaker", "biden", "--columns",
                    "doc,speaker,claim")
    # identity joins the bare "Biden" of a2 to the only Biden with a first name
    assert [line.split()[:2] for line in out.splitlines()[2:]] == [["a1", "Joe"], ["a2", "Joe"]]
    _, out, _ = run(capsys, "table", "--db", db, "--since", "2025-02-05", "--until",
                    "2025-02-28", "--columns", "doc")
    assert set(out.split()[2:]) == {"a2"}
    _, out, _ = run(capsys, "table", "--db", db, "--until", "2025-02-01", "--columns", "doc")
    assert set(out.split()[2:]) == {"kyiv-2025-02-01"}
    code, out, _ = run(capsys, "who", "--db", db, "--speaker", "nobody")
    assert (code, out) == (0, "")
    _, out, _ = run(capsys, "graph", "--db", db, "--speaker", "zelensk")
    graph = json.loads(out)
    speakers = [n["label"] for n in graph["nodes"] if n["kind"] == "speaker"]
    assert speakers == ["Volodymyr Zelenskyy"]  # "Zelensky" of a2 is the same person
    assert {n["doc_id"] for n in graph["nodes"] if n["kind"] == "claim"} == {
        "a1", "a2", "kyiv-2025-02-01"}


@pytest.mark.parametrize("argv, message", [
    (["who"], "give PATH... to read, or --db FILE to read a database made by ingest"),
    (["table", SEED, "--db", "x.db"], "give PATH... or --db FILE, not both"),
    (["who", "--db", "{tmp}/missing.db"], "{tmp}/missing.db: no such database; create it with "
                                           "`quotetrack ingest PATH... --db {tmp}/missing.db`"),
    (["table", "--db", "{db}", "--since", "Feb 1"],
     "--since 'Feb 1' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY"),
    (["who", "--db", SEED], f"{SEED}: not a usable quotetrack database (file is not a "
                            "database); give another --db file"),
    (["ingest", SEED, "--db", "{tmp}/no/dir/c.db"],
     "{tmp}/no/dir/c.db: directory {tmp}/no/dir does not exist"),
])
def test_usage_errors_are_one_line_exit_2(db, capsys, tmp_path, argv, message):
    argv = [a.format(tmp=tmp_path, db=db) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err == f"quotetrack: error: {message.format(tmp=tmp_path)}\n"
    assert not (tmp_path / "missing.db").exists()


def test_ingest_needs_db(capsys):
    with pytest.raises(SystemExit) as info:
        main(["ingest", SEED])
    assert info.value.code == 2


# --- interrupted ingests ----------------------------------------------------------------

DOCS = 150


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    base = [json.loads(line) for line in open(CORPUS, encoding="utf-8")]
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(DOCS):
            doc = dict(base[n % len(base)], id=f"d{n:04d}")
            doc["text"] += f" Item {n}."
            out.write(json.dumps(doc) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def clean_ingest(big_corpus, rules, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("clean") / "clean.db")
    with open_store(path) as store:
        assert {r.status for r in store.ingest(read_documents([big_corpus]), rules)} == {
            "ingested"}
        return list(store.extractions()), store.counts()


def _stored_ids(path):
    if not os.path.exists(path):
        return set()
    db = sqlite3.connect(path, timeout=10)
    try:
        return {r[0] for r in db.execute("SELECT doc_id FROM documents")}
    except sqlite3.OperationalError:  # tables not created yet
        return set()
    finally:
        db.close()


def _start_ingest(corpus, path, jobs=1):
    """``quotetrack ingest`` in a new Python process (it loads the rules itself)."""
    return subprocess.Popen([sys.executable, "-m", "quotetrack", "ingest", corpus, "--db", path,
                             "-v", "--jobs", str(jobs)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


class _ForkedIngest:
    """``quotetrack ingest`` (``main``) in a forked child of the test process: a process of
    its own to kill, without paying the second or more of loading the rules again."""

    def __init__(self, corpus, path):
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            code = 99
            try:
                os.close(out_r)
                os.close(err_r)
                sys.stdout = open(out_w, "w", buffering=1, encoding="utf-8")
                sys.stderr = open(err_w, "w", buffering=1, encoding="utf-8")
                signal.signal(signal.SIGINT, signal.default_int_handler)
                code = main(["ingest", corpus, "--db", path, "-v", "--jobs", "1"])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(out_w)
        os.close(err_w)
        self.out, self.err = os.fdopen(out_r, encoding="utf-8"), os.fdopen(err_r, encoding="utf-8")
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, sig):
        os.kill(self.pid, sig)

    def communicate(self, timeout=None):  # the output is small: no pipe fills up
        out, err = self.out.read(), self.err.read()
        self.out.close()
        self.err.close()
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return out, err


def _interrupt_when_stored(runs, signals, limit=60.0):
    """Send each (path, count, process) its signal once ``count`` documents are committed."""
    deadline = time.monotonic() + limit
    pending = list(zip(runs, signals))
    while pending:
        for entry in list(pending):
            (path, count, proc), sig = entry
            assert proc.poll() is None, "the ingest finished before it could be interrupted"
            if len(_stored_ids(path)) >= count:
                proc.send_signal(sig)
                pending.remove(entry)
        assert time.monotonic() < deadline
        time.sleep(0.001)
    # worker processes must not outlive their parent and keep its stdout open
    return [proc.communicate(timeout=30) + (proc.returncode,) for _, _, proc in runs]


def _check_after_interrupt(corpus, path, out, clean, capsys):
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    reported = {line.split()[1] for line in out.splitlines() if line.startswith("ingested ")}
    stored = _stored_ids(path)
    assert reported <= stored and len(stored) < DOCS
    expected = {e.doc_id: e for e in clean[0]}
    with open_store(path) as store:  # each stored document whole, once
        for ex in store.extractions():
            assert ex == expected[ex.doc_id]
    code, out, err = run(capsys, "ingest", corpus, "--db", path, "-j1")  # simply run it again
    assert (code, out) == (0, "")
    missing = sum(len(e.claims) for e in clean[0] if e.doc_id not in stored)
    assert err.endswith(f"ingested {DOCS - len(stored)}, skipped {len(stored)}, replaced 0 "
                        f"documents; {missing} claims written; 0 errors\n")
    with open_store(path) as store:
        assert store.counts() == clean[1]
        assert list(store.extractions()) == clean[0]


@pytest.fixture(scope="module")
def interrupted(big_corpus, tmp_path_factory, rules):
    """Ingests interrupted at random points: three SIGKILLs and one SIGINT, all at once.
    The third is a new ``python -m quotetrack`` with worker processes; the others are
    forked from this process, which has the rules loaded already."""
    folder = tmp_path_factory.mktemp("interrupted")
    seed = int(os.environ.get("QUOTETRACK_KILL_SEED", "7"))  # another seed: other points
    points = random.Random(seed).sample(range(1, DOCS // 3), 3) + [20]
    signals = [signal.SIGKILL] * 3 + [signal.SIGINT]
    runs = [(str(folder / f"run{n}.db"), point) for n, point in enumerate(points)]
    procs = [(path, point, _start_ingest(big_corpus, path, jobs=2) if n == 2
              else _ForkedIngest(big_corpus, path)) for n, (path, point) in enumerate(runs)]
    outcomes = _interrupt_when_stored(procs, signals)
    return [(path, sig) + outcome for (path, _), sig, outcome in zip(runs, signals, outcomes)]


def test_sigkill_at_random_points_then_rerun(interrupted, big_corpus, clean_ingest, capsys):
    for path, sig, out, _, code in interrupted:
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL
            _check_after_interrupt(big_corpus, path, out, clean_ingest, capsys)


def test_ctrl_c_reports_and_rerun_completes(interrupted, big_corpus, clean_ingest, capsys):
    [(path, _, out, err, code)] = [i for i in interrupted if i[1] == signal.SIGINT]
    assert code == 130
    assert err.startswith(f"quotetrack: {path}: ingested ") and err.endswith(
        "; interrupted: every document listed as done is stored, run the same command again "
        "to go on\n")
    _check_after_interrupt(big_corpus, path, out, clean_ingest, capsys)


def test_ingest_with_worker_processes_stores_the_same(big_corpus, clean_ingest, tmp_path,
                                                     capsys):
    path = str(tmp_path / "jobs.db")
    code, _, err = run(capsys, "ingest", big_corpus, "--db", path, "--jobs", "2", "--unordered")
    assert code == 0 and f"ingested {DOCS}, skipped 0" in err
    with open_store(path) as store:
        assert store.counts() == clean_ingest[1]
        stored = sorted(store.extractions(), key=lambda e: e.doc_id)
    assert stored == sorted(clean_ingest[0], key=lambda e: e.doc_id)


def test_kinds_on_files_and_on_the_database(db, capsys):
    code, out, _ = run(capsys, "extract", "--kinds", "direct", SEED)
    assert code == 0 and {json.loads(line)["kind"] for line in out.splitlines()} == {"direct"}
    code, from_files, _ = run(capsys, "table", "--kinds", "indirect", "--format", "json", SEED)
    code2, from_db, _ = run(capsys, "table", "--kinds", "indirect", "--format", "json", "--db", db,
                            "--speaker", "")
    rows = json.loads(from_files)
    assert code == 0 and rows and all(r["kind"] == "indirect" for r in rows)
    assert code2 == 0 and all(r["kind"] == "indirect" for r in json.loads(from_db))
    code, _, err = run(capsys, "extract", "--kinds", "quotes", SEED)
    assert code == 2 and "--kinds 'quotes'" in err
