"""The command line: a thin layer over the API, one-line errors, exit codes."""
import json
import os

import pytest

from quotetrack.cli import main

SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds",
                    "kyiv-2025-02-01.txt")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_quiet_drops_the_summary_line(capsys):
    code, out, err = run(capsys, "extract", "--quiet", SEED)
    assert code == 0 and out and err == ""


def test_extract_jsonl_schema(capsys):
    code, out, err = run(capsys, "extract", SEED)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert err.startswith(f"quotetrack: 1 documents, {len(rows)} claims, 0 errors, ")
    assert err.count("\n") == 1
    assert len(rows) >= 11
    keys = {"doc_id", "claim_id", "kind", "text", "start", "end", "speaker", "speaker_span",
            "speaker_role", "speaker_type", "cue", "cue_span", "source", "rule"}
    assert keys <= set(rows[0])
    with open(SEED, encoding="utf-8", newline="") as handle:
        text = handle.read()
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["doc_id"] == "kyiv-2025-02-01"
    post = next(r for r in rows if r["text"].startswith("Last night"))
    assert post["source"]["name"] == "X" and post["source"]["mode"] == "post"


def test_extract_json_and_table(capsys):
    code, out, _ = run(capsys, "extract", SEED, "--format", "json")
    [doc] = json.loads(out)
    assert code == 0 and doc["date"] == "2025-02-01" and doc["claims"]
    code, out, _ = run(capsys, "extract", SEED, "--format", "table")
    assert "Oleksandr Kindratenko" in out and "CNN (interview)" in out


def test_who(capsys):
    code, out, _ = run(capsys, "who", SEED)
    assert code == 0
    assert out.startswith("Volodymyr Zelenskyy (person; Ukrainian President): ")
    assert "via X (post)" in out
    assert "Ukrainian officials (group): 1 claim" in out


def test_table_any_tabulate_format(capsys):
    code, out, _ = run(capsys, "table", SEED, "--tablefmt", "github",
                       "--columns", "speaker,source,citation")
    assert code == 0
    assert out.splitlines()[0].startswith("| speaker")
    assert "Volodymyr Zelenskyy, post on X, 1 February 2025, reported in kyiv-2025-02-01" in out


def test_bad_input_is_reported_and_others_still_written(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00 binary")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "ok", "text": "\\"We will win,\\" Smith said."}\n{oops\n',
                      encoding="utf-8")
    code, out, err = run(capsys, "extract", str(tmp_path / "missing.txt"), str(corpus), SEED)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == f"quotetrack: error: {tmp_path / 'missing.txt'}: no such file or directory"
    assert lines[1].startswith(f"quotetrack: error: {corpus}:2: not JSON")
    doc_ids = {json.loads(line)["doc_id"] for line in out.splitlines()}
    assert doc_ids == {"ok", "kyiv-2025-02-01"}


def test_broken_rules_exit_2_with_compiler_messages(capsys, tmp_path):
    (tmp_path / "r.yaml").write_text("attribution_rules:\n  - id: x\n    patern: a\n",
                                     encoding="utf-8")
    code, _, err = run(capsys, "extract", SEED, "--rules", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'r.yaml'}:3:5: rule 'x': unknown key 'patern'" in err
    code, _, err = run(capsys, "rules", "check", str(tmp_path))
    assert code == 2 and "unknown key" in err


def test_rules_check_and_list(capsys):
    code, out, _ = run(capsys, "rules", "check")
    assert code == 0 and out.startswith("rules OK") and "examples and counterexamples pass" in out
    code, out, _ = run(capsys, "rules", "list")
    assert code == 0 and "quote-speaker-cue" in out and "told-outlet" in out
    assert "speech_verb" in out


def test_stdin(capsys, monkeypatch):
    import io
    import sys
    data = b'"We will win," Smith said.'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    code, out, _ = run(capsys, "extract", "-")
    assert code == 0 and json.loads(out)["speaker"] == "Smith"


def test_python_dash_m(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "quotetrack", "who", SEED], capture_output=True,
                          text=True, cwd=str(tmp_path))
    assert proc.returncode == 0 and "Mykhailo Podolyak" in proc.stdout


@pytest.mark.parametrize("argv", [["extract"], ["nope"], ["table", SEED, "--tablefmt", "x"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_output_never_overwrites_an_input(capsys, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text('"We will win," Smith said.', encoding="utf-8")
    code, _, err = run(capsys, "extract", str(src), "-o", str(src))
    assert code == 2 and "is also an input" in err
    assert src.read_text(encoding="utf-8").startswith('"We will win,"')
    code, _, err = run(capsys, "extract", str(src), "-o", str(tmp_path / "no" / "x.jsonl"))
    assert code == 2 and err.startswith("quotetrack: error: cannot write")


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('{"id": "a", "text": "hi", "quotes": [{"start": 0, "end": 9}]}', "integer offsets"),
    ('{"id": ["a"], "text": "hi"}', 'a gold line is'),
    ('{"id": "a", "text": "hi", "quotes": 5}', '"quotes" must be a list'),
])
def test_bad_gold_is_one_line_exit_2(capsys, tmp_path, line, message):
    gold = tmp_path / "g.jsonl"
    gold.write_text(line + "\n", encoding="utf-8")
    code, _, err = run(capsys, "evaluate", str(gold))
    assert code == 2 and err.startswith(f"quotetrack: error: {gold}:1: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_rules_check_runs_the_examples_of_a_user_directory(capsys, tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "source_rules:\n  - id: on-podcast\n    pattern: 'on (?:his|her) podcast'\n"
        "    mode: interview\n    examples:\n"
        "      - text: '\"We will win,\" Smith said on his podcast.'\n        mode: video\n"
        "    counterexamples:\n      - 'Smith said on Monday that it would rain.'\n",
        encoding="utf-8")
    code, _, err = run(capsys, "rules", "check", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'mine.yaml'}:6:9: rule 'on-podcast' example: mode is not 'video'" in err


def _jsonl_corpus(tmp_path, n=12):
    with open(SEED, encoding="utf-8") as handle:
        text = handle.read()
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"d{i}", "text": text[: 800 + 150 * i]}) + "\n")
    return str(path)


def test_jobs_give_the_same_output_as_one_process(capsys, tmp_path, monkeypatch):
    from quotetrack import runner
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 2)
    corpus = _jsonl_corpus(tmp_path)
    code1, one, _ = run(capsys, "extract", "--jobs", "1", corpus)
    code2, two, err = run(capsys, "extract", "--jobs", "2", corpus)
    assert code1 == code2 == 0 and one == two and one
    assert "12 documents" in err
    code3, loose, _ = run(capsys, "extract", "--jobs", "2", "--unordered", corpus)
    assert sorted(loose.splitlines()) == sorted(one.splitlines())


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_positive(capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--jobs", value, SEED])
    assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_progress_bar_on_request_and_not_otherwise(capsys, tmp_path):
    corpus = _jsonl_corpus(tmp_path, 3)
    _, _, err = run(capsys, "extract", "--progress", "--jobs", "1", corpus)
    assert " MB [" in err and "3 docs" in err  # tqdm's line, then the summary
    _, _, err = run(capsys, "extract", "--no-progress", "--jobs", "1", corpus)
    assert " MB [" not in err and err.count("\n") == 1


def test_summary_counts_the_claims_a_filter_kept(capsys):
    code, out, err = run(capsys, "extract", "--kinds", "direct", SEED)
    kept = len(out.splitlines())
    assert code == 0 and kept > 0
    assert f"{kept} of " in err and "claims kept by the filters" in err


def test_who_with_a_speaker_filter_names_speakers_as_the_whole_input_does(capsys, tmp_path):
    # "Smith" is John Smith across the input; cutting it to direct claims must not
    # forget that (identities are computed once, over everything read)
    (tmp_path / "a.txt").write_text("John Smith said that the budget was balanced.\n")
    (tmp_path / "b.txt").write_text('"We will vote no," Smith said.\n')
    code, out, _ = run(capsys, "who", str(tmp_path), "--speaker", "smith", "--kinds", "direct")
    assert code == 0
    assert out.startswith("John Smith (person): 1 claim")
    assert "We will vote no" in out and "budget" not in out
