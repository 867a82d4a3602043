"""The Dask engine: partitions cut at line ends, and a local cluster on
loopback writing exactly what one process writes."""
import gzip
import json
import os

import pytest

from quotetrack.cli import main
from quotetrack.corpus import read_documents
from quotetrack.daskengine import (EngineError, plan_partitions, prepare_output,
                                   read_partition)

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(os.path.dirname(HERE), "seeds", "kyiv-2025-02-01.txt")


@pytest.fixture
def corpus_dir(tmp_path):
    with open(SEED, encoding="utf-8") as handle:
        text = handle.read()
    root = tmp_path / "in"
    (root / "texts").mkdir(parents=True)
    with open(root / "a.jsonl", "w", encoding="utf-8") as out:
        for i in range(9):
            out.write(json.dumps({"text": text[: 600 + 200 * i]}) + "\n")  # ids from line numbers
        out.write("not json\n")
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "gz-1", "text": text}) + "\n")
    for i in range(3):
        (root / "texts" / f"t{i}.txt").write_text(text[i * 500:], encoding="utf-8")
    return root


def _key(item):
    return (item.id, item.text) if hasattr(item, "text") else (item.where, item.message)


def test_partitions_cover_the_input_exactly_with_the_same_ids(corpus_dir):
    parts = plan_partitions([str(corpus_dir)], target_bytes=2000)
    assert len(parts) > 3
    assert [p.index for p in parts] == list(range(len(parts)))
    pieced = [_key(d) for p in parts for d in read_partition(p)]
    whole = [_key(d) for d in read_documents([str(corpus_dir)])]
    assert pieced == whole
    assert ("a:5", ) == tuple(k[0] for k in pieced if k[0] == "a:5")
    assert any(k[0].endswith("a.jsonl:10") for k in pieced)  # the bad line keeps its number


def test_stdin_is_refused():
    with pytest.raises(EngineError, match="stdin"):
        plan_partitions(["-"])


def test_output_directory_with_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(EngineError, match="notes.txt"):
        prepare_output(str(tmp_path))


def test_local_cluster_writes_what_one_process_writes(corpus_dir, tmp_path, capsys,
                                                      monkeypatch):
    pytest.importorskip("dask.distributed")
    import quotetrack.daskengine as engine
    monkeypatch.setattr(engine, "PARTITION_BYTES", 3000)  # several parts, two workers
    out_dir = tmp_path / "out"
    code = main(["extract", "--engine", "dask", "--jobs", "2", "-o", str(out_dir),
                 str(corpus_dir)])
    err = capsys.readouterr().err
    assert code == 1  # the line that is not JSON
    assert "a.jsonl:10" in err and "not JSON" in err
    parts = sorted(out_dir.glob("part-*.jsonl"))
    assert len(parts) > 2
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert [p["path"] for p in manifest["parts"]] == [p.name for p in parts]
    assert sum(p["documents"] for p in manifest["parts"]) == 13
    distributed = "".join(p.read_text(encoding="utf-8") for p in parts)
    assert main(["extract", "-q", "--jobs", "1", str(corpus_dir)]) == 1
    single = capsys.readouterr().out
    assert distributed == single and single


def test_cli_needs_an_output_directory_and_jsonl(capsys, corpus_dir):
    assert main(["extract", "--engine", "dask", str(corpus_dir)]) == 2
    assert "-o DIR" in capsys.readouterr().err
    assert main(["extract", "--engine", "dask", "--format", "table", "-o", "x",
                 str(corpus_dir)]) == 2
    assert "JSONL only" in capsys.readouterr().err
    assert main(["extract", "--scheduler", "tcp://127.0.0.1:1", SEED]) == 2
    assert "--engine dask" in capsys.readouterr().err
