"""Search in the shown rows: the *search* lane finds every hit, the view steps through them.

The hits are view rows (a numpy array), so next/previous is a binary search, and a new filter
result re-runs the search on the new rows. The delegate paints the hits of visible rows with the
same pattern compiled by Python's ``re`` (Rust and Python agree on the common syntax; where they
do not, rows are still found, only not painted).
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.logs.view import LogRows
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.tasks import TaskRunner


def find_hits(rows: LogRows, pattern: str, ignore_case: bool, *, progress: ProgressFn = null_progress,
              cancel: CancelToken = NEVER) -> np.ndarray:
    """Worker side: the view rows whose raw line matches."""
    return rows.search(pattern, ignore_case, progress=progress, cancel=cancel)


def python_pattern(pattern: str, ignore_case: bool) -> re.Pattern[str] | None:
    """``pattern`` for painting, or None when Python cannot compile it."""
    if not pattern:
        return None
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return None


class LogSearch(QObject):
    """Signals:
        finished(count): the hits of the current pattern in the current rows are known.
        progressed(note): "searching: N matches so far".
        failed(message): the search could not run.
    """

    finished = Signal(int)
    progressed = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner("search", self)
        self.pattern = ""
        self.ignore_case = False
        self.hits = np.zeros(0, dtype=np.int64)
        self.ready = True  # the hits belong to the current rows and pattern
        self._rows: LogRows | None = None
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.progressed.connect(lambda _gen, _done, _total, note: self.progressed.emit(note))

    @property
    def regex(self) -> re.Pattern[str] | None:
        return python_pattern(self.pattern, self.ignore_case)

    def set_rows(self, rows: LogRows | None) -> None:
        self._rows = rows
        self._restart()

    def set_pattern(self, pattern: str, ignore_case: bool) -> None:
        self.pattern, self.ignore_case = pattern, ignore_case
        self._restart()

    def _restart(self) -> None:
        self.hits = np.zeros(0, dtype=np.int64)
        if not self.pattern or self._rows is None:
            self.runner.cancel()
            self.ready = True
            self.finished.emit(0)
            return
        self.ready = False
        self.runner.start(find_hits, self._rows, self.pattern, self.ignore_case)

    def step(self, current: int, forward: bool) -> int | None:
        """The next (or previous) hit after row ``current``, wrapping around; None without hits."""
        if not len(self.hits):
            return None
        if forward:
            at = int(np.searchsorted(self.hits, current, side="right"))
            return int(self.hits[at % len(self.hits)])
        at = int(np.searchsorted(self.hits, current, side="left")) - 1
        return int(self.hits[at % len(self.hits)])

    def ordinal(self, row: int) -> int | None:
        """1-based number of hit ``row`` among the hits, or None when it is not one."""
        at = int(np.searchsorted(self.hits, row))
        return at + 1 if at < len(self.hits) and self.hits[at] == row else None

    def shutdown(self) -> None:
        self.runner.shutdown()

    @Slot(int, object)
    def _on_runner_finished(self, _gen: int, hits: object) -> None:
        self.hits = np.asarray(hits, dtype=np.int64)
        self.ready = True
        self.finished.emit(len(self.hits))

    @Slot(int, str)
    def _on_runner_failed(self, _gen: int, message: str) -> None:
        self.ready = True
        self.failed.emit(message)
