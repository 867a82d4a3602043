"""The graph command and the table/who options for collections of documents."""
import csv
import io
import json
import os
import stat
import xml.etree.ElementTree as ET

import pytest

from quotetrack.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = os.path.join(ROOT, "seeds", "kyiv-2025-02-01.txt")
FIXTURES = os.path.join(HERE, "fixtures", "graph")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_graph_json_is_the_default(capsys):
    code, out, err = run(capsys, "graph", SEED, "--quiet")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert len(data["nodes"]) == 23 and len(data["links"]) == 34
    assert data["graph"]["counts"]["part_of edges"] == 1


def test_graph_graphml_and_dot_to_a_file(capsys, tmp_path):
    target = tmp_path / "g.graphml"
    code, out, _ = run(capsys, "graph", SEED, FIXTURES, "--format", "graphml", "-o", str(target))
    assert code == 0 and out == ""
    root = ET.parse(str(target)).getroot()
    assert len(list(root.iter("{http://graphml.graphdrawing.org/xmlns}node"))) == 44
    code, out, _ = run(capsys, "graph", SEED, "--format", "dot")
    assert code == 0 and out.startswith("digraph claims {")


def test_graph_svg_without_graphviz_says_how_to_install_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    code, out, err = run(capsys, "graph", SEED, "--format", "svg")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("quotetrack: error: the Graphviz 'dot' program is needed")
    assert "apt-get install graphviz" in err


def test_graph_svg_and_png_through_dot(capsys, tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\ncat > /dev/null\necho "<svg><!-- $1 --></svg>"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    code, out, _ = run(capsys, "graph", SEED, "--format", "svg")
    assert code == 0 and out == "<svg><!-- -Tsvg --></svg>\n"
    target = tmp_path / "g.png"
    code, _, _ = run(capsys, "graph", SEED, "--format", "png", "-o", str(target))
    assert code == 0 and target.read_bytes() == b"<svg><!-- -Tpng --></svg>\n"


def test_graph_dot_failure_is_exit_1(capsys, tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run(capsys, "graph", SEED, "--format", "svg")
    assert code == 1 and "out of memory" in err


def test_graph_bad_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["graph", SEED, "--format", "gif"])
    assert info.value.code == 2


def test_table_new_columns_and_merged_speaker(capsys):
    code, out, _ = run(capsys, "table", SEED, FIXTURES, "--tablefmt", "github",
                       "--columns", "speaker,date,outlet,mode,doc,citation")
    assert code == 0
    assert out.splitlines()[0].split("|")[1].strip() == "speaker"
    assert "Volodymyr Zelenskyy, post on X, 2 February 2025, reported in kyiv-2025-02-02" in out
    assert "Zelensky " not in out and "Zelenskiy" not in out  # one name for the merged speaker


def test_table_group_by_speaker(capsys):
    code, out, _ = run(capsys, "table", SEED, FIXTURES, "--group-by", "speaker",
                       "--columns", "speaker,kind,doc", "--tablefmt", "plain")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["speaker", "kind", "doc"]
    zelenskyy = [n for n, line in enumerate(lines) if line.startswith("Volodymyr Zelenskyy")]
    assert len(zelenskyy) == 1  # the label once, then its twelve claims
    block = lines[zelenskyy[0]:zelenskyy[0] + 12]
    assert all(line.startswith(" ") for line in block[1:])
    assert {line.split()[-1] for line in block} == {
        "kyiv-2025-02-01", "kyiv-2025-02-02", "london-2025-02-04"}


def test_table_group_by_source_as_csv(capsys):
    code, out, _ = run(capsys, "table", SEED, FIXTURES, "--group-by", "source", "--format", "csv",
                       "--columns", "speaker,outlet,mode,citation")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["source", "speaker", "outlet", "mode", "citation"]
    groups = [r[0] for r in rows[1:]]
    assert groups[0] == "(no named source)"
    assert groups.count("CNN") == 3 and groups.count("X") == 3
    cnn = {r[1] for r in rows[1:] if r[0] == "CNN"}
    assert cnn == {"Oleksandr Kindratenko", "Hunter Biden"}


def test_table_json_grouped_and_flat(capsys):
    code, out, _ = run(capsys, "table", SEED, "--format", "json", "--group-by", "speaker",
                       "--columns", "claim,date,citation")
    data = json.loads(out)
    assert code == 0 and data[0]["group"] == "Volodymyr Zelenskyy"
    assert len(data[0]["claims"]) == 8 and set(data[0]["claims"][0]) == {"claim", "date",
                                                                         "citation"}
    code, out, _ = run(capsys, "table", SEED, "--format", "json", "--columns", "speaker")
    assert [r["speaker"] for r in json.loads(out)][:2] == ["Volodymyr Zelenskyy"] * 2


def test_table_unknown_column_is_exit_2(capsys):
    code, _, err = run(capsys, "table", SEED, "--columns", "speaker,outlett")
    assert code == 2 and "unknown column(s) outlett" in err and "outlet" in err


def test_who_merges_identities_across_documents(capsys):
    code, out, _ = run(capsys, "who", SEED, FIXTURES)
    assert code == 0
    head = out.splitlines()[0]
    assert head.startswith("Volodymyr Zelenskyy (person; Ukrainian President): 12 claims in "
                           "3 documents")
    known = out.splitlines()[1]
    assert known.startswith("  known as: ") and "Zelensky," in known and "Zelenskiy" in known
    assert "  roles: Ukrainian President (2025-02-01 to 2025-02-02)" in out
    assert "\nJoe Biden (person; President): 2 claims" in out
    assert "\nHunter Biden (person; president's son): 2 claims" in out
    assert "\nBiden (person): 1 claim in 1 document" in out


def test_who_single_document_is_unchanged_in_shape(capsys):
    code, out, _ = run(capsys, "who", SEED)
    assert out.startswith("Volodymyr Zelenskyy (person; Ukrainian President): 8 claims; "
                          "via X (post)\n  known as: ")
    assert "(kyiv-2025-02-01)" not in out
