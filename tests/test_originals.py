"""Reading original sources: text with a header, JSON, JSONL, directories."""
import json
import os

from quotetrack.corpus import InputProblem
from quotetrack.originals import body_start, read_sources, source_author, source_platform

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "check")


def test_text_source_header_becomes_metadata_and_offsets_stay_in_the_file():
    [doc] = read_sources([os.path.join(CHECK, "zelenskyy-address.txt")])
    assert doc.id == "zelenskyy-address"
    assert doc.metadata["author"] == "Volodymyr Zelenskyy" and doc.metadata["date"] == "2025-02-01"
    assert source_author(doc) == "Volodymyr Zelenskyy" and source_platform(doc) is None
    with open(os.path.join(CHECK, "zelenskyy-address.txt"), encoding="utf-8") as handle:
        assert doc.text == handle.read()
    assert doc.text[body_start(doc):].startswith("Every such act of terror")


def test_text_without_header_is_searched_whole(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text("Note: this line is prose, not a header.\nWe will win.\n", encoding="utf-8")
    [doc] = read_sources([str(path)])
    assert body_start(doc) == 0 and source_author(doc) is None


def test_jsonl_posts_keep_ids_and_metadata():
    [doc] = read_sources([os.path.join(CHECK, "x-post.jsonl")])
    assert doc.id == "zelenskyy-x-2025-02-01"
    assert source_author(doc) == "Volodymyr Zelenskyy" and source_platform(doc) == "X"
    assert doc.metadata["url"].startswith("https://x.com/")
    assert doc.text.startswith("Last night, Russia launched")


def test_json_list_and_object(tmp_path):
    listed = tmp_path / "statements.json"
    listed.write_text(json.dumps([{"id": "s1", "text": "One.", "user": {"name": "Jane Doe"}},
                                  {"text": "Two.", "speaker": "John Roe"}]), encoding="utf-8")
    single = tmp_path / "release.json"
    single.write_text(json.dumps({"text": "Three.", "author": "Ministry"}), encoding="utf-8")
    docs = list(read_sources([str(listed), str(single)]))
    assert [d.id for d in docs] == ["s1", "statements:2", "release"]
    assert [source_author(d) for d in docs] == ["Jane Doe", "John Roe", "Ministry"]


def test_directory_reads_every_kind_in_order():
    docs = list(read_sources([CHECK]))
    assert all(not isinstance(d, InputProblem) for d in docs)
    assert [d.id for d in docs][-1] == "zelenskyy-address"
    assert len(docs) == len(os.listdir(CHECK))


def test_problems_name_file_and_item(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "ok"}, {"author": "x"}, 3]', encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": ', encoding="utf-8")
    items = list(read_sources([str(bad), str(broken), str(tmp_path / "missing.jsonl")]))
    problems = [str(i) for i in items if isinstance(i, InputProblem)]
    assert problems[0] == f"{bad}: item 2: no \"text\" string in this object; add one"
    assert problems[1] == f"{bad}: item 3: not a JSON object; each item must be {{\"text\", ...}}"
    assert problems[2].startswith(f"{broken}:1: not JSON")
    assert problems[3] == f"{tmp_path / 'missing.jsonl'}: no such file or directory"
