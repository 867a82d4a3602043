"""Every bad input of the README's reliability table, end to end through the
CLI: what quotetrack does with it, and that nothing else is lost."""
import json
import os

import pytest

from quotetrack import runner
from quotetrack.cli import main

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds",
                    "kyiv-2025-02-01.txt")
with open(SEED, "rb") as _handle:
    GOOD = _handle.read()
QUOTES_100K = (b'"We will win," the mayor said. ' + b'"' * 100_000
               + b'\n\n"It is over," Jane Doe told CNN.\n')

# file name → bytes; the documents each gives are checked below
INPUTS = {
    "a-good.txt": GOOD,
    "empty.txt": b"",
    "whitespace.txt": b" \n\t\r\n \n",
    "bom.txt": b"\xef\xbb\xbf\"We won,\" she said.\n",
    "crlf.txt": b"\"We won,\" she said.\r\n\r\n\"We lost,\" he said.\r\n",
    "lone-cr.txt": b"\"We won,\" she said.\r\r\"We lost,\" he said.\r",
    "controls.txt": b"\"We\x00 won,\" she said.\x1b\x07\x0c\n",
    "invalid-utf8.txt": b"\"We won\xff,\" she said.\n",
    "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "utf16.txt": "\"We won,\" she said.\n".encode("utf-16"),
    "huge.txt": b"word " * 4_000_000,
    "quote-marks.txt": QUOTES_100K,
    "unbalanced.txt": "\"Open, she said.\n\n“Mismatched,\" he said.\n\n«Unclosed, he wrote.\n\n"
                      "\"Fine,\" Jane Doe said.\n".encode(),
    "rtl.txt": "\u200f\"We won,\" \u200fshe said.\u202e\n".encode(),
    "corpus.jsonl": (b'{"id": "first", "text": "\\"Yes,\\" he said."}\n'
                     b'not json\n{"id": "no-text"}\n[1, 2]\n'
                     b'{"id": "raw", "text": "\\"Tab\tin,\\" she said."}\n'
                     b'{"id": "first", "text": "\\"No,\\" she said."}\n'),
}

ERRORS = [
    "F/binary.txt: looks like a binary file (NUL bytes in the first 8192 bytes); skipped",
    "F/corpus.jsonl:2: not JSON (Expecting value at column 1); each line must be one JSON object",
    "F/corpus.jsonl:3: no \"text\" string in this object; add one",
    "F/corpus.jsonl:4: not a JSON object; each line must be {\"id\", \"text\", ...}",
    "F/huge.txt: document 'huge' has 20000000 characters, more than the 5000000 allowed; "
    "skipped (raise --max-doc-chars to process it)",
    "F/invalid-utf8.txt: invalid UTF-8 at byte offset 7; fix the file or pass "
    "--encoding-errors replace",
    "F/utf16.txt: UTF-16 text (it starts with a UTF-16 byte-order mark); convert it to UTF-8, "
    "e.g. iconv -f UTF-16 -t UTF-8",
]
WARNINGS = ["F/corpus.jsonl:6: document id 'first' was already used at F/corpus.jsonl:1; "
            "both documents are kept"]

# document id → the claims' texts
CLAIMS = {
    "bom": ["We won,"],
    "crlf": ["We won,", "We lost,"],
    "lone-cr": ["We won,", "We lost,"],
    "controls": ["We\x00 won,"],
    "quote-marks": ["We will win,", "It is over,"],
    # a quote over two paragraphs attributed at its end: one claim per paragraph
    "unbalanced": ["Open, she said.", "Mismatched,", "Unclosed, he wrote.", "Fine,"],
    "rtl": ["We won,"],
    "first": ["Yes,", "No,"],
    "raw": ["Tab\tin,"],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    for name, data in INPUTS.items():
        (folder / name).write_bytes(data)
    return folder


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _texts(rows, doc_id):
    return [r["text"] for r in rows if r["doc_id"] == doc_id]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_inputs_are_reported_and_nothing_else_is_lost(capsys, corpus, jobs):
    code, out, err = run(capsys, "extract", "-q", "-j", jobs, str(corpus))
    assert code == 1
    lines = sorted(err.replace(str(corpus), "F").splitlines())
    assert lines == sorted([f"quotetrack: error: {e}" for e in ERRORS]
                           + [f"quotetrack: warning: {w}" for w in WARNINGS])
    rows = [json.loads(line) for line in out.splitlines()]
    for doc_id, texts in CLAIMS.items():
        assert _texts(rows, doc_id) == texts, doc_id
    # the good article gives exactly what it gives alone
    _, alone, _ = run(capsys, "extract", "-q", SEED)
    assert [r for r in rows if r["doc_id"] == "a-good"] == [
        dict(json.loads(line), doc_id="a-good",
             claim_id=json.loads(line)["claim_id"].replace("kyiv-2025-02-01", "a-good"))
        for line in alone.splitlines()]
    # empty and blank files are documents with no claims, not errors
    assert not _texts(rows, "empty") and not _texts(rows, "whitespace")


def test_offsets_count_every_character_as_read(capsys, corpus):
    _, out, _ = run(capsys, "extract", "-q", "-j", "1", str(corpus / "bom.txt"),
                    str(corpus / "crlf.txt"), str(corpus / "rtl.txt"))
    for row in map(json.loads, out.splitlines()):
        text = INPUTS[row["doc_id"] + ".txt"].decode("utf-8")
        assert text[row["start"]:row["end"]] == row["text"]


def test_invalid_utf8_can_be_replaced(capsys, corpus):
    code, out, err = run(capsys, "extract", "-q", "--encoding-errors", "replace",
                         str(corpus / "invalid-utf8.txt"))
    assert code == 0 and err == ""
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["We won\ufffd,"]


def test_a_huge_paragraph_runs_when_allowed(capsys, tmp_path):
    # the real 20 MB run is timed in the README; here 1 MB, to show it is not refused
    (tmp_path / "big.txt").write_bytes(b'"We won," she said. ' + b"word " * 200_000)
    code, out, err = run(capsys, "extract", "-q", "-j", "1", "--max-doc-chars", "0",
                         str(tmp_path / "big.txt"))
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == ["We won,"]


def test_a_document_over_its_time_budget_is_reported(capsys, corpus, monkeypatch):
    real = runner.extract_document

    def extract(document, rules):
        if document.id == "rtl":
            while True:  # stands for any text too slow to finish
                pass
        return real(document, rules)

    monkeypatch.setattr(runner, "extract_document", extract)
    code, out, err = run(capsys, "extract", "-q", "-j", "1", "--doc-timeout", "0.5",
                         str(corpus / "bom.txt"), str(corpus / "rtl.txt"),
                         str(corpus / "crlf.txt"))
    assert code == 1
    assert err.replace(str(corpus), "F") == (
        "quotetrack: error: F/rtl.txt: document 'rtl' took more than 0.5 s; skipped "
        "(raise --doc-timeout to give it longer)\n")
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["bom", "crlf", "crlf"]


@pytest.mark.parametrize("option, value, message", [
    ("--max-doc-chars", "-5", "must be a whole number (0 for no limit), not '-5'"),
    ("--doc-timeout", "soon", "must be a number of seconds (0 for no limit), not 'soon'"),
])
def test_bad_limits_are_argument_errors(capsys, option, value, message):
    with pytest.raises(SystemExit) as info:
        main(["extract", option, value, SEED])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_binary_standard_input_is_refused(capsys, monkeypatch):
    import io
    import sys
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(INPUTS["binary.txt"])))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(capsys, "extract", "-q", "-")
    assert code == 1 and out == ""
    assert err == ("quotetrack: error: <stdin>: looks like a binary file (NUL bytes in the "
                   "first 8192 bytes); skipped\n")
