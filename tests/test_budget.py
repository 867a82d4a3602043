"""Per-document limits: too large is skipped unread, too slow is interrupted,
and either way the other documents' results are kept."""
import re
import signal
import threading
import time

import pytest

from quotetrack import runner
from quotetrack.budget import DocumentTimeout, Limits, time_budget, too_large
from quotetrack.corpus import InputProblem
from quotetrack.records import Document, Extraction
from quotetrack.runner import extract_one, extract_stream

ARTICLE = '"We will not give up," the mayor said. Jane Doe said the plan was delayed.\n\n'


def corpus(n, special=7, special_id="slow", special_text=None):
    for i in range(n):
        if i == special:
            yield Document(special_id, special_text or ARTICLE, origin=f"c.jsonl:{i + 1}")
        else:
            yield Document(f"doc-{i}", ARTICLE + f"Document number {i}.")


def test_the_budget_interrupts_python_code_and_restores_the_handler():
    before = signal.getsignal(signal.SIGALRM)
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout):
        with time_budget(0.2):
            while True:
                pass
    assert time.perf_counter() - started < 5
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_interrupts_a_runaway_regular_expression():
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout):
        with time_budget(0.2):
            re.match(r"(a+)+$", "a" * 60 + "!")  # 2**60 paths
    assert time.perf_counter() - started < 5


def test_no_budget_outside_the_main_thread_or_when_a_timer_runs():
    seen = []

    def work():
        with time_budget(0.01):
            time.sleep(0.05)
        seen.append("done")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == ["done"]
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with time_budget(0.01):
            time.sleep(0.05)  # the caller's timer is left alone, no DocumentTimeout
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 90
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_a_fast_document_is_untouched_by_the_budget(rules):
    result = extract_one(Document("d", ARTICLE), rules, Limits(None, 30))
    assert isinstance(result, Extraction) and result.claims
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _stuck_on(bad_id):
    real = runner.extract_document

    def extract(document, rules):
        if document.id == bad_id:
            while True:  # stands for any text that is too slow
                pass
        return real(document, rules)
    return extract


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_document_is_reported_and_the_run_moves_on(monkeypatch, jobs):
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(runner, "extract_document", _stuck_on("slow"))
    out = list(extract_stream(corpus(12), jobs=jobs, limits=Limits(None, 0.5)))
    assert len(out) == 12
    assert isinstance(out[7], InputProblem)
    assert str(out[7]) == ("c.jsonl:8: document 'slow' took more than 0.5 s; skipped "
                           "(raise --doc-timeout to give it longer)")
    ids = [r.document.id for r in out if isinstance(r, Extraction)]
    assert ids == [f"doc-{i}" for i in range(12) if i != 7]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_size_limit_is_skipped_unsent(monkeypatch, jobs):
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 3)
    monkeypatch.setattr(runner, "extract_document", _stuck_on("big"))  # never reached
    big = "x" * 5000
    out = list(extract_stream(corpus(12, special_id="big", special_text=big), jobs=jobs,
                              limits=Limits(max_chars=1000)))
    assert str(out[7]) == ("c.jsonl:8: document 'big' has 5000 characters, more than the 1000 "
                           "allowed; skipped (raise --max-doc-chars to process it)")
    assert len([r for r in out if isinstance(r, Extraction)]) == 11


def test_size_limits():
    assert too_large(5_000_000, Limits()) is None
    assert too_large(5_000_001, Limits()).startswith("5000001 characters")
    assert too_large(10 ** 9, Limits(None, None)) is None
