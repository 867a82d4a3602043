"""Read original sources (what speakers actually said) into Documents.

A source is:

- a plain text file (``.txt``, ``.text``, ``.md``): a transcript or a
  statement. It may open with ``key: value`` lines (``author``, ``platform``,
  ``date``, ``url``, ``title``) ended by a blank line; they become metadata
  and are not searched, but stay in the text so offsets are into the file as
  read;
- a JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``): one post or
  statement per line, ``{"id", "text", "author", "platform", "date", "url"}``
  (only ``text`` is required; other fields are kept as metadata);
- a JSON file (``.json``): one such object, or a list of them;
- a directory holding any of these (recursively).

The speaker of a source is its ``author`` (or ``speaker``, ``user``,
``username``; ``user`` may be ``{"name": ...}``). Problems are yielded as
:class:`~quotetrack.corpus.InputProblem` in place of the document.
"""
from __future__ import annotations

import json
import os
import re
from typing import Iterable, Iterator, Optional, Union

from .corpus import (JSONL_SUFFIXES, TEXT_SUFFIXES, InputProblem, _decode, read_path,
                     read_text_file)
from .records import Document

JSON_SUFFIXES = (".json",)
HEADER_KEYS = ("author", "speaker", "platform", "date", "url", "title")
AUTHOR_KEYS = ("author", "speaker", "user", "username")
_HEADER_LINE = re.compile(r"([A-Za-z]+)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*\r?\n")
_BLANK = re.compile(r"[ \t]*\r?\n")


def _with_header(doc: Document) -> Document:
    """A text source with its ``key: value`` header read into metadata."""
    text, pos, found = doc.text, 0, {}
    if text.startswith("\ufeff"):
        pos = 1
    while True:
        m = _HEADER_LINE.match(text, pos)
        if not m or m.group(1).lower() not in HEADER_KEYS:
            break
        found[m.group(1).lower()] = m.group(2)
        pos = m.end()
    blank = _BLANK.match(text, pos)
    if not found or not blank:  # no header, or the "header" was the first line of prose
        return doc
    meta = dict(doc.metadata, **found, body_start=blank.end())
    return Document(doc.id, doc.text, meta, doc.origin)


def _read_json(path: str, errors: str) -> Iterator[Union[Document, InputProblem]]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        yield InputProblem(path, f"cannot read: {err.strerror}")
        return
    text = _decode(raw, path, errors)
    if isinstance(text, InputProblem):
        yield text
        return
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        yield InputProblem(f"{path}:{err.lineno}", f"not JSON ({err.msg} at column "
                                                   f"{err.colno}); give one object or a list")
        return
    items = value if isinstance(value, list) else [value]
    stem = os.path.basename(path)[: -len(".json")]
    for number, obj in enumerate(items, 1):
        where = f"{path}: item {number}"
        if not isinstance(obj, dict):
            yield InputProblem(where, "not a JSON object; each item must be {\"text\", ...}")
            continue
        if not isinstance(obj.get("text"), str):
            yield InputProblem(where, "no \"text\" string in this object; add one")
            continue
        doc_id = obj.get("id")
        doc_id = str(doc_id) if doc_id is not None else (
            stem if len(items) == 1 else f"{stem}:{number}")
        yield Document(doc_id, obj["text"], {k: v for k, v in obj.items() if k != "text"},
                       origin=where)


def read_source_path(path: str, errors: str = "strict"
                     ) -> Iterator[Union[Document, InputProblem]]:
    """Source documents of one path (file or directory)."""
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.endswith(
                        JSONL_SUFFIXES + TEXT_SUFFIXES + JSON_SUFFIXES):
                    yield from read_source_path(os.path.join(root, name), errors)
        return
    if path.endswith(JSON_SUFFIXES) and os.path.exists(path):
        yield from _read_json(path, errors)
        return
    if path.endswith(TEXT_SUFFIXES):
        item = read_text_file(path, errors)
        yield _with_header(item) if isinstance(item, Document) else item
        return
    for item in read_path(path, errors):
        yield _with_header(item) if isinstance(item, Document) and item.origin == path else item


def read_sources(paths: Iterable[str], errors: str = "strict"
                 ) -> Iterator[Union[Document, InputProblem]]:
    """Every source document of every path, in order; problems in their place."""
    for path in paths:
        yield from read_source_path(path, errors)


def source_author(doc: Document) -> Optional[str]:
    """Who said the source's words, when its metadata says."""
    for key in AUTHOR_KEYS:
        value = doc.metadata.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def source_platform(doc: Document) -> Optional[str]:
    value = doc.metadata.get("platform")
    return value.strip() if isinstance(value, str) and value.strip() else None


def body_start(doc: Document) -> int:
    """Where the searchable text starts (after a text source's header)."""
    value = doc.metadata.get("body_start", 0)
    return value if isinstance(value, int) and 0 <= value <= len(doc.text) else 0
