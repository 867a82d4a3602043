"""Non-overlapping spans kept sorted, for overlap tests in O(log n).

Claims never overlap one another, so "does this span touch a claim?" needs
only the neighbours found by bisection, not a scan of every claim: the
stages that ask it stay linear in the length of a long document.
"""
from __future__ import annotations

import bisect
from typing import Iterable, List

from .records import Span


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.starts: List[int] = []
        self.ends: List[int] = []
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        i = bisect.bisect_left(self.starts, span.start)
        self.starts.insert(i, span.start)
        self.ends.insert(i, span.end)

    def overlapping(self, span: Span) -> List[Span]:
        """Stored spans that share a character with ``span``.

        Stored spans never overlap one another (claims, cues and speaker
        mentions are only stored when free), so at most one of them starts
        before ``span`` and reaches into it: the one just before.
        """
        found = []
        i = bisect.bisect_right(self.starts, span.start) - 1
        if i >= 0 and self.ends[i] > span.start and span.end > span.start:
            found.append(Span(self.starts[i], self.ends[i]))
        j = i + 1
        while j < len(self.starts) and self.starts[j] < span.end:
            if self.ends[j] > self.starts[j]:
                found.append(Span(self.starts[j], self.ends[j]))
            j += 1
        return found

    def overlaps(self, span: Span) -> bool:
        """Whether ``overlapping(span)`` finds any, without building the spans:
        the matcher asks it for every candidate match."""
        starts, ends = self.starts, self.ends
        i = bisect.bisect_right(starts, span.start) - 1
        if i >= 0 and ends[i] > span.start and span.end > span.start:
            return True
        j = i + 1
        while j < len(starts) and starts[j] < span.end:
            if ends[j] > starts[j]:
                return True
            j += 1
        return False

    def covers(self, offset: int) -> bool:
        """Whether a stored span holds the character at ``offset``: then any
        non-empty span starting there overlaps it (``overlaps`` says True)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and self.ends[i] > offset
