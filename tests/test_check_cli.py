"""``quotetrack check``: every option, the output formats and the exit codes."""
import json
import os

import pytest

from quotetrack.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(os.path.dirname(HERE), "seeds", "kyiv-2025-02-01.txt")
CHECK = os.path.join(HERE, "fixtures", "check")
POST = os.path.join(CHECK, "x-post.jsonl")
ADDRESS = os.path.join(CHECK, "zelenskyy-address.txt")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _article(tmp_path, text, name="article.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_table_is_the_default(capsys):
    code, out, err = run(capsys, "check", SEED, "--source", POST, ADDRESS, "--quiet")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["claim", "check", "verdict", "score"]
    row = next(line for line in lines if line.startswith("kyiv-2025-02-01#c3 "))
    assert "verbatim" in row and "zelenskyy-x-2025-02-01 [0:159]" in row
    assert "quotes: verbatim 3, normalized 1, not_found 2; indirect claims (weaker check): " \
           "supported 3, not_found 5" in out
    assert lines[-1] == "inconsistencies between quotes: 0"


def test_json_format(capsys):
    code, out, _ = run(capsys, "check", SEED, "--source", CHECK + "/x-post-changed-word.jsonl",
                       "--format", "json")
    doc = json.loads(out)
    assert code == 0 and set(doc) == {"verdicts", "inconsistencies", "summary"}
    c2 = next(v for v in doc["verdicts"] if v["claim_id"].endswith("#c2"))
    assert (c2["verdict"], c2["diff"]) == ("altered", "another wave of terrorist "
                                                      "[-attacks-]{+crimes+}")
    assert doc["summary"]["quotes"]["altered"] == 2


def test_jsonl_format_and_output_file(capsys, tmp_path):
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "check", SEED, "--source", POST, "--format", "jsonl",
                       "-o", str(target))
    assert code == 0 and out == ""
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {r["record"] for r in rows} == {"verdict"}
    assert len(rows) == 14


def test_repeated_source_options_and_directories(capsys):
    code, out, _ = run(capsys, "check", SEED, "--source", POST, "--source", CHECK,
                       "--format", "json")
    doc = json.loads(out)
    c8 = next(v for v in doc["verdicts"] if v["claim_id"].endswith("#c8"))
    assert code == 0 and c8["verdict"] == "verbatim" and c8["source_id"] == "zelenskyy-address"


def test_strict_exit_codes(capsys, tmp_path):
    # the seed quotes a CNN interview that is not among the sources
    code, _, _ = run(capsys, "check", SEED, "--source", POST, ADDRESS, "--strict")
    assert code == 3
    good = _article(tmp_path, 'Zelenskyy wrote on X, "Another wave of terrorist crimes."')
    assert run(capsys, "check", good, "--source", POST, "--strict")[0] == 0
    assert run(capsys, "check", SEED, "--source", POST)[0] == 0  # not strict: reports only
    altered = _article(tmp_path, 'Zelenskyy wrote, "Another wave of terrorist attacks."')
    assert run(capsys, "check", altered, "--source", POST, "--strict")[0] == 3


def test_without_sources_reports_inconsistencies(capsys, tmp_path):
    assert run(capsys, "check", SEED, "--strict")[0] == 0
    with open(SEED, encoding="utf-8") as handle:
        text = handle.read().replace('"another wave of terrorist crimes."',
                                     '"another wave of terrorist attacks."')
    changed = _article(tmp_path, text)
    code, out, _ = run(capsys, "check", changed)
    assert code == 0 and "fragment_not_in_quote" in out
    assert out.splitlines()[-1] == "inconsistencies between quotes: 1"
    assert run(capsys, "check", changed, "--strict")[0] == 3
    code, out, _ = run(capsys, "check", changed, "--format", "jsonl")
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["record"] == "inconsistency" and row["kind"] == "fragment_not_in_quote"


def test_jobs_and_summary_line(capsys):
    code, out, err = run(capsys, "check", SEED, "--source", POST, "--jobs", "2", "--no-progress")
    assert code == 0 and "verbatim" in out
    assert err.startswith("quotetrack: 1 documents, 14 claims, 0 errors")


def test_tablefmt(capsys):
    code, out, _ = run(capsys, "check", SEED, "--source", POST, "--tablefmt", "github")
    assert code == 0 and out.startswith("| claim")


def test_bad_source_exits_1_and_names_it(capsys, tmp_path):
    bad = tmp_path / "posts.jsonl"
    bad.write_text('{"id": "p1", "author": "A"}\n', encoding="utf-8")
    code, out, err = run(capsys, "check", SEED, "--source", str(bad), POST)
    assert code == 1
    assert err.splitlines()[0] == (f"quotetrack: error: {bad}:1: no \"text\" string in this "
                                   "object; add one")
    assert err.splitlines()[1].startswith("quotetrack: 1 documents, 14 claims")
    assert "verbatim" in out  # the other source was still used


def test_missing_article_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.txt"), "--source", POST)
    assert code == 1 and "no such file or directory" in err


@pytest.mark.parametrize("argv", [
    ["check", SEED, "--format", "xml"],
    ["check", "--source", POST],
    ["check", SEED, "--source"],
])
def test_bad_arguments_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_stdin_as_source_is_refused(capsys):
    code, _, err = run(capsys, "check", SEED, "--source", "-")
    assert code == 2 and "--source -" in err


def test_encoding_errors_and_rules_options(capsys, tmp_path):
    raw = tmp_path / "latin.txt"
    raw.write_bytes(b'Zelenskyy wrote, "Another wave of terrorist crimes." caf\xe9\n')
    assert run(capsys, "check", str(raw), "--source", POST)[0] == 1
    code, out, _ = run(capsys, "check", str(raw), "--source", POST,
                       "--encoding-errors", "replace")
    assert code == 0 and "verbatim" in out
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "extra.yaml").write_text(
        "spelling_variants:\n  - id: crime-variants\n    words: [[crimes, krimes]]\n"
        "    examples:\n      - {text: krimes, same_as: crimes}\n"
        "    counterexamples:\n      - {text: crime, same_as: crimes}\n", encoding="utf-8")
    variant = _article(tmp_path, 'Zelenskyy wrote, "Another wave of terrorist krimes."', "v.txt")
    code, out, _ = run(capsys, "check", variant, "--source", POST, "--rules", str(rules),
                       "--strict")
    assert code == 0 and "normalized" in out
