"""Table model over a parsed log view (``core.logs.view.LogRows``): one row per shown line.

Every cell comes from ``LogRows`` accessors that read numpy arrays, so ``data()`` stays O(1) and
returns early for roles it does not serve (one repaint asks 500–800 times, notes/style.md §2.1).
Whole rows take their level's background colour from the theme; marked lines get an icon.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from workbench.core.logs.view import LogRows
from workbench.core.marks import Marks
from workbench.ui.models.line_table import tooltip_text
from workbench.ui.theme import ThemeName, level_colors

FullTextRole = Qt.ItemDataRole.UserRole + 1  # the whole raw line, for the detail pane and copy
LocationRole = Qt.ItemDataRole.UserRole + 2  # (bundle path, 0-based line)
LevelRole = Qt.ItemDataRole.UserRole + 3  # "debug" … "fatal", or None

LINE, FILE, TIME, LEVEL, THREAD, TAG, MESSAGE = "line", "file", "time", "level", "thread", "tag", "message"
HEADERS = {LINE: "Line", FILE: "File", TIME: "Time", LEVEL: "Level", THREAD: "Thread", TAG: "Tag",
           MESSAGE: "Message"}
LEVEL_TEXT = {"debug": "DEBUG", "info": "INFO", "warning": "WARN", "error": "ERROR", "fatal": "FATAL"}
MARK_COLOUR = QColor("#2f7de1")

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, _DECORATION, _ALIGN, FullTextRole, LocationRole, LevelRole})
_NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def columns_for(rows: LogRows | None) -> tuple[str, ...]:
    """Line, File (merged view), Time, Level, then Thread/Tag only where a format has them."""
    if rows is None:
        return (LINE, MESSAGE)
    formats = [source.parsed.format for source in rows.sources]
    has = {name: any(name in f.groups or name in f.json_fields for f in formats) for name in (THREAD, TAG)}
    return (LINE, *((FILE,) if rows.merged else ()), TIME, LEVEL, *(n for n in (THREAD, TAG) if has[n]), MESSAGE)


def _mark_icon() -> QIcon:
    pixmap = QPixmap(10, 10)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(MARK_COLOUR)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(1, 1, 8, 8))
    painter.end()
    return QIcon(pixmap)


class LogTableModel(QAbstractTableModel):
    """Read-only rows of a ``LogRows``; ``set_rows`` swaps the whole view (a model reset)."""

    def __init__(self, parent: QObject | None = None, theme: ThemeName = "light") -> None:
        super().__init__(parent)
        self._rows: LogRows | None = None
        self._columns = columns_for(None)
        self._marks: Marks | None = None
        self._brushes: dict[str | None, QBrush] = {}
        self._icon = _mark_icon()
        self.set_theme(theme)

    @property
    def rows(self) -> LogRows | None:
        return self._rows

    @property
    def columns(self) -> tuple[str, ...]:
        return self._columns

    def column_of(self, name: str) -> int:
        """The column number showing ``name`` (-1 when this view has none)."""
        return self._columns.index(name) if name in self._columns else -1

    def set_rows(self, rows: LogRows | None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._columns = columns_for(rows)
        self.endResetModel()

    def set_marks(self, marks: Marks | None) -> None:
        self._marks = marks
        self.refresh_rows()

    def set_theme(self, theme: ThemeName) -> None:
        self._brushes = {level: QBrush(colour) for level, colour in level_colors(theme).items()}
        self.refresh_rows()

    def refresh_rows(self, first: int = 0, last: int | None = None) -> None:
        """Repaint rows ``first``…``last`` (all by default) after marks or colours changed."""
        count = self.rowCount()
        if count:
            last = count - 1 if last is None else last
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._rows is None else len(self._rows)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role != _DISPLAY or orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        return HEADERS[self._columns[section]]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        rows = self._rows
        if role not in _SERVED or rows is None or not index.isValid():
            return None
        row, column = index.row(), self._columns[index.column()]
        if role == _DISPLAY:
            return self._text(rows, row, column)
        if role == _BACKGROUND:
            return self._brushes.get(rows.level(row))
        if role == _DECORATION:
            return self._icon if index.column() == 0 and self._is_marked(rows, row) else None
        if role == _ALIGN:
            return _NUMBER_ALIGN if column == LINE else None
        if role == _TOOLTIP:
            return self._tooltip(rows, row, column)
        if role == FullTextRole:
            return rows.full_text(row)
        if role == LocationRole:
            return rows.locate(row)
        return rows.level(row)  # LevelRole

    def _is_marked(self, rows: LogRows, row: int) -> bool:
        if not self._marks:
            return False
        path, line = rows.locate(row)
        return self._marks.is_marked(path, line + 1)

    @staticmethod
    def _text(rows: LogRows, row: int, column: str) -> str:
        if column == MESSAGE:
            return rows.message(row)
        if column == TIME:
            return rows.time_text(row)
        if column == LEVEL:
            return LEVEL_TEXT.get(rows.level(row) or "", "")
        if column == THREAD:
            return rows.thread(row)
        if column == TAG:
            return rows.tag(row)
        path, line = rows.locate(row)
        return f"{line + 1}" if column == LINE else path.rsplit("/", 1)[-1]

    @staticmethod
    def _tooltip(rows: LogRows, row: int, column: str) -> str | None:
        if column == TIME:
            return rows.time_note(row) or None
        if column == FILE:
            return rows.locate(row)[0]
        if column == MESSAGE:
            return tooltip_text(rows.full_text(row))
        return None
