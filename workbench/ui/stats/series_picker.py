"""Checkboxes beside the graphs: one per series, grouped by plot, a colour swatch each.

Unticking hides the curve; ticking a group's box shows or hides all of its series. The picker
says which series are hidden by their key, so a choice survives a switch of PeerConnection.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_SWATCH_PX = 10


def _swatch(colour: QColor) -> QIcon:
    pixmap = QPixmap(_SWATCH_PX, _SWATCH_PX)
    pixmap.fill(colour)
    return QIcon(pixmap)


class SeriesPicker(QTreeWidget):
    """Signals:
        visibility_changed(key, visible): the user ticked or unticked a series (or its group).
    """

    visibility_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the stream id at the end tells series apart
        self._items: dict[str, QTreeWidgetItem] = {}
        self.itemChanged.connect(self._on_item_changed)

    def clear_series(self) -> None:
        self.blockSignals(True)
        self.clear()
        self._items = {}
        self.blockSignals(False)

    def add_group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self, [title])
        group.setFlags(group.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
        group.setExpanded(True)
        return group

    def add_series(self, group: QTreeWidgetItem, key: str, label: str, colour: QColor, visible: bool) -> None:
        """A checkable series row under ``group`` (signals stay quiet while it is built)."""
        self.blockSignals(True)
        item = QTreeWidgetItem(group, [label])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
        item.setIcon(0, _swatch(colour))
        item.setData(0, KEY_ROLE, key)
        item.setToolTip(0, key)
        self._items[key] = item
        self.blockSignals(False)

    def is_checked(self, key: str) -> bool:
        item = self._items.get(key)
        return item is not None and item.checkState(0) == Qt.CheckState.Checked

    def set_checked(self, key: str, visible: bool) -> None:
        """Tick or untick ``key`` as if the user had (emits ``visibility_changed`` when it changes)."""
        item = self._items.get(key)
        state = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
        if item is not None and item.checkState(0) != state:
            item.setCheckState(0, state)

    def keys(self) -> list[str]:
        return list(self._items)

    @Slot(QTreeWidgetItem, int)
    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, KEY_ROLE)
        if key:
            self.visibility_changed.emit(str(key), item.checkState(0) == Qt.CheckState.Checked)
