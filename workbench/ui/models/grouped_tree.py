"""A two-level tree: group rows (a key with its items) and the items as their children; read-only.

The diagnosis dock shows findings by layer and checklist items by step this way. An index carries
its level in ``internalId``: ``GROUP_ROW`` on a group row, the group's row + 1 on an item row, so
``parent()`` needs no lookup and no Python object has to outlive the index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from workbench.ui.models.headers import ROOT, ModelIndex, header_label
from workbench.ui.theme import bold_font

T = TypeVar("T")
GROUP_ROW = 0  # internalId of a group row
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FONT = Qt.ItemDataRole.FontRole


class GroupedTreeModel(QAbstractItemModel, Generic[T]):
    """Groups in the order given, each a (key, items) pair with at least one item; group rows are bold.

    Class attributes: ``headers`` (the column titles) and ``roles`` (the roles served; any other
    gets None). Subclasses say what a group row shows (``group_data``) and an item row (``item_data``).
    """

    headers: tuple[str, ...] = ()
    roles: frozenset[int] = frozenset({_DISPLAY})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[T]]] = []

    def set_groups(self, groups: list[tuple[str, list[T]]]) -> None:
        self.beginResetModel()
        self._groups = groups
        self.endResetModel()

    def item_at(self, index: ModelIndex) -> T | None:
        """The item of an item row; None on a group row or an invalid index."""
        if not index.isValid() or index.internalId() == GROUP_ROW:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index_where(self, wanted: Callable[[T], bool], column: int = 0) -> QModelIndex:
        """The index of the first item ``wanted`` accepts (invalid when there is none)."""
        for group, (_key, items) in enumerate(self._groups):
            for row, item in enumerate(items):
                if wanted(item):
                    return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: ModelIndex = ROOT) -> QModelIndex:
        if column < 0 or column >= len(self.headers) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP_ROW) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != GROUP_ROW or parent.column() != 0 or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == GROUP_ROW:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP_ROW)

    def rowCount(self, parent: ModelIndex = ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == GROUP_ROW and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = ROOT) -> int:
        return len(self.headers)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in self.roles:
            return None
        if index.internalId() == GROUP_ROW:
            key, items = self._groups[index.row()]
            return bold_font() if role == _FONT else self.group_data(key, items, index.column(), role)
        key, items = self._groups[index.internalId() - 1]
        return self.item_data(key, items[index.row()], index.column(), role)

    def group_data(self, key: str, items: list[T], column: int, role: int) -> object:
        """What column ``column`` of the group row ``key`` shows for ``role`` (not the font: bold)."""
        raise NotImplementedError

    def item_data(self, key: str, item: T, column: int, role: int) -> object:
        """What column ``column`` of ``item``'s row (in group ``key``) shows for ``role``."""
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        return header_label(self.headers, section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.internalId() == GROUP_ROW else base | Qt.ItemFlag.ItemNeverHasChildren
