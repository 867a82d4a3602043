"""Reading inputs: files, directories, JSONL (plain and gzip), stdin, and bad input."""
import gzip
import io
import json

from quotetrack.corpus import InputProblem, read_documents, read_stream


def test_text_file_keeps_crlf_offsets(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b'Line one.\r\n"We win," he said.\r\n')
    [doc] = read_documents([str(path)])
    assert doc.id == "a" and "\r\n" in doc.text


def test_directory_is_recursive_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two", encoding="utf-8")
    (tmp_path / "1.txt").write_text("one", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    assert [d.text for d in read_documents([str(tmp_path)])] == ["one", "two"]


def test_jsonl_and_gzip_keep_metadata_and_report_bad_lines(tmp_path):
    lines = [json.dumps({"id": "x", "text": "Hello.", "date": "2024-01-02"}), "not json",
             json.dumps({"id": "y"}), json.dumps({"text": "No id."})]
    plain = tmp_path / "c.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packed = tmp_path / "c.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    for path in (plain, packed):
        items = list(read_documents([str(path)]))
        assert items[0].id == "x" and items[0].metadata["date"] == "2024-01-02"
        assert isinstance(items[1], InputProblem) and items[1].where == f"{path}:2"
        assert "not JSON" in items[1].message
        assert isinstance(items[2], InputProblem) and "no \"text\"" in items[2].message
        assert items[3].id == "c:4"


def test_missing_file_and_invalid_utf8(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok \xff\xfe oops")
    missing, invalid = read_documents([str(tmp_path / "nope.txt"), str(bad)])
    assert isinstance(missing, InputProblem) and "no such file" in missing.message
    assert isinstance(invalid, InputProblem)
    assert "invalid UTF-8 at byte offset 3" in invalid.message
    [replaced] = read_documents([str(bad)], errors="replace")
    assert "\ufffd" in replaced.text


def test_stdin_text_or_jsonl():
    [doc] = read_stream(io.BufferedReader(io.BytesIO(b"Plain text.")), "<stdin>")
    assert doc.id == "stdin" and doc.text == "Plain text."
    data = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    docs = list(read_stream(io.BufferedReader(io.BytesIO(data)), "<stdin>"))
    assert [d.id for d in docs] == ["s1", "s2"]


def test_lone_surrogate_escape_is_reported_or_replaced(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "t", "text": "\\"We \\ud800 win,\\" Smith said."}\n'
                    '{"id": "u", "text": "Fine."}\n', encoding="utf-8")
    bad, good = read_documents([str(path)])
    assert isinstance(bad, InputProblem) and "lone surrogate" in bad.message
    assert good.id == "u"
    replaced, _ = read_documents([str(path)], errors="replace")
    assert replaced.text == "\"We \ufffd win,\" Smith said."


def test_damaged_gzip_keeps_the_rest(tmp_path):
    packed = tmp_path / "c.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "x", "text": "Hello."}) + "\n" * 2000)
    data = packed.read_bytes()
    packed.write_bytes(data[: len(data) // 2])
    other = tmp_path / "a.txt"
    other.write_text("After.", encoding="utf-8")
    items = list(read_documents([str(packed), str(other)]))
    assert isinstance(items[-2], InputProblem) and items[-1].text == "After."


def test_hidden_directories_and_bom_first_line(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "c.jsonl").write_bytes(b'\xef\xbb\xbf{"id": "b", "text": "With BOM."}\n')
    assert [d.id for d in read_documents([str(tmp_path)])] == ["b"]
