"""Table model over a ``LineIndex``: rows are read on demand, so 10M lines cost nothing up front.

One repaint asks ``data()`` 500–800 times (notes/style.md §2.1), so it stays O(1) per call and
returns early for every role it does not serve.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import Qt as QtGuiNamespace

from workbench.core.text import LineIndex

FullTextRole = Qt.ItemDataRole.UserRole + 1  # the whole line (up to 1 MB), for the detail pane
TOOLTIP_CHARS = 2000
# Plain-text tooltips never wrap: a 2,000-char line would become one screen-wide strip.
_WRAP_TOOLTIP_FROM = 120

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, FullTextRole})
_NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

LINE_COLUMN, TEXT_COLUMN = 0, 1
_HEADERS = ("Line", "Text")

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def tooltip_text(text: str) -> str:
    """The tooltip for a line: as is when short, else escaped HTML that wraps inside the tooltip."""
    text = text[:TOOLTIP_CHARS]
    if len(text) < _WRAP_TOOLTIP_FROM and not QtGuiNamespace.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


class LineTableModel(QAbstractTableModel):
    """Columns "Line" (1-based number) and "Text" (``LineIndex.display``). Owns its index."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index: LineIndex | None = None
        self._rows = 0

    @property
    def line_index(self) -> LineIndex | None:
        return self._index

    def set_index(self, index: LineIndex | None) -> None:
        """Show ``index`` (or nothing) and close the previous one: the model owns what it shows."""
        old = self._index
        self.beginResetModel()
        self._index = index
        self._rows = len(index) if index is not None else 0
        self.endResetModel()
        # Closed only after the reset, so no view can ask the old mapping for a row any more.
        if old is not None and old is not index:
            old.close()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if role not in _SERVED or self._index is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _DISPLAY:
            return f"{row + 1}" if column == LINE_COLUMN else self._index.display(row)
        if role == _ALIGN:
            return _NUMBER_ALIGN if column == LINE_COLUMN else None
        if role == _TOOLTIP:
            # Decode only what the tooltip can show: up to 4 bytes per character.
            return tooltip_text(self._index.text(row, limit=TOOLTIP_CHARS * 4)) if column == TEXT_COLUMN else None
        return self._index.text(row)  # FullTextRole

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role != _DISPLAY or orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        return _HEADERS[section]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def close(self) -> None:
        """Release the index (window close)."""
        self.set_index(None)
