"""The keyboard map (the habits lnav and klogg users bring, design §7) and its cheat-sheet dialog.

Each key constant below is the one place a shortcut is written: the main window wires its actions
with ``sequences(SEARCH)`` and the cheat-sheet lists ``SHORTCUTS``, so they cannot disagree.
A key text holds one or more alternatives separated by " or ", each in ``QKeySequence`` portable
form. Capital letters are written ``Shift+N`` because ``QKeySequence("N")`` is plain ``n``.
Single-letter keys are fine as window shortcuts: a focused line edit takes printable keys first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ALTERNATIVE = " or "

OPEN = "Ctrl+O"
OPEN_FOLDER = "Ctrl+Shift+O"
SEARCH = "/ or Ctrl+F"
NEXT_HIT = "F3 or n"
PREVIOUS_HIT = "Shift+F3 or Shift+N"
MARK = "m"
NEXT_MARK = "Ctrl+B"
PREVIOUS_MARK = "Ctrl+Shift+B"
GO_TO_LINE = "Ctrl+L"
GO_TO_TIME = "Ctrl+T"
NEXT_ERROR = "e"
PREVIOUS_ERROR = "Shift+E"
NEXT_WARNING = "w"
PREVIOUS_WARNING = "Shift+W"
MERGED_VIEW = "Ctrl+M"
COPY = "Ctrl+C"
EXPORT = "Ctrl+E"
BUNDLE_PANEL = "F9"
DARK_THEME = "Ctrl+Shift+D"
HELP = "? or F1"
CASES = "Ctrl+Shift+K"
QUIT = "Ctrl+Q"

SHORTCUTS: list[tuple[str, str]] = [
    (OPEN, "Open a bundle, archive or log"),
    (OPEN_FOLDER, "Open a folder as a bundle"),
    (SEARCH, "Search (highlights every hit)"),
    (NEXT_HIT, "Next search hit"),
    (PREVIOUS_HIT, "Previous search hit"),
    (MARK, "Mark or unmark the current line"),
    (NEXT_MARK, "Next mark"),
    (PREVIOUS_MARK, "Previous mark"),
    (GO_TO_LINE, "Go to line"),
    (GO_TO_TIME, "Go to time"),
    (NEXT_ERROR, "Next error"),
    (PREVIOUS_ERROR, "Previous error"),
    (NEXT_WARNING, "Next warning"),
    (PREVIOUS_WARNING, "Previous warning"),
    (MERGED_VIEW, "Switch between merged timeline and per-file view"),
    (COPY, "Copy the selected lines"),
    (EXPORT, "Export the selection or the filtered view"),
    (BUNDLE_PANEL, "Show or hide the bundle panel"),
    (DARK_THEME, "Switch between dark and light theme"),
    (HELP, "Show this list of shortcuts"),
    (CASES, "Cases and SLA clocks"),
    (QUIT, "Quit"),
]


def sequences(keys: str) -> list[QKeySequence]:
    """The key sequences of a key text such as ``"F3 or n"`` (for ``QAction.setShortcuts``)."""
    return [QKeySequence(part.strip()) for part in keys.split(ALTERNATIVE)]


def display_text(keys: str) -> str:
    """A key text as the user's platform writes it (``Ctrl`` becomes ``⌘`` on macOS)."""
    return ALTERNATIVE.join(seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in sequences(keys))


class ShortcutsDialog(QDialog):
    """Cheat-sheet of ``SHORTCUTS`` (opened with ``?`` or F1): keys on the left, action on the right."""

    def __init__(self, parent: QWidget | None = None, shortcuts: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = self._make_table(SHORTCUTS if shortcuts is None else shortcuts)
        hint = QLabel("Letter keys act on the log view; in a text field they type as usual.", self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, min(640, 90 + self.table.verticalHeader().length()))

    def _make_table(self, shortcuts: list[tuple[str, str]]) -> QTableWidget:
        table = QTableWidget(len(shortcuts), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        for row, (keys, action) in enumerate(shortcuts):
            key_item = QTableWidgetItem(display_text(keys))
            key_item.setData(Qt.ItemDataRole.UserRole, keys)  # the portable form, for tests and lookups
            table.setItem(row, 0, key_item)
            table.setItem(row, 1, QTableWidgetItem(action))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # 20 rows: cheap
        header.setStretchLastSection(True)
        return table

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows, as (portable key text, action) pairs."""
        return [(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]
