"""The stats dock: a bundle's WebRTC stats dump beside its logs.

Selecting a stats dump in the file tree shows it in the dock; clicking a moment on a graph or an
event moves the log view (merged timeline when there is one) to that second; the log view's current
row draws the cursor on the graphs. Kept apart from main_window.py, which wires it in one call.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QDockWidget

from workbench.ui.stats import StatsPanel
from workbench.ui.window_parts import bottom_dock

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class StatsLink:
    """Owns the stats dock of one main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.panel = StatsPanel(window)
        self.dock: QDockWidget = bottom_dock(window, "Stats", "stats-panel", self.panel, beside=window.dock)
        self.dock.hide()  # a tab only while a stats dump is shown: most bundles have none
        window.dock.raise_()
        self.shown_path = ""
        window.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_changed)
        self.panel.time_clicked.connect(self.go_to_time)
        window.viewer.log.table.selectionModel().currentRowChanged.connect(self._on_log_row_changed)

    def _on_tree_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.window.tree_file()
        if item is None or item.kind != "stats" or item.local is None or item.path == self.shown_path:
            return
        self.shown_path = item.path
        self.panel.set_dump(str(item.local), None)  # imported in the panel's own lane
        self.dock.show()
        self.dock.raise_()

    def clear(self) -> None:
        """A new bundle: the old dump's file is about to go with the old bundle's folder."""
        self.shown_path = ""
        self.panel.set_dump("", None)
        self.dock.hide()

    def go_to_time(self, moment: datetime) -> None:
        """Show the log lines of ``moment``: the merged timeline when the bundle has several logs."""
        logs = self.window.logs
        if logs.session.merged is not None:
            logs.set_merged(True, announce=False)
        view = self.window.viewer.log
        if view.rows is not None and len(view.rows):
            view.go_to_row(view.rows.row_at_time(moment))

    def _on_log_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self.window.viewer.log.rows
        if rows is not None and current.isValid() and current.row() < len(rows):
            self.panel.set_cursor(rows.time(current.row()))

    def shutdown(self) -> None:
        self.panel.shutdown()
