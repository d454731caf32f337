"""What the keyboard does in the log view (design §7, lnav/klogg habits): go to, step, mark, copy, export.

A mixin of ``LogView``: every command reads the shown ``LogRows`` and moves the current row; none
scans rows in Python (next error is a numpy search, a mark's row a binary search).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QDialog

from workbench.core.logs.view import LogRows
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.log_export import ExportDialog, ExportRequest, write_export
from workbench.ui.widgets.filter_bar import parse_moment

if TYPE_CHECKING:
    from workbench.ui.widgets.log_view import LogView

COPY_LIMIT = 100_000  # lines Ctrl+C copies; more is an export
ERRORS = ("error", "fatal")


def raw_text(rows: LogRows, positions: np.ndarray, *, progress: ProgressFn = null_progress,
             cancel: CancelToken = NEVER) -> str:
    """Worker side of Ctrl+C: the raw lines of ``positions``, one per line."""
    lines = []
    for number, i in enumerate(positions):
        if number % 5_000 == 0:
            cancel.raise_if_cancelled()
        lines.append(rows.full_text(int(i)))
    return "\n".join(lines)


class LogCommands:
    """Commands of ``LogView`` (``self`` is the view)."""

    _export_path: Path | None = None

    # -- where we are ---------------------------------------------------------------------------

    def current_row(self: LogView) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def current_location(self: LogView) -> tuple[str, int] | None:
        """(bundle path, 0-based line) of the current row, or None."""
        row = self.current_row()
        return self.rows.locate(row) if self.rows is not None and row >= 0 else None

    def status_text(self: LogView) -> str:
        rows = self.rows
        if rows is None or not len(rows):
            return "no lines shown" if rows is not None else ""
        row = max(self.current_row(), 0)
        path, line = rows.locate(row)
        source = next(s for s in rows.sources if s.path == path)
        where = (f"row {row + 1:,} of {len(rows):,} (merged)" if rows.merged
                 else f"line {line + 1:,} of {len(source.parsed.lines):,}")
        parts = [f"{path}:{line + 1}", where]
        if rows.matches is not None:
            parts.append(f"{rows.matches:,} matches")
        if self.search.pattern:
            ordinal = self.search.ordinal(row)
            hits = f"{len(self.search.hits):,} hits"
            parts.append(f"hit {ordinal:,} of {hits}" if ordinal else hits)
        parts.append(self.encodings.get(path) or source.parsed.index.codec)
        return " · ".join(parts)

    # -- moving ---------------------------------------------------------------------------------

    def go_to_row(self: LogView, row: int) -> None:
        """Make ``row`` current and selected, centred (nothing happens for an invalid row)."""
        target = self.model.index(row, 0)
        if target.isValid():
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target, QAbstractItemView.ScrollHint.PositionAtCenter)

    def go_to_location(self: LogView, path: str, line0: int) -> bool:
        """Show line ``line0`` of ``path`` (the nearest shown one when filtered); False if not here."""
        row = self.rows.view_row_of(path, line0, nearest=True) if self.rows is not None else None
        if row is None:
            return False
        self.go_to_row(row)
        return True

    @Slot(int)
    def go_to_line(self: LogView, number: int) -> None:
        """Line ``number`` (1-based) of the current row's file."""
        where = self.current_location()
        if where is None and self.rows is not None and len(self.rows):
            where = self.rows.locate(0)
        if where is not None and self.go_to_location(where[0], number - 1):
            self._close_jump_bar()
            self.table.setFocus()

    @Slot(str)
    def go_to_time(self: LogView, text: str) -> None:
        rows = self.rows
        if rows is None or not len(rows):
            return
        current = rows.time(max(self.current_row(), 0)) or rows.time(0)
        try:
            moment = parse_moment(text, current.date() if current else None)
        except ValueError as exc:
            self.jump_bar.say(str(exc), error=True)
            return
        if moment is not None:
            self.go_to_row(rows.row_at_time(moment))
            self._close_jump_bar()
            self.table.setFocus()

    def step_level(self: LogView, levels: tuple[str, ...], forward: bool = True) -> bool:
        """Next (``e``, ``w``) or previous (``E``, ``W``) row of one of ``levels``."""
        if self.rows is None:
            return False
        row = self.rows.next_level_row(self.current_row(), levels, forward=forward)
        if row is not None:
            self.go_to_row(row)
        return row is not None

    def step_hit(self: LogView, forward: bool = True) -> bool:
        """Next (``F3``, ``n``) or previous (``Shift+F3``, ``N``) search hit, wrapping around."""
        row = self.search.step(self.current_row(), forward)
        if row is not None:
            self.go_to_row(row)
        return row is not None

    def open_search(self: LogView) -> None:
        self.search_bar.open()

    def close_search(self: LogView) -> None:
        self.search_bar.field.clear()
        self.search_bar.hide()
        self.search.set_pattern("", False)
        self.delegate.set_search(None)
        self.table.viewport().update()
        self.table.setFocus()

    def open_jump(self: LogView, mode: str) -> None:
        """``Ctrl+L`` ("line") or ``Ctrl+T`` ("time")."""
        self.jump_bar.open(mode)

    def _close_jump_bar(self: LogView) -> None:
        self.jump_bar.hide()

    # -- marks ----------------------------------------------------------------------------------

    def toggle_mark(self: LogView) -> bool | None:
        """Mark or unmark the current line (``m``); True when it is marked now, None without a row."""
        row = self.current_row()
        if self.rows is None or self.marks is None or row < 0:
            return None
        path, line = self.rows.locate(row)
        moment = self.rows.time(row)
        marked = self.marks.toggle(path, line + 1, self.rows.full_text(row),
                                   moment.isoformat(timespec="milliseconds") if moment else None)
        self.model.refresh_rows(row, row)
        self.marks_changed.emit()
        return marked

    def step_mark(self: LogView, forward: bool = True) -> bool:
        """Next (``Ctrl+B``) or previous (``Ctrl+Shift+B``) mark shown in this view, wrapping."""
        if self.rows is None or not self.marks:
            return False
        shown = sorted(r for m in self.marks if (r := self.rows.view_row_of(m.path, m.line - 1)) is not None)
        if not shown:
            return False
        current = self.current_row()
        at = int(np.searchsorted(shown, current, side="right" if forward else "left"))
        self.go_to_row(shown[at % len(shown)] if forward else shown[(at - 1) % len(shown)])
        return True

    # -- copy and export ------------------------------------------------------------------------

    def selected_positions(self: LogView) -> np.ndarray:
        """The selected view rows, ascending (from selection ranges: no per-row index objects)."""
        chosen = np.zeros(self.model.rowCount(), dtype=bool)
        for selected in self.table.selectionModel().selection():
            chosen[selected.top():selected.bottom() + 1] = True
        return np.flatnonzero(chosen)

    @Slot()
    def copy_selection(self: LogView) -> None:
        """Put the selected raw lines (at most ``COPY_LIMIT``) on the clipboard; the text is built
        in the *copy* lane (thousands of lines take longer than a frame), ``copied`` follows."""
        rows, positions = self.rows, self.selected_positions()
        if rows is not None and len(positions):
            self.copy_runner.start(raw_text, rows, positions[:COPY_LIMIT])

    def _on_copy_finished(self: LogView, _gen: int, text: object) -> None:
        QGuiApplication.clipboard().setText(str(text))
        self.copied.emit(str(text).count("\n") + 1)

    def open_export_dialog(self: LogView) -> ExportDialog | None:
        """Ask what to export (non-blocking); the export starts when the dialog is accepted."""
        if self.rows is None:
            return None
        dialog = ExportDialog(self, len(self.selected_positions()), len(self.rows), self.export_folder)
        dialog.accepted.connect(lambda: self.start_export(dialog.request()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.setModal(True)
        dialog.open()
        self.export_dialog: QDialog | None = dialog
        return dialog

    def start_export(self: LogView, request: ExportRequest) -> None:
        """Write the selection or the shown rows in the *export* lane."""
        if self.rows is None:
            return
        positions = self.selected_positions() if request.selection_only else None
        self._export_path = request.path
        self.export_folder = str(request.path.parent)
        self.export_runner.start(write_export, self.rows, positions, request)
