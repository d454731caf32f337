"""Bundle import: ``open_bundle`` in the *open* lane behind a modal progress dialog with Cancel.

Import is the one job allowed to block the window (design §7): the user has nothing to look at
until the files are listed. The dialog appears only after 400 ms so a small bundle opens without a
flash. Nothing here touches the bundle that is already open: the window swaps bundles only when
``opened`` arrives, so an error or a cancel leaves the user exactly where they were.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from workbench.core.bundle import Bundle, open_bundle
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.settings import Settings
from workbench.ui.tasks import TaskRunner

SHOW_AFTER_MS = 400
_STEPS = 1000  # progress is shown in per-mille: byte totals do not fit a QProgressBar's int


def load_bundle(path: str, *, progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> Bundle:
    """Worker side of the import: the user's limits apply, as in ``workbench analyze``."""
    return open_bundle(path, limits=Settings.load().limits, progress=progress, cancel=cancel)


class BundleImporter(QObject):
    """Opens one bundle at a time.

    Signals:
        opened(bundle): a new bundle is ready; the receiver owns it and must close it.
        failed(path, message): the bundle cannot be used; the message is meant for the user.
        cancelled(path): the user pressed Cancel (whatever was opened meanwhile is already closed).
    """

    opened = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.runner = TaskRunner("open", self)
        self.dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self._path = ""
        self.runner.progressed.connect(self._on_progressed)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self, path: str | Path) -> None:
        """Begin importing ``path``; a previous import still running is cancelled."""
        self._path = str(path)
        self._close_dialog()
        self.dialog = self._make_dialog(Path(path).name or str(path))
        self.runner.start(load_bundle, self._path)

    def cancel(self) -> None:
        self.runner.cancel()

    def shutdown(self) -> None:
        self._close_dialog()
        self.runner.shutdown()

    def _make_dialog(self, name: str) -> QProgressDialog:
        dialog = QProgressDialog(f"Opening {name} …", "Cancel", 0, 0, self._window)
        dialog.setWindowTitle("Opening bundle")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        # Our own bar, updated directly: QProgressDialog.setValue() runs processEvents() when the
        # dialog is modal, and that re-entrancy is exactly what design §7 forbids.
        self._bar = QProgressBar(dialog)
        dialog.setBar(self._bar)
        dialog.setMinimumWidth(460)
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
    def _on_progressed(self, _gen: int, done: int, total: int, note: str) -> None:
        if self.dialog is None or self._bar is None:
            return
        if total > 0:
            self._bar.setRange(0, _STEPS)
            self._bar.setValue(min(_STEPS, done * _STEPS // total))
        else:
            self._bar.setRange(0, 0)  # unknown total (listing archive entries): busy indicator
        if note:
            self.dialog.setLabelText(note if len(note) <= 80 else f"…{note[-79:]}")

    @Slot(int, object)
    def _on_finished(self, _gen: int, bundle: object) -> None:
        self._close_dialog()
        self.opened.emit(bundle)

    @Slot(int, str)
    def _on_failed(self, _gen: int, message: str) -> None:
        self._close_dialog()
        self.failed.emit(self._path, message)

    @Slot(int)
    def _on_cancelled(self, _gen: int) -> None:
        self._close_dialog()
        self.cancelled.emit(self._path)
