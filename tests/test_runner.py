"""Running a stream of documents in worker processes: same results, in order,
lazily, and a document that fails or kills its worker loses nothing else."""
import itertools
import os

import pytest

from quotetrack import runner
from quotetrack.corpus import InputProblem
from quotetrack.records import Document, Extraction
from quotetrack.runner import extract_stream

ARTICLE = ('Officials met on Monday. "We will not give up," the mayor said. '
           'Jane Doe, a spokeswoman for the agency, said the plan was delayed.\n\n')


def corpus(n, marker=None):
    for i in range(n):
        text = ARTICLE * (1 + i % 3) + f"Document number {i}."
        yield Document(marker if marker is not None and i == 7 else f"doc-{i}", text)


def dicts(results):
    return [(r.document.id, [c.to_dict() for c in r.claims]) if isinstance(r, Extraction)
            else ("problem", r.where, r.message) for r in results]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    # many batches from a small corpus, so the pool and its ordering are exercised
    monkeypatch.setattr(runner, "BATCH_DOCUMENTS", 3)


def test_workers_give_the_same_results_in_input_order():
    one = dicts(extract_stream(corpus(40), jobs=1))
    two = dicts(extract_stream(corpus(40), jobs=2))
    assert two == one
    assert [d[0] for d in two] == [f"doc-{i}" for i in range(40)]
    assert all(d[1] for d in one)


def test_unordered_gives_the_same_results_in_any_order():
    one = dicts(extract_stream(corpus(40), jobs=1))
    loose = dicts(extract_stream(corpus(40), jobs=2, ordered=False))
    assert sorted(loose) == sorted(one)


def test_input_problems_keep_their_place():
    items = list(corpus(10))
    items.insert(4, InputProblem("corpus.jsonl:5", "not JSON"))
    out = list(extract_stream(items, jobs=2))
    assert isinstance(out[4], InputProblem) and out[4].where == "corpus.jsonl:5"
    assert [r.document.id for r in out if isinstance(r, Extraction)] == [f"doc-{i}" for i in range(10)]


def test_the_input_is_read_lazily():
    pulled = itertools.count()

    def endless():
        for i in itertools.count():
            next(pulled)
            yield Document(f"doc-{i}", ARTICLE)

    results = extract_stream(endless(), jobs=2)
    first = list(itertools.islice(results, 5))
    results.close()
    assert [r.document.id for r in first] == [f"doc-{i}" for i in range(5)]
    # bounded read-ahead: a few batches per worker, not the whole (endless) corpus
    assert next(pulled) <= 2 * runner.BATCHES_PER_WORKER * 3 + 2 * 3


def _raising_for(bad_id):
    real = runner.extract_document

    def extract(document, rules):
        if document.id == bad_id:
            raise ValueError("boom")
        return real(document, rules)
    return extract


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_document_is_reported_and_the_others_kept(monkeypatch, jobs):
    monkeypatch.setattr(runner, "extract_document", _raising_for("bad"))
    out = list(extract_stream(corpus(20, marker="bad"), jobs=jobs))
    problems = [r for r in out if isinstance(r, InputProblem)]
    assert len(problems) == 1 and "'bad' failed: ValueError: boom" in problems[0].message
    assert len([r for r in out if isinstance(r, Extraction)]) == 19
    assert isinstance(out[7], InputProblem)


def test_a_document_that_kills_its_worker_loses_nothing_else(monkeypatch):
    real = runner.extract_document

    def extract(document, rules):
        if document.id == "die":
            os._exit(3)  # what a segfault or the OOM killer looks like from outside
        return real(document, rules)

    monkeypatch.setattr(runner, "extract_document", extract)
    out = list(extract_stream(corpus(20, marker="die"), jobs=2))
    assert len(out) == 20
    assert isinstance(out[7], InputProblem) and "worker process died" in out[7].message
    ids = [r.document.id for r in out if isinstance(r, Extraction)]
    assert ids == [f"doc-{i}" for i in range(20) if i != 7]


def test_a_single_batch_runs_in_this_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("no worker pool for one batch")
    monkeypatch.setattr(runner, "_Pool", no_pool)
    out = list(extract_stream(corpus(2), jobs=2))
    assert [r.document.id for r in out] == ["doc-0", "doc-1"]


def test_default_jobs_is_at_least_one():
    assert runner.default_jobs() >= 1
