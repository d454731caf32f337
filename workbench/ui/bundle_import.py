"""Bundle import: ``open_bundle`` in the *open* lane behind a modal progress dialog with Cancel.

Import may block the window (design §7, ``ModalLaneJob``): the user has nothing to look at until
the files are listed. Nothing here touches the bundle that is already open: the window swaps bundles only when
``opened`` arrives, so an error or a cancel leaves the user exactly where they were.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workbench.core.bundle import Bundle, open_bundle
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.settings import Settings
from workbench.ui.modal_job import ModalLaneJob


def load_bundle(path: str, *, progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> Bundle:
    """Worker side of the import: the user's limits apply, as in ``workbench analyze``."""
    return open_bundle(path, limits=Settings.load().limits, progress=progress, cancel=cancel)


class BundleImporter(ModalLaneJob):
    """Opens one bundle at a time, in the *open* lane.

    Signals:
        opened(bundle): a new bundle is ready; the receiver owns it and must close it.
        failed(path, message): the bundle cannot be used; the message is meant for the user.
        cancelled(path): the user pressed Cancel (whatever was opened meanwhile is already closed).
    """

    opened = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal(str)
    dialog_width = 460  # bundle paths are long

    def __init__(self, window: QWidget) -> None:
        super().__init__("open", window)
        self._path = ""

    def start(self, path: str | Path) -> None:
        """Begin importing ``path``; a previous import still running is cancelled."""
        self._path = str(path)
        self._run(f"Opening {Path(path).name or str(path)} …", "Opening bundle", load_bundle, self._path)

    def _job_finished(self, result: object) -> None:
        self.opened.emit(result)

    def _job_failed(self, message: str) -> None:
        self.failed.emit(self._path, message)

    def _job_cancelled(self) -> None:
        self.cancelled.emit(self._path)
