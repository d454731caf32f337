"""What the small list and tree models share: the index type Qt hands them and their header labels."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the default parent argument: the invisible root


def header_label(headers: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int) -> str | None:
    """The label of column ``section`` in the horizontal header (display role only); None for anything else."""
    if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(headers):
        return headers[section]
    return None
