"""Progress reporting and cancellation for long work, with no Qt.

Long operations are plain functions taking ``progress`` and ``cancel`` keyword arguments; the CLI
passes a terminal printer, the GUI an adapter that throttles signals (ui/tasks.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from workbench.core.errors import Cancelled

# progress(done, total, note): total may be 0 when unknown.
ProgressFn = Callable[[int, int, str], None]


def null_progress(done: int, total: int, note: str = "") -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """A thread-safe flag the worker polls once per chunk of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class _NeverCancelled(CancelToken):
    def cancel(self) -> None:  # a shared default must not be cancellable by one caller
        raise RuntimeError("NEVER cannot be cancelled; create a CancelToken")


NEVER: CancelToken = _NeverCancelled()


def scaled(progress: ProgressFn, start: int, span: int, total: int) -> ProgressFn:
    """Map a sub-task's 0..its_total onto start..start+span of a parent's 0..total."""

    def report(done: int, sub_total: int, note: str = "") -> None:
        fraction = done / sub_total if sub_total else 0.0
        progress(start + int(span * min(fraction, 1.0)), total, note)

    return report
