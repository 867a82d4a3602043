"""Limits on one document: its size and the time spent on it.

A corpus scraped from the web holds the odd 200 MB "article" (a log, a data
dump) and, however carefully the rules are written, some text may be slow;
neither may hold up the run. A document over the size limit is reported and
skipped before any work is done on it (not truncated: half an article gives
claims that look complete and are not). The time budget interrupts the
document's extraction with ``SIGALRM`` (``signal.setitimer``) in the process
doing the work, so it works in worker processes and with ``--jobs 1`` alike;
the regular expression engine checks for signals while it matches, so a
slow match is interrupted too. Where there is no ``SIGALRM`` (Windows) or
the work runs outside the main thread, the budget is not enforced.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator, Optional

import attrs

DEFAULT_MAX_DOC_CHARS = 5_000_000
DEFAULT_DOC_TIMEOUT = 300.0


@attrs.frozen
class Limits:
    """``max_chars``/``timeout`` of None (or 0) mean no limit."""

    max_chars: Optional[int] = DEFAULT_MAX_DOC_CHARS
    timeout: Optional[float] = DEFAULT_DOC_TIMEOUT


NO_LIMITS = Limits(None, None)


class DocumentTimeout(BaseException):
    """The time budget ran out. A BaseException, so that no ``except
    Exception`` inside the pipeline can swallow it and carry on."""


def too_large(length: int, limits: Limits) -> Optional[str]:
    """Why a document of ``length`` characters is skipped, or None."""
    if limits.max_chars and length > limits.max_chars:
        return (f"{length} characters, more than the {limits.max_chars} allowed; skipped "
                "(raise --max-doc-chars to process it)")
    return None


def budget_enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: Optional[float]) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this block after ``seconds``.

    The previous ``SIGALRM`` handler is restored after the block; when the
    caller has an interval timer of its own running, no budget is enforced.
    """
    if not seconds or not budget_enforceable() or signal.getitimer(signal.ITIMER_REAL)[0]:
        # the caller's own alarm clock is running: leave it alone
        yield
        return

    def expired(signum, frame):
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
