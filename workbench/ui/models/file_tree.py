"""Tree model of a bundle's files, with folders built from their "/"-separated paths.

Bundles hold tens to a few thousand files (``Limits.max_entries`` is 20,000), so a plain node tree
built once per bundle is enough; the big data lives in the line table, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyle

from workbench.core.bundle import Bundle, BundleFile

FileRole = Qt.ItemDataRole.UserRole + 1  # the BundleFile of a row (None for folders)
PathRole = Qt.ItemDataRole.UserRole + 2  # the "/"-separated path inside the bundle

NAME, KIND, FORMAT, SIZE, LINES, ENCODING, WARNINGS = range(7)
HEADERS = ("Name", "Kind", "Format", "Size", "Lines", "Encoding", "Warnings")
_NUMERIC = frozenset({SIZE, LINES})  # Warnings stays left: it stretches, a count far right gets lost

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                     Qt.ItemDataRole.TextAlignmentRole, FileRole, PathRole})
_NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Kinds a reader should notice at a glance; the rest keep the palette's text colour.
KIND_COLOURS = {
    "log": QColor("#1f6fb2"),
    "stats": QColor("#6a3fb2"),
    "device_info": QColor("#2e7d32"),
    "encrypted": QColor("#c62828"),
    "archive": QColor("#b26a00"),
    "binary": QColor("#757575"),
}
_WARNING_COLOUR = QColor("#b26a00")

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(eq=False)
class _Node:
    name: str
    path: str
    parent: _Node | None = None
    file: BundleFile | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0
    folders: dict[str, _Node] = field(default_factory=dict)  # by name, so building stays linear

    def folder(self, name: str, path: str) -> _Node:
        node = self.folders.get(name)
        if node is None:
            node = self.folders[name] = _Node(name, path, parent=self)
            self.children.append(node)
        return node


def _build_tree(files: list[BundleFile]) -> _Node:
    root = _Node("", "")
    for item in files:
        *folders, name = item.path.split("/")
        node = root
        for depth, folder in enumerate(folders):
            node = node.folder(folder, "/".join(folders[: depth + 1]))
        node.children.append(_Node(name, item.path, parent=node, file=item))
    _sort(root)
    return root


def _sort(node: _Node) -> None:
    """Folders first, then files, each by name: what every file manager does."""
    node.children.sort(key=lambda n: (n.file is not None, n.name.lower()))
    for row, child in enumerate(node.children):
        child.row = row
        _sort(child)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:,.1f} {unit}"
    return f"{size} B"


class FileTreeModel(QAbstractItemModel):
    """Read-only tree of the files of one bundle."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node("", "")
        style = QApplication.style()
        self._folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def set_bundle(self, bundle: Bundle | None) -> None:
        """Show the files of ``bundle`` (or none). The bundle stays owned by the caller."""
        self.beginResetModel()
        self._root = _build_tree(bundle.files if bundle is not None else [])
        self.endResetModel()

    def refresh(self) -> None:
        """Repaint every row after the bundle's files changed (formats known after parsing)."""
        stack = [self._root]
        while stack:
            node = stack.pop()
            if node.children:
                last = len(node.children) - 1
                parent = QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(last, len(HEADERS) - 1, parent))
                stack.extend(node.children)

    def file_count(self) -> int:
        """Number of file rows (folders not counted), e.g. for the self-test."""
        stack, count = [self._root], 0
        while stack:
            node = stack.pop()
            count += node.file is not None
            stack.extend(node.children)
        return count

    def index_of_path(self, path: str) -> QModelIndex:
        """The Name-column index of the row for ``path`` (invalid when absent)."""
        node = self._root
        parts = path.split("/")
        for depth in range(len(parts)):
            wanted = "/".join(parts[: depth + 1])
            node = next((c for c in node.children if c.path == wanted), None)
            if node is None:
                return QModelIndex()
        return self.createIndex(node.row, NAME, node)

    def _node(self, index: ModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        node = self._node(parent)
        if not (0 <= row < len(node.children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0  # only the first column carries children (Qt's tree convention)
        return len(self._node(parent).children)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == _DISPLAY:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return _NUMBER_ALIGN
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        if role not in _SERVED or not index.isValid():
            return None
        node: _Node = index.internalPointer()
        if role == FileRole:
            return node.file
        if role == PathRole:
            return node.path
        if node.file is None:
            return self._folder_data(node, index.column(), role)
        return self._file_data(node.file, index.column(), role)

    def _folder_data(self, node: _Node, column: int, role: int) -> object:
        if column != NAME:
            return None
        if role == _DISPLAY:
            return node.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._folder_icon
        return node.path if role == _TOOLTIP else None

    def _file_data(self, item: BundleFile, column: int, role: int) -> object:
        if role == _DISPLAY:
            return _file_text(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMBER_ALIGN if column in _NUMERIC else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._file_icon if column == NAME else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == KIND:
                return KIND_COLOURS.get(item.kind)
            return _WARNING_COLOUR if column == WARNINGS and item.warnings else None
        return _file_tooltip(item, column)  # ToolTipRole: the only role left


def _file_text(item: BundleFile, column: int) -> str | None:
    if column == NAME:
        return item.path.rsplit("/", 1)[-1]
    if column == KIND:
        return item.kind
    if column == FORMAT:
        return item.format or None
    if column == SIZE:
        return human_size(item.size)
    if column == LINES:
        return f"{item.lines:,}" if item.lines is not None else None
    if column == ENCODING:
        return item.encoding or None
    return str(len(item.warnings)) if item.warnings else None


def _file_tooltip(item: BundleFile, column: int) -> str | None:
    if column == WARNINGS and item.warnings:
        return "\n".join(f"• {text}" for text in item.warnings)
    if column == SIZE:
        return f"{item.size:,} bytes"
    if column == NAME:
        return item.path
    return None
