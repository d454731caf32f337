"""One job at a time in a task lane, behind a modal progress dialog with Cancel (design §7).

Opening a bundle and making a case from one are the jobs allowed to block the window: the user
has nothing to look at until they are done. The dialog appears only after ``SHOW_AFTER_MS`` so a
small job ends without a flash, and it goes as soon as the job ends whichever way it ends.
``BundleImporter`` and ``CaseIntake`` are this with their own texts and signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from workbench.ui.tasks import TaskRunner

SHOW_AFTER_MS = 400
NOTE_CHARS = 80  # a longer progress note shows its end: the file name, not the folders above it
_STEPS = 1000  # progress is shown in per-mille: byte totals do not fit a QProgressBar's int


class ModalLaneJob(QObject):
    """Runs one job at a time in lane ``lane``; ``dialog`` is the progress dialog while one runs.

    A subclass starts jobs with ``_run`` and says what happens when one ends: ``_job_finished``,
    ``_job_failed`` and ``_job_cancelled`` (the dialog is closed before each is called).
    """

    dialog_width = 420

    def __init__(self, lane: str, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.runner = TaskRunner(lane, self)
        self.dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def cancel(self) -> None:
        self.runner.cancel()

    def shutdown(self) -> None:
        self._close_dialog()
        self.runner.shutdown()

    def _run(self, label: str, title: str, fn: Callable[..., Any], *args: Any) -> None:
        """Start ``fn(*args)`` behind a new dialog saying ``label``; a job still running is cancelled."""
        self._close_dialog()
        self.dialog = self._make_dialog(label, title)
        self.runner.start(fn, *args)

    def _make_dialog(self, label: str, title: str) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self._window)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        # Our own bar, updated directly: QProgressDialog.setValue() runs processEvents() when the
        # dialog is modal, and that re-entrancy is exactly what design §7 forbids.
        self._bar = QProgressBar(dialog)
        dialog.setBar(self._bar)
        dialog.setMinimumWidth(self.dialog_width)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setValue(0)  # the first setValue(minimum) starts the "show after SHOW_AFTER_MS" timer
        self._bar.setRange(0, 0)  # busy until the first progress with a known total
        dialog.canceled.connect(self.runner.cancel)
        return dialog

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.runner.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = self._bar = None

    @Slot(int, int, int, str)
    def _on_runner_progressed(self, _gen: int, done: int, total: int, note: str) -> None:
        if self.dialog is None or self._bar is None:
            return
        if total > 0:
            self._bar.setRange(0, _STEPS)
            self._bar.setValue(min(_STEPS, done * _STEPS // total))
        else:
            self._bar.setRange(0, 0)  # unknown total (listing archive entries, analysing): busy indicator
        if note:
            self.dialog.setLabelText(note if len(note) <= NOTE_CHARS else f"…{note[1 - NOTE_CHARS:]}")

    @Slot(int, object)
    def _on_runner_finished(self, _gen: int, result: object) -> None:
        self._close_dialog()
        self._job_finished(result)

    @Slot(int, str)
    def _on_runner_failed(self, _gen: int, message: str) -> None:
        self._close_dialog()
        self._job_failed(message)

    @Slot(int)
    def _on_runner_cancelled(self, _gen: int) -> None:
        self._close_dialog()
        self._job_cancelled()

    def _job_finished(self, result: object) -> None:
        raise NotImplementedError

    def _job_failed(self, message: str) -> None:
        raise NotImplementedError

    def _job_cancelled(self) -> None:
        raise NotImplementedError
