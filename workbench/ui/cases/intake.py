"""A new case from a customer's bundle: a small dialog, then ``new_case_from_bundle`` in the *cases* lane.

The worker opens its own ``CaseStore`` on the same file: a SQLite connection belongs to the thread
that made it, and WAL lets the GUI's connection keep reading (and autosaving) meanwhile. As with a
bundle import (design §7, ``ModalLaneJob``), a modal progress dialog with Cancel appears after
400 ms. Cancel stops the job before the case is written; once the analysis has begun the case is
written as one transaction, and a late Cancel only stops the window from jumping to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from workbench.core.cases.intake import new_case_from_bundle
from workbench.core.cases.model import CHANNELS, PRIORITIES
from workbench.core.cases.store import CaseStore
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.cases.timeline import from_qdatetime, to_qdatetime
from workbench.ui.modal_job import ModalLaneJob

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


class CaseIntake(ModalLaneJob):
    """Runs one intake at a time, in the *cases* lane. Signals: ``created(case_id)``, ``failed(message)``,
    ``cancelled()``."""

    created = Signal(int)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db_path: Path, window: QWidget) -> None:
        super().__init__("cases", window)
        self.db_path = Path(db_path)

    def start(self, request: IntakeRequest) -> None:
        self._run(f"Analysing {request.path.name} …", "New case", create_case, self.db_path, request)

    def _job_finished(self, result: object) -> None:
        self.created.emit(int(result))  # type: ignore[call-overload]

    def _job_failed(self, message: str) -> None:
        self.failed.emit(message)

    def _job_cancelled(self) -> None:
        self.cancelled.emit()
