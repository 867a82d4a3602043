"""Progress on stderr while a corpus runs, and the one-line summary after it.

The bar (tqdm) counts megabytes of document text, with documents and
documents per second beside it; it shows an ETA when the input's size is
known beforehand (plain files and directories; not stdin or gzip).
"""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, Optional, TextIO

from attrs import define

from .corpus import InputProblem, file_size, input_files
from .records import Extraction


def input_bytes(paths: Iterable[str]) -> Optional[int]:
    """The bytes the inputs hold, or None when that is unknown before reading."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        for name in input_files(path):
            if name.endswith(".gz"):
                return None
            total += file_size(name)
    return total


@define
class Tally:
    """What a run did, for the closing summary line."""

    documents: int = 0
    claims: int = 0
    errors: int = 0
    chars: int = 0
    started: float = 0.0
    kept: Optional[int] = None  # claims left after a filter (--speaker, --kinds, ...)

    def summary(self) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        mb = self.chars / 1e6
        claims = (f"{self.claims} claims" if self.kept is None
                  else f"{self.kept} of {self.claims} claims kept by the filters")
        return (f"quotetrack: {self.documents} documents, {claims}, "
                f"{self.errors} errors, {seconds:.1f} s "
                f"({self.documents / seconds:.1f} docs/s, {mb / seconds:.2f} MB/s)")


def tracked(results: Iterable, tally: Tally, show: bool, total_bytes: Optional[int] = None,
            stream: Optional[TextIO] = None) -> Iterator:
    """Pass results through, counting them into ``tally`` and drawing the bar."""
    stream = stream or sys.stderr
    tally.started = tally.started or time.perf_counter()
    bar = None
    if show:
        from tqdm import tqdm  # only when drawn: importing it costs a little
        bar = tqdm(total=total_bytes / 1e6 if total_bytes else None, unit="MB",
                   unit_scale=False, file=stream, dynamic_ncols=True, mininterval=0.5,
                   bar_format="{l_bar}{bar}| {n:.1f}/{total:.1f} MB "
                              "[{elapsed}<{remaining}, {rate_fmt}{postfix}]"
                   if total_bytes else "{n:.1f} MB [{elapsed}, {rate_fmt}{postfix}]")
    try:
        for result in results:
            if isinstance(result, InputProblem):
                tally.errors += 1
            elif isinstance(result, Extraction):
                tally.documents += 1
                tally.claims += len(result.claims)
                size = len(result.document.text)
                tally.chars += size
                if bar is not None:
                    bar.update(size / 1e6)
                    elapsed = time.perf_counter() - tally.started
                    bar.set_postfix_str(f"{tally.documents} docs, "
                                        f"{tally.documents / max(elapsed, 1e-9):.0f} docs/s",
                                        refresh=False)
            yield result
    finally:
        if bar is not None:
            bar.close()


def progress_wanted(flag: Optional[bool], stream: Optional[TextIO] = None) -> bool:
    """``--progress``/``--no-progress`` when given; otherwise only on a terminal."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())

