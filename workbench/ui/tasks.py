"""Run core's long functions off the GUI thread, one lane at a time (design §7, style §3).

A ``TaskRunner`` is one lane (``open``, ``index``, …) backed by a single-worker
``ThreadPoolExecutor``: a new request cancels the one before it, so only the newest result can
reach the window. Core functions stay plain ``fn(..., progress=, cancel=)``; this module adapts
them to Qt signals. Workers never touch widgets: they only emit the private ``_reported`` and
``_progress`` signals, which Qt queues onto the GUI thread because the runner lives there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.errors import Cancelled, WorkbenchError
from workbench.core.progress import CancelToken

log = logging.getLogger(__name__)

# Faster progress than this starves the GUI thread of the GIL: a cancel then lands only after
# the job is done (measured in notes/style.md §2.3).
PROGRESS_INTERVAL_S = 0.05
THREAD_PREFIX = "workbench-lane"

_OK, _FAILED, _CANCELLED = "ok", "failed", "cancelled"


def dispose(result: object) -> None:
    """Release a result nobody will use (Bundle: temp folder, LineIndex: mapping)."""
    close = getattr(result, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # a failing cleanup must not take the GUI down; it is only logged
            log.exception("could not close a dropped %s", type(result).__name__)


class _Throttle:
    """Worker-side progress callback: forwards at most one report per ``PROGRESS_INTERVAL_S``."""

    def __init__(self, emit: Callable[[int, int, str], None], token: CancelToken) -> None:
        self._emit = emit
        self._token = token
        self._last = 0.0

    def __call__(self, done: int, total: int, note: str = "") -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_S or self._token.cancelled:
            return
        self._last = now
        self._emit(int(done), int(total), str(note))


class TaskRunner(QObject):
    """One lane of background work with generation numbers.

    Signals (all delivered on the GUI thread, only for the current generation):
        progressed(gen, done, total, note): at most 20 per second; ``total`` 0 means unknown.
        finished(gen, result): the function's return value.
        failed(gen, message): a WorkbenchError's text, or "internal error: …" for a bug (logged).
        cancelled(gen): the request was cancelled and ended (its result, if any, was closed).
    """

    progressed = Signal(int, int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)

    # Emitted from the worker thread; queued to the GUI thread where staleness is decided.
    _progress = Signal(int, int, int, str)
    _reported = Signal(int, str, object)

    def __init__(self, lane: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lane = lane
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{THREAD_PREFIX}-{lane}")
        self._generation = 0
        self._token = CancelToken()
        self._running = 0  # requests submitted and not yet reported back on the GUI thread
        self._closed = False
        self._progress.connect(self._on_progress)
        self._reported.connect(self._on_reported)

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        """True while a request of this lane has not yet been reported back."""
        return self._running > 0

    def start(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
        """Run ``fn(*args, progress=…, cancel=…, **kwargs)`` after cancelling the previous request."""
        if self._closed:
            raise RuntimeError(f"task lane {self.lane!r} is shut down")
        self._token.cancel()
        self._generation += 1
        self._token = CancelToken()
        self._running += 1
        self._executor.submit(self._work, self._generation, self._token, fn, args, kwargs)
        return self._generation

    def cancel(self) -> None:
        """Ask the current request to stop; ``cancelled`` follows once the worker notices."""
        self._token.cancel()

    def shutdown(self) -> None:
        """Cancel, wait for the worker thread to end, and drop whatever it still reports."""
        self._closed = True
        self._token.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)

    # -- worker thread -------------------------------------------------------------------------

    def _work(self, gen: int, token: CancelToken, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        if token.cancelled:  # replaced while it waited in the queue: do not even begin
            self._reported.emit(gen, _CANCELLED, None)
            return
        progress = _Throttle(lambda d, t, n: self._progress.emit(gen, d, t, n), token)
        try:
            result = fn(*args, progress=progress, cancel=token, **kwargs)
        except Cancelled:
            self._reported.emit(gen, _CANCELLED, None)
        except WorkbenchError as exc:
            self._reported.emit(gen, _CANCELLED if token.cancelled else _FAILED, str(exc))
        except Exception as exc:
            # Files vanish when a cancelled job's bundle is closed under it: that is a cancel, not a bug.
            if token.cancelled:
                self._reported.emit(gen, _CANCELLED, None)
                return
            log.exception("internal error in %s lane (%s)", self.lane, threading.current_thread().name)
            self._reported.emit(gen, _FAILED, f"internal error: {type(exc).__name__}: {exc}")
        else:
            if token.cancelled:  # finished just as it was cancelled: nobody wants it any more
                dispose(result)
                result = None
            self._reported.emit(gen, _CANCELLED if token.cancelled else _OK, result)

    # -- GUI thread ----------------------------------------------------------------------------

    @Slot(int, int, int, str)
    def _on_progress(self, gen: int, done: int, total: int, note: str) -> None:
        if gen == self._generation and not self._closed and not self._token.cancelled:
            self.progressed.emit(gen, done, total, note)

    @Slot(int, str, object)
    def _on_reported(self, gen: int, status: str, payload: object) -> None:
        self._running -= 1
        if gen != self._generation or self._closed:
            dispose(payload)  # stale: a newer request replaced it
            return
        if status == _OK and self._token.cancelled:
            # The user pressed Cancel after the work ended but before this arrived: honour the cancel.
            dispose(payload)
            status = _CANCELLED
        if status == _OK:
            self.finished.emit(gen, payload)
        elif status == _FAILED:
            self.failed.emit(gen, str(payload))
        else:
            self.cancelled.emit(gen)
