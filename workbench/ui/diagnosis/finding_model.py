"""Findings grouped by layer: a two-level tree (layer → findings) with severity icons and colours.

Top-level rows are the layers that have findings, in the support order (network transport, codec,
device, server/config, bundle; unknown layers last), each labelled with its count. Their children are
the findings in the order ``analyze`` gave them (most severe first).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from workbench.core.text.shorten import one_line
from workbench.ui.diagnosis.look import LAYERS, fix_label, layer_label, severity_colour, severity_icon
from workbench.ui.models.grouped_tree import GroupedTreeModel
from workbench.ui.models.headers import ModelIndex

FindingRole = Qt.ItemDataRole.UserRole + 1  # the finding dict of a row (None on a layer row)
LayerRole = Qt.ItemDataRole.UserRole + 2  # the layer id of a row (both levels)
TITLE, SEVERITY, FIX = range(3)
HEADERS = ("Finding", "Severity", "Fix")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole


def group_findings(findings: list[dict]) -> list[tuple[str, list[dict]]]:
    """(layer, findings) pairs for the layers that have findings, in support order."""
    layers = [layer for layer in LAYERS if any(f.get("layer") == layer for f in findings)]
    layers += sorted({str(f.get("layer", "")) for f in findings} - set(LAYERS))
    return [(layer, [f for f in findings if str(f.get("layer", "")) == layer]) for layer in layers]


class FindingsTreeModel(GroupedTreeModel[dict]):
    """Layer rows with their findings as children; read-only."""

    headers = HEADERS
    roles = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _FONT, FindingRole, LayerRole})

    def set_findings(self, findings: list[dict]) -> None:
        self.set_groups(group_findings(findings))

    def layers(self) -> list[tuple[str, int]]:
        """(layer, number of findings) in row order."""
        return [(layer, len(items)) for layer, items in self._groups]

    def finding(self, index: ModelIndex) -> dict | None:
        return self.item_at(index)

    def find(self, finding_id: str) -> QModelIndex:
        """The index (first column) of the finding with ``finding_id``; invalid when it is not shown."""
        return self.index_where(lambda finding: finding.get("id") == finding_id)

    def group_data(self, layer: str, items: list[dict], column: int, role: int) -> object:
        if role == LayerRole:
            return layer
        if role == _DISPLAY and column == TITLE:
            return f"{layer_label(layer)} ({len(items)})"
        return None

    def item_data(self, layer: str, finding: dict, column: int, role: int) -> object:
        if role == LayerRole:
            return layer
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
