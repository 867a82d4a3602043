"""SpanIndex answers as a scan of every stored span would, across chunk splits."""
import random

import pytest

from quotetrack import spanindex
from quotetrack.records import Span
from quotetrack.spanindex import SpanIndex


def _free_spans(rng, count, length):
    """Non-overlapping spans (some empty) in random order, as the matcher adds them."""
    cuts = sorted(rng.sample(range(length), 2 * count))
    spans = [Span(cuts[2 * k], cuts[2 * k + 1] if rng.random() > 0.1 else cuts[2 * k])
             for k in range(count)]
    rng.shuffle(spans)
    return spans


@pytest.mark.parametrize("chunk", [1, 2, 3, 256])
def test_answers_match_a_scan_of_every_span(monkeypatch, chunk):
    monkeypatch.setattr(spanindex, "CHUNK", chunk)
    rng = random.Random(chunk)
    for _ in range(30):
        stored = _free_spans(rng, rng.randint(0, 40), 400)
        index = SpanIndex(stored)
        if chunk < 10 and len(stored) > 6 * chunk:
            assert len(index.heads) > 1  # the index was split into chunks
        for _ in range(60):
            a = rng.randint(0, 410)
            probe = Span(a, a + rng.randint(0, 30))
            expected = sorted((s for s in stored if s.end > s.start and probe.end > probe.start
                               and s.start < probe.end and s.end > probe.start),
                              key=lambda s: s.start)
            assert index.overlapping(probe) == expected, (stored, probe)
            assert index.overlaps(probe) == bool(expected)
            assert index.covers(a) == any(s.start <= a < s.end for s in stored)


def test_an_empty_index_holds_nothing():
    index = SpanIndex()
    assert index.overlapping(Span(0, 5)) == [] and not index.overlaps(Span(0, 5))
    assert not index.covers(0)


def test_adding_many_spans_all_over_the_text_keeps_chunks_small():
    # a quadratic list insert was 1.4 s of a 2 MB document's 10 s
    index = SpanIndex()
    order = list(range(20000))
    random.Random(1).shuffle(order)
    for k in order:
        index.add(Span(3 * k, 3 * k + 2))
    assert max(map(len, index.starts)) <= 2 * spanindex.CHUNK
    assert [s for c in index.starts for s in c] == [3 * k for k in range(20000)]
