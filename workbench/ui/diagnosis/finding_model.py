"""Findings grouped by layer: a two-level tree (layer → findings) with severity icons and colours.

Top-level rows are the layers that have findings, in the support order (network transport, codec,
device, server/config, bundle; unknown layers last), each labelled with its count. Their children are
the findings in the order ``analyze`` gave them (most severe first).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench.ui.diagnosis.look import LAYERS, fix_label, layer_label, one_line, severity_colour, severity_icon

FindingRole = Qt.ItemDataRole.UserRole + 1  # the finding dict of a row (None on a layer row)
LayerRole = Qt.ItemDataRole.UserRole + 2  # the layer id of a row (both levels)
TITLE, SEVERITY, FIX = range(3)
HEADERS = ("Finding", "Severity", "Fix")

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _FONT, FindingRole, LayerRole})
_GROUP_ID = 0  # internalId of a layer row; a finding row's internalId is its layer row + 1


def group_findings(findings: list[dict]) -> list[tuple[str, list[dict]]]:
    """(layer, findings) pairs for the layers that have findings, in support order."""
    layers = [layer for layer in LAYERS if any(f.get("layer") == layer for f in findings)]
    layers += sorted({str(f.get("layer", "")) for f in findings} - set(LAYERS))
    return [(layer, [f for f in findings if str(f.get("layer", "")) == layer]) for layer in layers]


class FindingsTreeModel(QAbstractItemModel):
    """Layer rows with their findings as children; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[dict]]] = []

    def set_findings(self, findings: list[dict]) -> None:
        self.beginResetModel()
        self._groups = group_findings(findings)
        self.endResetModel()

    def layers(self) -> list[tuple[str, int]]:
        """(layer, number of findings) in row order."""
        return [(layer, len(items)) for layer, items in self._groups]

    def finding(self, index: ModelIndex) -> dict | None:
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def find(self, finding_id: str) -> QModelIndex:
        """The index (first column) of the finding with ``finding_id``; invalid when it is not shown."""
        for group, (_layer, items) in enumerate(self._groups):
            for row, item in enumerate(items):
                if item.get("id") == finding_id:
                    return self.createIndex(row, 0, group + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP_ID) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP_ID or parent.column() != 0 or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP_ID)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP_ID and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return len(HEADERS)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or role not in _SERVED:
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(index, role)
        layer, items = self._groups[index.internalId() - 1]
        if role == LayerRole:
            return layer
        return self._finding_data(items[index.row()], index.column(), role)

    def _group_data(self, index: ModelIndex, role: int) -> object:
        layer, items = self._groups[index.row()]
        if role == LayerRole:
            return layer
        if role == _FONT:
            font = QFont()
            font.setBold(True)
            return font
        if role == _DISPLAY and index.column() == TITLE:
            return f"{layer_label(layer)} ({len(items)})"
        return None

    def _finding_data(self, finding: dict, column: int, role: int) -> object:
        severity = str(finding.get("severity", ""))
        if role == FindingRole:
            return finding
        if role == _DECORATION:
            return severity_icon(severity) if column == TITLE else None
        if role == _FOREGROUND:
            return severity_colour(severity) if column == SEVERITY else None
        if role == _TOOLTIP:
            return f"{finding.get('title', '')}\n{finding.get('id', '')} · {len(finding.get('evidence', []))} line(s)"
        if role != _DISPLAY:
            return None
        if column == TITLE:
            return one_line(finding.get("title", ""))
        return severity if column == SEVERITY else fix_label(str(finding.get("fix_type", "")))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.internalId() == _GROUP_ID else base | Qt.ItemFlag.ItemNeverHasChildren
