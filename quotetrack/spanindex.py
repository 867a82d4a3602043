"""Non-overlapping spans kept sorted, for overlap tests in O(log n).

Claims never overlap one another, so "does this span touch a claim?" needs
only the neighbours found by bisection, not a scan of every claim: the
stages that ask it stay linear in the length of a long document.

The spans are kept in sorted chunks of at most ``2 * CHUNK``: one sorted
list took an insertion's cost in moving every later span along, which a 2
MB document (66,000 claims, cues and speakers, added rule by rule all over
the text) paid quadratically (1.4 s of its 10 s).
"""
from __future__ import annotations

import bisect
from typing import Iterable, Iterator, List, Tuple

from .records import Span

CHUNK = 256


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.heads: List[int] = []  # each chunk's first start
        self.starts: List[List[int]] = []
        self.ends: List[List[int]] = []
        # how many spans were added: what a caller derived from the index
        # holds while this is unchanged
        self.size = 0
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        self.size += 1
        if not self.heads:
            self.heads.append(span.start)
            self.starts.append([span.start])
            self.ends.append([span.end])
            return
        c = max(bisect.bisect_right(self.heads, span.start) - 1, 0)
        starts, ends = self.starts[c], self.ends[c]
        i = bisect.bisect_left(starts, span.start)
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        self.heads[c] = starts[0]
        if len(starts) > 2 * CHUNK:
            self.starts[c + 1:c + 1] = [starts[CHUNK:]]
            self.ends[c + 1:c + 1] = [ends[CHUNK:]]
            self.heads.insert(c + 1, starts[CHUNK])
            del starts[CHUNK:], ends[CHUNK:]

    def _last_at_or_before(self, offset: int) -> Tuple[int, int]:
        """(chunk, index) of the last stored span starting at or before
        ``offset``; the index is -1 when there is none."""
        c = max(bisect.bisect_right(self.heads, offset) - 1, 0)
        return c, bisect.bisect_right(self.starts[c], offset) - 1

    def _from(self, c: int, i: int) -> Iterator[Tuple[int, int]]:
        """The stored (start, end) pairs from position (chunk, index) on."""
        while c < len(self.starts):
            starts, ends = self.starts[c], self.ends[c]
            for k in range(i, len(starts)):
                yield starts[k], ends[k]
            c, i = c + 1, 0

    def overlapping(self, span: Span) -> List[Span]:
        """Stored spans that share a character with ``span``.

        Stored spans never overlap one another (claims, cues and speaker
        mentions are only stored when free), so at most one of them starts
        before ``span`` and reaches into it: the one just before.
        """
        if not self.heads:
            return []
        c, i = self._last_at_or_before(span.start)
        found = []
        if i >= 0 and self.ends[c][i] > span.start and span.end > span.start:
            found.append(Span(self.starts[c][i], self.ends[c][i]))
        for start, end in self._from(c, i + 1):
            if start >= span.end:
                break
            if end > start:
                found.append(Span(start, end))
        return found

    def overlaps(self, span: Span) -> bool:
        """Whether ``overlapping(span)`` finds any, without building the spans:
        the matcher asks it for every candidate match."""
        if not self.heads:
            return False
        c, i = self._last_at_or_before(span.start)
        if i >= 0 and self.ends[c][i] > span.start and span.end > span.start:
            return True
        for start, end in self._from(c, i + 1):
            if start >= span.end:
                return False
            if end > start:
                return True
        return False

    def covers(self, offset: int) -> bool:
        """Whether a stored span holds the character at ``offset``: then any
        non-empty span starting there overlaps it (``overlaps`` says True)."""
        if not self.heads:
            return False
        c, i = self._last_at_or_before(offset)
        return i >= 0 and self.ends[c][i] > offset
