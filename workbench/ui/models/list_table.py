"""A table over a Python list: one row per item, one column per header.

The small tables of the cases window, the diagnosis dock and the marks list are all this shape
(style §3, small tables): ``set_items`` replaces the list with a model reset, which is right for
lists of tens or hundreds of rows rebuilt when their subject changes. Subclasses name the roles
they serve and say what a cell shows in ``cell``; everything else (counts, headers, flags, the
bounds checks) is here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from workbench.ui.models.headers import ROOT, ModelIndex, header_label

T = TypeVar("T")
_DISPLAY = Qt.ItemDataRole.DisplayRole


class ListTableModel(QAbstractTableModel, Generic[T]):
    """A table over ``self.items``.

    Class attributes: ``headers`` (the column titles), ``roles`` (the roles ``cell`` answers; any
    other gets None without a call), ``item_role`` (a role that returns the row's item itself, or
    None) and ``editable`` (columns that get ``ItemIsEditable``; the subclass writes ``setData``).
    """

    headers: tuple[str, ...] = ()
    roles: frozenset[int] = frozenset({_DISPLAY})
    item_role: int | None = None
    editable: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[T] = []

    def set_items(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        return header_label(self.headers, section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)  # enabled, selectable, never has children (none when invalid)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() in self.editable else flags

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == self.item_role:
            return item
        return self.cell(item, index.column(), role) if role in self.roles else None

    def cell(self, item: T, column: int, role: int) -> object:
        """What column ``column`` of ``item``'s row shows for ``role`` (one of ``roles``)."""
        raise NotImplementedError
