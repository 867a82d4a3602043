"""The same pipeline as a Dask bag, for corpora one machine cannot take.

The driver only plans: it cuts the inputs into partitions (groups of text
files, line-aligned byte ranges of JSONL files, whole gzip files) and sends
those small descriptions to the workers, which read their own part of the
files, run the pipeline and write ``part-NNNNN.jsonl`` into the output
directory. Workers therefore need the inputs and the output directory at
the same paths as the driver (a shared or network file system on a real
cluster). The parts, concatenated in order, are exactly what
``quotetrack extract`` writes in one process.

Dask is an optional extra: ``pip install 'quotetrack[dask]'``.
"""
from __future__ import annotations

import glob
import io
import json
import os
from typing import Iterator, List, Optional, Sequence, Union

from attrs import frozen

from .budget import Limits
from .corpus import (JSONL_SUFFIXES, InputProblem, file_size, input_files, read_file,
                     read_jsonl)
from .output import write_jsonl
from .records import Document
from .ruleset import load_rules
from .runner import extract_one

PARTITION_BYTES = 32_000_000
MANIFEST = "manifest.json"


class EngineError(Exception):
    """The engine cannot run as asked (Dask missing, stdin input, no scheduler)."""


@frozen
class Partition:
    """A piece of the input a worker reads by itself."""

    index: int
    files: tuple  # text files, or the one JSONL file
    start: int = 0  # byte range of a JSONL file (end -1: to its end)
    end: int = -1
    first_line: int = 1


@frozen
class PartitionReport:
    index: int
    path: str
    documents: int
    claims: int
    chars: int
    problems: tuple  # "where: message" lines


def plan_partitions(paths: Sequence[str], target_bytes: int = PARTITION_BYTES
                    ) -> List[Partition]:
    """Partitions of about ``target_bytes`` each, in input order."""
    parts: List[Partition] = []
    texts: List[str] = []
    texts_size = 0

    def flush_texts() -> None:
        nonlocal texts, texts_size
        if texts:
            parts.append(Partition(len(parts), tuple(texts)))
            texts, texts_size = [], 0

    for path in paths:
        if path == "-":
            raise EngineError("--engine dask reads files, not stdin; save the input to a "
                              "file first")
        for name in input_files(path):
            if not name.endswith(JSONL_SUFFIXES):
                texts.append(name)
                texts_size += file_size(name)
                if texts_size >= target_bytes:
                    flush_texts()
                continue
            flush_texts()
            if name.endswith(".gz") or not os.path.exists(name):
                parts.append(Partition(len(parts), (name,)))
                continue
            for start, end, first in _line_ranges(name, target_bytes):
                parts.append(Partition(len(parts), (name,), start, end, first))
    flush_texts()
    return parts


def _line_ranges(path: str, target: int) -> Iterator[tuple]:
    """(start byte, end byte, first line number) pieces cut at line ends."""
    start = position = 0
    first = number = 1
    with open(path, "rb") as handle:
        for line in handle:
            position += len(line)
            number += 1
            if position - start >= target:
                yield start, position, first
                start, first = position, number
    if position > start or position == 0:
        yield start, position, first


def read_partition(part: Partition, errors: str = "strict"
                   ) -> Iterator[Union[Document, InputProblem]]:
    if part.end < 0:
        for name in part.files:
            yield from read_file(name, errors)
        return
    (name,) = part.files
    try:
        with open(name, "rb") as handle:
            handle.seek(part.start)
            piece = handle.read(part.end - part.start)
    except OSError as err:
        yield InputProblem(name, f"cannot read: {err.strerror}")
        return
    yield from read_jsonl(io.BytesIO(piece), name, errors, part.first_line)


def part_path(outdir: str, index: int) -> str:
    return os.path.join(outdir, f"part-{index:05d}.jsonl")


def run_partition(part: Partition, outdir: str, rule_dirs: Sequence[str] = (),
                  errors: str = "strict", limits: Limits = Limits()) -> PartitionReport:
    """Run on a worker: read, extract and write one partition.

    Dask runs tasks in worker threads, where no ``SIGALRM`` budget can be set:
    ``limits.max_chars`` applies, ``limits.timeout`` does not.
    """
    rules = load_rules(list(rule_dirs))  # cached: compiled once per worker process
    documents = claims = chars = 0
    problems = []
    target = part_path(outdir, part.index)
    with open(target + ".tmp", "w", encoding="utf-8", newline="\n") as out:
        for item in read_partition(part, errors):
            result = extract_one(item, rules, limits) if isinstance(item, Document) else item
            if isinstance(result, InputProblem):
                problems.append(str(result))
                continue
            documents += 1
            claims += len(result.claims)
            chars += len(result.document.text)
            write_jsonl(result, out)
    os.replace(target + ".tmp", target)  # a part is there whole or not at all
    return PartitionReport(part.index, target, documents, claims, chars, tuple(problems))


def prepare_output(outdir: str) -> None:
    """Create the directory; old parts of an earlier run are removed, anything
    else in it is refused rather than mixed with the new output."""
    os.makedirs(outdir, exist_ok=True)
    ours = set(glob.glob(os.path.join(outdir, "part-*.jsonl*"))) | {
        os.path.join(outdir, MANIFEST)}
    others = [n for n in os.listdir(outdir) if os.path.join(outdir, n) not in ours]
    if others:
        raise EngineError(f"{outdir} holds other files ({others[0]}, ...); give an empty or "
                          "new directory for --output")
    for name in ours:
        if os.path.exists(name):
            os.remove(name)


def extract_with_dask(paths: Sequence[str], outdir: str, rule_dirs: Sequence[str] = (),
                      errors: str = "strict", scheduler: Optional[str] = None,
                      workers: Optional[int] = None,
                      partition_bytes: int = PARTITION_BYTES,
                      limits: Limits = Limits()) -> List[PartitionReport]:
    """Run the pipeline over ``paths`` as a Dask bag; parts land in ``outdir``.

    ``scheduler`` is the address of a running Dask scheduler
    (``tcp://host:8786``); without it a local cluster of ``workers``
    processes is started on the loopback interface and stopped at the end.
    """
    try:
        import dask.bag as bag
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'quotetrack[dask]'") from None
    load_rules(list(rule_dirs))  # bad rules fail here, once, not on every worker
    parts = plan_partitions(paths, partition_bytes)
    inside = [name for part in parts for name in part.files
              if os.path.realpath(name).startswith(os.path.realpath(outdir) + os.sep)]
    if inside:
        raise EngineError(f"{inside[0]} is an input inside the output directory {outdir}; "
                          "write the output elsewhere")
    prepare_output(outdir)
    outdir = os.path.abspath(outdir)
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    else:
        cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        if not parts:
            reports: List[PartitionReport] = []
        else:
            pieces = bag.from_sequence(parts, npartitions=len(parts))
            reports = pieces.map(run_partition, outdir=outdir, rule_dirs=tuple(rule_dirs),
                                 errors=errors, limits=limits).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    reports = sorted(reports, key=lambda r: r.index)
    with open(os.path.join(outdir, MANIFEST), "w", encoding="utf-8") as out:
        json.dump({"parts": [{"path": os.path.basename(r.path), "documents": r.documents,
                              "claims": r.claims, "problems": list(r.problems)}
                             for r in reports]}, out, indent=1)
        out.write("\n")
    return reports
