"""Run the pipeline over a stream of documents, in one process or in many.

The input is read lazily and at most a few batches per worker are in flight,
so memory stays flat however long the corpus is. Results come back in input
order (or as they finish, with ``ordered=False``); a document that raises,
or even kills its worker process, is reported in its place and the others
are still processed. Each document is held to :class:`~quotetrack.budget.Limits`:
one too large is reported and skipped unread, one that runs out of time is
reported and the run moves on.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Deque, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from .budget import DocumentTimeout, Limits, time_budget, too_large
from .corpus import InputProblem
from .pipeline import extract_document
from .records import Document, Extraction
from .ruleset import RuleSet, load_rules

Item = Union[Document, InputProblem]
Result = Union[Extraction, InputProblem]

# a batch amortises the cost of sending work to a process; small enough that
# a slow batch does not hold back the ordered output for long
BATCH_DOCUMENTS = 32
BATCH_CHARS = 256_000
BATCHES_PER_WORKER = 3


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def failure(document: Document, err: BaseException) -> InputProblem:
    return InputProblem(document.origin or document.id,
                        f"document {document.id!r} failed: {type(err).__name__}: {err}")


def extract_one(document: Document, rules: RuleSet, limits: Limits = Limits()) -> Result:
    """One document's extraction, or the problem that stopped it."""
    oversize = _oversize(document, limits)
    if oversize is not None:
        return oversize
    try:
        with time_budget(limits.timeout):
            return extract_document(document, rules)
    except DocumentTimeout:
        return InputProblem(document.origin or document.id,
                            f"document {document.id!r} took more than {limits.timeout:g} s; "
                            "skipped (raise --doc-timeout to give it longer)")
    except Exception as err:  # one bad document never loses the others
        return failure(document, err)


def _oversize(document: Document, limits: Limits) -> Optional[InputProblem]:
    why = too_large(len(document.text), limits)
    if why is None:
        return None
    return InputProblem(document.origin or document.id, f"document {document.id!r} has {why}")


def _screen(items: Iterable[Item], limits: Limits) -> Iterator[Item]:
    """Oversized documents become problems here, before they are sent anywhere."""
    for item in items:
        if isinstance(item, Document):
            yield _oversize(item, limits) or item
        else:
            yield item


def extract_stream(items: Iterable[Item], rules: Optional[RuleSet] = None, jobs: int = 1,
                   ordered: bool = True, rule_dirs: Sequence[str] = (),
                   limits: Limits = Limits()) -> Iterator[Result]:
    """Extractions (and input problems, in their place) for a stream of documents.

    With ``jobs`` > 1 the documents run in that many worker processes, each
    loading and compiling the rules (``rule_dirs`` plus the bundled ones)
    once. A stream that fits in one batch runs here: starting workers would
    cost more than it saves. ``limits`` bound each document's size and time
    (by default 5,000,000 characters and 300 seconds).
    """
    batches = _batches(_screen(items, limits))
    head = [next(batches, None)]
    if head[0] is None:
        return
    if jobs > 1 and any(isinstance(i, Document) for i in head[0]):
        second = next(batches, None)
        if second is not None:
            yield from _Pool(jobs, tuple(rule_dirs), ordered, limits).run(
                _chain([head[0], second], batches))
            return
    rules = rules or load_rules(list(rule_dirs))
    for batch in _chain(head, batches):
        for item in batch:
            yield extract_one(item, rules, limits) if isinstance(item, Document) else item


def _chain(head: List, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _batches(items: Iterator[Item]) -> Iterator[List[Item]]:
    batch: List[Item] = []
    chars = 0
    for item in items:
        batch.append(item)
        if isinstance(item, Document):
            chars += len(item.text)
        if len(batch) >= BATCH_DOCUMENTS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


# ---------------------------------------------------------------- workers
_WORKER_RULES: Optional[RuleSet] = None


PARENT_CHECK_SECONDS = 0.5


def _start_worker(rule_dirs: Tuple[str, ...]) -> None:
    global _WORKER_RULES
    _exit_with_parent(os.getppid())
    _WORKER_RULES = load_rules(list(rule_dirs))


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (SIGKILL, the OOM killer) runs no clean-up: its
    workers would wait on the task queue for ever, holding its stdout open (a
    pipe reading it never ends). Exit once this process has been re-parented."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="quotetrack-parent-watch", daemon=True).start()


def _work(documents: List[Document], limits: Limits) -> List[Union[tuple, InputProblem]]:
    """Run in a worker: the document text is not sent back, only what was found."""
    out: List[Union[tuple, InputProblem]] = []
    for document in documents:
        result = extract_one(document, _WORKER_RULES, limits)
        out.append(result if isinstance(result, InputProblem)
                   else (result.meta, result.claims, result.speakers))
    return out


def _context():
    # fork shares the parent's compiled rules; elsewhere each worker compiles them
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class _Pool:
    def __init__(self, jobs: int, rule_dirs: Tuple[str, ...], ordered: bool,
                 limits: Limits) -> None:
        self.jobs, self.rule_dirs, self.ordered, self.limits = jobs, rule_dirs, ordered, limits
        self.executor = self._executor()

    def _executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_context(),
                                   initializer=_start_worker, initargs=(self.rule_dirs,))

    def run(self, batches: Iterator[List[Item]]) -> Iterator[Result]:
        pending: Deque[Tuple[List[Item], Optional[Future]]] = deque()
        limit = self.jobs * BATCHES_PER_WORKER
        try:
            for batch in batches:
                pending.append((batch, self._submit(batch)))
                while len(pending) >= limit:
                    yield from self._collect(pending, block=True)
                yield from self._collect(pending, block=False)
            while pending:
                yield from self._collect(pending, block=True)
        finally:
            for _, future in pending:
                if future is not None:
                    future.cancel()
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: List[Item]) -> Optional[Future]:
        documents = [i for i in batch if isinstance(i, Document)]
        return self.executor.submit(_work, documents, self.limits) if documents else None

    def _collect(self, pending: Deque, block: bool) -> Iterator[Result]:
        if self.ordered:
            while pending and (pending[0][1] is None or pending[0][1].done() or block):
                batch, future = pending.popleft()
                yield from self._results(batch, future)
                block = False
            return
        futures = [f for _, f in pending if f is not None]
        if block and futures and not any(f.done() for f in futures):
            wait(futures, return_when=FIRST_COMPLETED)
        for entry in [e for e in pending if e[1] is None or e[1].done()]:
            pending.remove(entry)
            yield from self._results(*entry)

    def _results(self, batch: List[Item], future: Optional[Future]) -> Iterator[Result]:
        try:
            found = iter(future.result()) if future is not None else iter(())
        except BrokenProcessPool:
            yield from self._rescue(batch)
            return
        for item in batch:
            if isinstance(item, InputProblem):
                yield item
                continue
            got = next(found)
            yield got if isinstance(got, InputProblem) else Extraction(item, *got)

    def _rescue(self, batch: List[Item]) -> Iterator[Result]:
        """A worker died (a crash, the OOM killer): redo the batch one document at
        a time in fresh workers, so only a document that kills its worker again
        is lost, and say which one it was."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._executor()
        for item in batch:
            if isinstance(item, InputProblem):
                yield item
                continue
            try:
                (got,) = self.executor.submit(_work, [item], self.limits).result()
            except BrokenProcessPool:
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._executor()
                yield InputProblem(item.origin or item.id,
                                   f"document {item.id!r} failed: its worker process died; "
                                   "run it alone to see why")
                continue
            yield got if isinstance(got, InputProblem) else Extraction(item, *got)
