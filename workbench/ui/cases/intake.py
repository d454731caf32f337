"""A new case from a customer's bundle: a small dialog, then ``new_case_from_bundle`` in the *cases* lane.

The worker opens its own ``CaseStore`` on the same file: a SQLite connection belongs to the thread
that made it, and WAL lets the GUI's connection keep reading (and autosaving) meanwhile. As with a
bundle import (design §7), a modal progress dialog with Cancel appears after 400 ms. Cancel stops
the job before the case is written; once the analysis has begun the case is written as one
transaction, and a late Cancel only stops the window from jumping to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QProgressDialog,
    QWidget,
)

from workbench.core.cases.intake import new_case_from_bundle
from workbench.core.cases.model import CHANNELS, PRIORITIES
from workbench.core.cases.store import CaseStore
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.cases.timeline import from_qdatetime, to_qdatetime
from workbench.ui.tasks import TaskRunner

SHOW_AFTER_MS = 400
BUNDLE_FILTER = "Bundles (*.zip *.tar *.tar.gz *.tgz *.gz *.log *.txt);;All files (*)"


@dataclass
class IntakeRequest:
    """What the dialog collected; ``priority`` None means "the diagnosis' suggestion"."""

    path: Path
    customer: str
    channel: str
    priority: str | None
    received: datetime


def create_case(db_path: Path, request: IntakeRequest, *, progress: ProgressFn = null_progress,
                cancel: CancelToken = NEVER) -> int:
    """Worker side: analyse the bundle and store the case on a connection of this thread; the case id."""
    cancel.raise_if_cancelled()
    progress(0, 0, f"Analysing {request.path.name} …")
    with CaseStore(db_path) as store:
        case = new_case_from_bundle(store, request.path, customer=request.customer, channel=request.channel,
                                    priority=request.priority, received=request.received)
    return case.id


class NewCaseDialog(QDialog):
    """Customer, channel, priority (default: the diagnosis' suggestion) and when the case came in."""

    def __init__(self, path: Path, received: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle("New case from bundle")
        self.customer = QLineEdit(self)
        self.customer.setPlaceholderText("Company or customer name")
        self.channel = QComboBox(self)
        for channel in CHANNELS:
            self.channel.addItem(channel.replace("_", " "), channel)
        self.priority = QComboBox(self)
        self.priority.addItem("Suggested by the diagnosis", None)
        for priority in PRIORITIES:
            self.priority.addItem(priority, priority)
        self.received = QDateTimeEdit(to_qdatetime(received), self)
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received.setCalendarPopup(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.customer.textChanged.connect(self._on_customer_text_changed)
        form = QFormLayout(self)
        form.addRow("Bundle", QLabel(self.path.name, self))
        form.addRow("Customer", self.customer)
        form.addRow("Channel", self.channel)
        form.addRow("Priority", self.priority)
        form.addRow("Received", self.received)
        form.addRow(self.buttons)
        self._on_customer_text_changed("")
        self.resize(420, 0)

    @Slot(str)
    def _on_customer_text_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def request(self) -> IntakeRequest:
        return IntakeRequest(path=self.path, customer=self.customer.text().strip(),
                             channel=self.channel.currentData(), priority=self.priority.currentData(),
                             received=from_qdatetime(self.received.dateTime()))


class CaseIntake(QObject):
    """Runs one intake at a time. Signals: ``created(case_id)``, ``failed(message)``, ``cancelled()``."""

    created = Signal(int)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db_path: Path, window: QWidget) -> None:
        super().__init__(window)
        self.db_path = Path(db_path)
        self._window = window
        self.runner = TaskRunner("cases", self)
        self.dialog: QProgressDialog | None = None
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.cancelled.connect(self._on_runner_cancelled)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self, request: IntakeRequest) -> None:
        self._close_dialog()
        self.dialog = self._make_dialog(request.path.name)
        self.runner.start(create_case, self.db_path, request)

    def shutdown(self) -> None:
        self._close_dialog()
        self.runner.shutdown()

    def _make_dialog(self, name: str) -> QProgressDialog:
        dialog = QProgressDialog(f"Analysing {name} …", "Cancel", 0, 0, self._window)
        dialog.setWindowTitle("New case")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        bar = QProgressBar(dialog)  # our own bar: QProgressDialog.setValue() would run processEvents()
        dialog.setBar(bar)
        dialog.setMinimumWidth(420)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setValue(0)  # starts the "show after SHOW_AFTER_MS" timer
        bar.setRange(0, 0)  # analysis reports no totals: a busy bar
        dialog.canceled.connect(self.runner.cancel)
        return dialog

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.runner.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        self.dialog = None

    @Slot(int, int, int, str)
    def _on_runner_progressed(self, _gen: int, _done: int, _total: int, note: str) -> None:
        if self.dialog is not None and note:
            self.dialog.setLabelText(note if len(note) <= 80 else f"…{note[-79:]}")

    @Slot(int, object)
    def _on_runner_finished(self, _gen: int, case_id: object) -> None:
        self._close_dialog()
        self.created.emit(int(case_id))  # type: ignore[call-overload]

    @Slot(int, str)
    def _on_runner_failed(self, _gen: int, message: str) -> None:
        self._close_dialog()
        self.failed.emit(message)

    @Slot(int)
    def _on_runner_cancelled(self, _gen: int) -> None:
        self._close_dialog()
        self.cancelled.emit()
