"""The cases window: the case list on the left, the selected case on the right.

The list and the open case's clocks are recomputed every 30 s (and after every change) so the SLA
colours move on their own while the window is open. All store access is on the GUI thread except
the bundle analysis of a new case, which runs in the *cases* lane on its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox, QWidget

from workbench.core.cases.model import utc_now
from workbench.core.cases.policy import SlaPolicy, load_policy
from workbench.core.cases.store import CaseStore
from workbench.core.errors import WorkbenchError
from workbench.ui.cases.case_list import CaseListPanel
from workbench.ui.cases.case_list_model import CaseListModel
from workbench.ui.cases.case_view import CaseView
from workbench.ui.cases.intake import BUNDLE_FILTER, CaseIntake, NewCaseDialog
from workbench.ui.widgets.panes import split_panes

TITLE = "Cases — RTC Support Workbench"
REFRESH_MS = 30_000


class CasesWindow(QMainWindow):
    """Signals: ``open_bundle_requested(path)`` and ``evidence_requested(path, file, line)`` for the log
    viewer of the main window; ``case_created(case_id)`` once a new case is stored and listed."""

    open_bundle_requested = Signal(str)
    evidence_requested = Signal(str, str, int)
    case_created = Signal(int)

    def __init__(self, store: CaseStore | None = None, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = utc_now, policy: SlaPolicy | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._owns_store = store is None
        self.store = store if store is not None else CaseStore()
        self.now = now
        self._fixed_policy = policy
        self._policy: SlaPolicy | None = policy
        self.quiet = False  # tests: report intake errors through signals only, never a blocking box
        self._last_dir = str(Path.home())
        self.list_model = CaseListModel(self, now=now, policy=lambda: self._policy)
        self.case_list = CaseListPanel(self.list_model, self)
        self.view = CaseView(self.store, self, now=now, policy=lambda: self._policy)
        self.intake = CaseIntake(self.store.path, self)
        self.refresh_timer = QTimer(self, interval=REFRESH_MS)
        self._build_layout()
        self._build_actions()
        self._connect()
        self.refresh()
        self.refresh_timer.start()

    def _build_layout(self) -> None:
        self.setCentralWidget(split_panes(self, Qt.Orientation.Horizontal, (self.case_list, self.view),
                                          stretch=(0, 1), sizes=(600, 800)))
        screen = QGuiApplication.primaryScreen()
        width, height = 1380, 820
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)
        self.statusBar().showMessage("Cases in " + str(self.store.path))

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&Case")
        for text, shortcut, slot in (("New case from bundle…", QKeySequence.StandardKey.New, self.new_case),
                                     ("Refresh", QKeySequence.StandardKey.Refresh, self.refresh),
                                     ("Close", QKeySequence.StandardKey.Close, self.close)):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)

    def _connect(self) -> None:
        self.refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self.case_list.current_changed.connect(self._on_case_list_current_changed)
        self.case_list.new_case_requested.connect(self.new_case)
        self.view.changed.connect(self._on_view_changed)
        self.view.open_bundle_requested.connect(self.open_bundle_requested)
        self.view.evidence_requested.connect(self.evidence_requested)
        self.intake.created.connect(self._on_intake_created)
        self.intake.failed.connect(self._on_intake_failed)
        self.intake.cancelled.connect(self.refresh)

    # -- data ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the cases and recompute every SLA state; the selection stays where it is."""
        if self._fixed_policy is None:
            try:
                self._policy = load_policy()
            except WorkbenchError as exc:  # a broken sla.json: keep the last good targets, say why
                self.statusBar().showMessage(f"SLA settings not reloaded: {exc}")
        entries = [(case, self.store.events(case.id)) for case in self.store.list_cases()]
        self.list_model.set_cases(entries)
        self.view.refresh_clocks()

    @Slot()
    def _on_refresh_timer_timeout(self) -> None:
        self.refresh()

    def select_case(self, case_id: int) -> bool:
        """Show ``case_id``; the status filter widens to all cases when it would hide it."""
        if self.list_model.row_of(case_id) < 0:
            self.case_list.filter_edit.clear()
            self.case_list.apply_filter_now()
            self.case_list.status_combo.setCurrentIndex(self.case_list.status_combo.findData("all"))
        return self.case_list.select_case(case_id)

    @Slot(int)
    def _on_case_list_current_changed(self, case_id: int) -> None:
        if case_id == self.view.case_id:
            return
        if case_id:
            self.view.load(case_id)
        else:
            self.view.clear()

    @Slot(int)
    def _on_view_changed(self, _case_id: int) -> None:
        self.refresh()

    # -- new case ------------------------------------------------------------------------------

    @Slot()
    def new_case(self) -> None:
        """Pick a bundle, describe the case, analyse and store it in the background."""
        path, _chosen = QFileDialog.getOpenFileName(self, "New case from bundle", self._last_dir, BUNDLE_FILTER)
        if not path:
            return
        self._last_dir = str(Path(path).parent)
        dialog = NewCaseDialog(Path(path), self.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.intake.start(dialog.request())
        self.statusBar().showMessage(f"Analysing {Path(path).name} …")

    @Slot(int)
    def _on_intake_created(self, case_id: int) -> None:
        self.refresh()
        self.select_case(case_id)
        self.statusBar().showMessage(f"Case #{case_id} created", 5000)
        self.case_created.emit(case_id)

    @Slot(str)
    def _on_intake_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"No case created: {message}")
        if not self.quiet:
            QMessageBox.warning(self, "No case created", message)

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the open draft, stop the timers and the lane; close the store if this window opened it."""
        self.view.editor.save()
        self.refresh_timer.stop()
        self.intake.shutdown()
        if self._owns_store:
            self.store.close()
        super().closeEvent(event)
