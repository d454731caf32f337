"""The Events tab: the dump's API calls and callbacks in time order; a double-click jumps the log there."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from workbench.core.stats.model import Event
from workbench.ui.stats.table_model import ROW_ROLE, Column, RowTableModel, table_view


def _time(event: Event) -> str:
    return f"{event.time:%Y-%m-%d %H:%M:%S}.{event.time.microsecond // 1000:03d}"


EVENT_COLUMNS = [
    Column("Time (UTC)", _time), Column("PC", lambda e: e.pc or ""),
    Column("Type", lambda e: e.type), Column("Text", lambda e: e.text or e.value),
]


class EventsView(QWidget):
    """Signals:
        time_clicked(datetime): an event was double-clicked.
    """

    time_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events: list[Event] = []
        self.pc_id = ""
        self.model = RowTableModel(EVENT_COLUMNS, self)
        self.table = table_view(self.model)
        self.only_pc = QCheckBox("Only the selected PeerConnection (and page events)")
        self._build()
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.only_pc.toggled.connect(self._refill)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_pc)
        layout.addWidget(self.table, 1)

    def set_events(self, events: list[Event], pc_id: str = "") -> None:
        """All events of the dump (``dump_events``); ``pc_id`` is the PeerConnection picked above."""
        self.events, self.pc_id = list(events), pc_id
        self._refill()

    def set_pc(self, pc_id: str) -> None:
        self.pc_id = pc_id
        if self.only_pc.isChecked():
            self._refill()

    @Slot()
    def _refill(self) -> None:
        wanted = self.only_pc.isChecked() and self.pc_id
        self.model.set_rows([e for e in self.events if not wanted or e.pc in (None, self.pc_id)])
        for column, width in ((0, 190), (1, 70), (2, 200)):
            self.table.setColumnWidth(column, width)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        event = self.model.data(index, ROW_ROLE)
        if isinstance(event, Event):
            self.time_clicked.emit(event.time)
