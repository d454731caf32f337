"""The left side of the cases window: filter box, status filter, and the case table.

Typing in the filter box is debounced (style habit 11) and filters the model's rows; the selection
survives refreshes because the model moves rows instead of resetting (see ``CaseListModel``).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.cases.model import STATUSES
from workbench.ui.cases.case_list_model import ACTIVE, ALL, CaseIdRole, CaseListModel
from workbench.ui.widgets.tables import list_table

FILTER_DEBOUNCE_MS = 150
_COLUMN_WIDTHS = (34, 172, 40, 230, 120, 80, 80, 120)


class CaseListPanel(QWidget):
    """Signals: ``current_changed(case_id)`` (0 when none is selected), ``new_case_requested()``."""

    current_changed = Signal(int)
    new_case_requested = Signal()

    def __init__(self, model: CaseListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by customer, title, product, owner or #id")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Active cases", ACTIVE)
        self.status_combo.addItem("All cases", ALL)
        for status in STATUSES:
            self.status_combo.addItem(status.replace("_", " ").capitalize(), status)
        self.new_button = QPushButton("New case from bundle…", self)
        self.count_label = QLabel(self)
        self.table = self._make_table()
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DEBOUNCE_MS)
        self._build_layout()
        self._connect()
        self._on_model_rows_changed()

    def _make_table(self) -> QTableView:
        table = list_table(self, self.model, widths=_COLUMN_WIDTHS, stretch_last=True)
        table.setShowGrid(False)
        table.horizontalHeader().setMinimumSectionSize(30)
        return table

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(lambda _text: self._debounce.start())
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_changed)
        self.new_button.clicked.connect(self.new_case_requested)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._on_model_rows_changed)

    def current_case_id(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(CaseIdRole)) if rows else 0

    def select_case(self, case_id: int) -> bool:
        """Select the row of ``case_id`` (False when the filter hides it)."""
        row = self.model.row_of(case_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def apply_filter_now(self) -> None:
        """Apply the typed filter without waiting for the debounce."""
        self._debounce.stop()
        self.model.set_filter(text=self.filter_edit.text())

    @Slot()
    def _on_debounce_timeout(self) -> None:
        self.model.set_filter(text=self.filter_edit.text())

    @Slot(int)
    def _on_status_combo_changed(self, _index: int) -> None:
        self.model.set_filter(status=self.status_combo.currentData())

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.current_changed.emit(self.current_case_id())

    @Slot()
    @Slot(QModelIndex, int, int)
    def _on_model_rows_changed(self, *_args: object) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count} case{'s' * (count != 1)}")
