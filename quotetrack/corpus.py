"""Read documents from files, directories, JSONL corpora and standard input.

Documents stream one at a time (a corpus is never held in memory). A
problem with one input (missing file, invalid UTF-8, a JSONL line that is
not JSON or has no ``text``) is yielded as an :class:`InputProblem` in its
place, so the caller reports it and carries on with the rest.

Text is decoded from bytes without newline translation: offsets in the
output are offsets into the text exactly as it was read (CRLF stays CRLF).
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import sys
import zlib
from typing import BinaryIO, Callable, Dict, Iterable, Iterator, Optional, Union

from attrs import frozen

from .records import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


@frozen
class InputProblem:
    """An input that could not be read; ``where`` is a path, path:line or doc id."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _decode(raw: bytes, where: str, errors: str) -> Union[str, InputProblem]:
    try:
        return raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as err:
        return InputProblem(where, f"invalid UTF-8 at byte offset {err.start}; "
                                   "fix the file or pass --encoding-errors replace")


BINARY_SNIFF_BYTES = 8192


def _looks_binary(head: bytes) -> bool:
    """NUL bytes in a file's head mean binary (or UTF-16) unless they are
    rare strays in otherwise valid UTF-8 text, as scraped text has."""
    nuls = head.count(b"\x00")
    if not nuls:
        return False
    if nuls >= 8 and nuls * 100 > len(head):  # UTF-16 is half NULs; text has strays
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return True
    return False


def _not_text(raw: bytes, where: str) -> Optional[InputProblem]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return InputProblem(where, "UTF-16 text (it starts with a UTF-16 byte-order mark); "
                                   "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8")
    if _looks_binary(raw[:BINARY_SNIFF_BYTES]):
        return InputProblem(where, "looks like a binary file (NUL bytes in the first "
                                   f"{BINARY_SNIFF_BYTES} bytes); skipped")
    return None


def _doc_id(path: str) -> str:
    name = os.path.basename(path)
    for suffix in (".gz",) + TEXT_SUFFIXES + JSONL_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name or path


def read_text_file(path: str, errors: str = "strict", doc_id: Optional[str] = None
                   ) -> Union[Document, InputProblem]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        return InputProblem(path, f"cannot read: {err.strerror}")
    problem = _not_text(raw, path)
    if problem is not None:
        return problem
    text = _decode(raw, path, errors)
    if isinstance(text, InputProblem):
        return text
    return Document(doc_id or _doc_id(path), text, {"path": path}, origin=path)


def read_jsonl(handle: BinaryIO, origin: str, errors: str = "strict", first_line: int = 1
               ) -> Iterator[Union[Document, InputProblem]]:
    """One document per line: ``{"id", "text", ...}``; other fields become metadata.

    ``first_line`` numbers the lines of a piece cut from a larger file, so
    locations and default ids are those of the whole file.
    """
    for number, raw in enumerate(handle, first_line):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        line = _decode(raw, where, errors)
        if isinstance(line, InputProblem):
            yield line
            continue
        if number == 1:
            line = line.lstrip("\ufeff")  # a byte-order mark before the first object
        try:
            # strict=False: a raw control character inside a string (a tab, a
            # stray NUL from a scraper) is kept rather than losing the document
            obj = json.loads(line, strict=False)
        except json.JSONDecodeError as err:
            yield InputProblem(where, f"not JSON ({err.msg} at column {err.colno}); "
                                      "each line must be one JSON object")
            continue
        if not isinstance(obj, dict):
            yield InputProblem(where, "not a JSON object; each line must be {\"id\", \"text\", ...}")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield InputProblem(where, "no \"text\" string in this object; add one")
            continue
        lone = _LONE_SURROGATE.search(text)
        if lone:
            # JSON may escape half of a UTF-16 pair ("\ud800"): not a character,
            # and no UTF-8 output can hold it
            if errors != "replace":
                yield InputProblem(where, f"lone surrogate escape at character {lone.start()} of "
                                          "\"text\"; fix it or pass --encoding-errors replace")
                continue
            text = _LONE_SURROGATE.sub("\ufffd", text)
        doc_id = obj.get("id")
        doc_id = str(doc_id) if doc_id is not None else f"{_doc_id(origin)}:{number}"
        doc_id = _LONE_SURROGATE.sub("\ufffd", doc_id)
        meta = {k: v for k, v in obj.items() if k != "text"}
        yield Document(doc_id, text, meta, origin=where)


def _open_jsonl(path: str) -> BinaryIO:
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def input_files(path: str) -> Iterator[str]:
    """The files one command-line argument stands for, in reading order: a
    directory's text and JSONL files (recursively, sorted, hidden ones
    skipped), or the path itself."""
    if not os.path.isdir(path):
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .venv
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(JSONL_SUFFIXES + TEXT_SUFFIXES):
                yield os.path.join(root, name)


def file_size(path: str) -> int:
    """Bytes in a file; 0 when it cannot be read (reading it reports why)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_path(path: str, errors: str = "strict") -> Iterator[Union[Document, InputProblem]]:
    """Documents of one command-line argument (file, directory or ``-``)."""
    if path == "-":
        yield from read_stream(sys.stdin.buffer, "<stdin>", errors)
        return
    for name in input_files(path):
        yield from read_file(name, errors)


def read_file(path: str, errors: str = "strict") -> Iterator[Union[Document, InputProblem]]:
    """Documents of one file: a JSONL corpus (maybe gzipped) or one text."""
    if not os.path.exists(path):
        yield InputProblem(path, "no such file or directory")
        return
    if path.endswith(JSONL_SUFFIXES):
        try:
            with _open_jsonl(path) as handle:
                yield from read_jsonl(handle, path, errors)
        except (OSError, EOFError, zlib.error) as err:  # BadGzipFile, truncated gzip
            yield InputProblem(path, f"cannot read: {getattr(err, 'strerror', None) or err}; "
                                     "the documents before this point were read")
        return
    yield read_text_file(path, errors)


def read_stream(handle: BinaryIO, origin: str, errors: str = "strict"
                ) -> Iterator[Union[Document, InputProblem]]:
    """Standard input: JSONL when it starts with ``{``, else one text document."""
    head = handle.peek(512)[:512] if hasattr(handle, "peek") else b""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from read_jsonl(handle, origin, errors)
        return
    raw = handle.read()
    problem = _not_text(raw, origin)
    text = problem or _decode(raw, origin, errors)
    if isinstance(text, InputProblem):
        yield text
    else:
        yield Document("stdin", text, {}, origin=origin)


def note_duplicate_ids(items: Iterable[Union[Document, InputProblem]],
                       report: Callable[[Document, str], None]
                       ) -> Iterator[Union[Document, InputProblem]]:
    """Pass ``items`` through, calling ``report(document, first_origin)`` for a
    document whose id an earlier one already had. Both are kept: ids come from
    the user's data, and renaming one would break the link back to it."""
    seen: Dict[str, str] = {}
    for item in items:
        if isinstance(item, Document):
            if item.id in seen:
                report(item, seen[item.id])
            else:
                seen[item.id] = item.origin or item.id
        yield item


def read_documents(paths: Iterable[str], errors: str = "strict"
                   ) -> Iterator[Union[Document, InputProblem]]:
    """Every document of every path, in order; problems in their place."""
    for path in paths:
        yield from read_path(path, errors)
