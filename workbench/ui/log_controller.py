"""The window's log workflow: parse after import, per-file vs merged view, marks, theme, status.

``MainWindow`` owns the widgets; this controller owns the parsed logs (``LogSession``) and the
marks of the open bundle, and decides what the right-hand side shows: the raw line view while
the logs are parsed (or for files that are not logs), then columns, for one file or the merged
timeline, always keeping the line the engineer is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

from workbench.core.bundle import Bundle, BundleFile
from workbench.core.marks import Marks
from workbench.ui.log_session import LogSession
from workbench.ui.state import ui_settings
from workbench.ui.theme import ThemeName, apply_theme, current_theme

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow
    from workbench.ui.widgets.log_view import LogView

THEME_KEY = "ui/theme"


class LogController(QObject):
    """Signals:
        logs_ready(): parsed views of the bundle's logs are available (first parse and every change).
        view_switched(merged): the log view now shows the merged timeline (True) or one file.
    """

    logs_ready = Signal()
    view_switched = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = LogSession(self)
        self.marks = Marks()
        self.merged = False
        self._syncing_tree = False
        view = window.viewer.log
        view.set_marks(self.marks)
        self.session.progressed.connect(self._on_session_progressed)
        self.session.ready.connect(self._on_session_ready)
        self.session.failed.connect(self._on_session_failed)
        view.status_changed.connect(self._on_view_status_changed)
        view.marks_changed.connect(self._on_marks_changed)
        view.export_finished.connect(
            lambda path, count: window.statusBar().showMessage(f"Exported {count:,} lines to {path}", 10000))
        view.export_failed.connect(lambda message: window.statusBar().showMessage(f"Export failed: {message}", 15000))

    @property
    def view(self) -> LogView:
        return self.window.viewer.log

    # -- bundle lifecycle -------------------------------------------------------------------------

    def start(self, bundle: Bundle) -> None:
        """A new bundle is open (the viewer was cleared): parse its logs, start empty marks."""
        self.set_merged(False, announce=False)
        self.marks.clear()
        self.window.marks_panel.set_marks(self.marks)
        self.view.encodings = {f.path: f.encoding for f in bundle.files if f.encoding}
        self.session.start(bundle)

    def shutdown(self) -> None:
        self.session.shutdown()

    def tree_selected(self, item: BundleFile) -> bool:
        """The tree's current file changed; True when it is shown here (parsed), False: show raw."""
        if self._syncing_tree:
            return True
        if self.merged:
            self.set_merged(False, announce=False)
        rows = self.session.rows_for(item.path)
        if rows is None:
            return False
        self.window.viewer.show_rows(rows, item, self._keep_for(item.path))
        return True

    def _keep_for(self, path: str) -> tuple[str, int] | None:
        where = self.view.current_location() if self.window.viewer.showing_log else None
        return where if where is not None and where[0] == path else None

    # -- per-file and merged views ----------------------------------------------------------------

    def set_merged(self, on: bool, announce: bool = True) -> bool:
        """Switch between the merged timeline and the current line's file, staying on that line."""
        viewer = self.window.viewer
        if on and self.session.merged is None:
            if announce:
                self.window.statusBar().showMessage("The merged timeline is ready once the logs are parsed.", 6000)
            on = False
        keep = self.view.current_location() if viewer.showing_log else self._raw_location()
        self.merged = on
        self.window.named_actions["merged"].setChecked(on)
        if on:
            viewer.show_rows(self.session.merged, None, keep)
        elif announce and keep is not None and self.session.rows_for(keep[0]) is not None:
            self._show_file(keep[0], keep)
        if announce:
            self.view_switched.emit(on)
        return on

    def _raw_location(self) -> tuple[str, int] | None:
        viewer = self.window.viewer
        index = viewer.lines.table.currentIndex()
        if viewer.current is None:
            return None
        return viewer.current.path, max(index.row(), 0)

    def _show_file(self, path: str, keep: tuple[str, int] | None) -> None:
        """Per-file view of ``path``, with the tree following (without re-showing the file)."""
        self._syncing_tree = True
        try:
            self.window.select_in_tree(path)
        finally:
            self._syncing_tree = False
        bundle = self.window.bundle
        rows = self.session.rows_for(path)
        if bundle is not None and rows is not None:
            self.window.viewer.show_rows(rows, bundle.file(path), keep)

    def show_location(self, path: str, line0: int) -> None:
        """Go to line ``line0`` of ``path``: in the merged view if it is on, else in its file."""
        if self.merged or (self.window.viewer.showing_log and self.window.viewer.current is not None
                           and self.window.viewer.current.path == path):
            self.view.go_to_location(path, line0)
        elif self.session.rows_for(path) is not None:
            self._show_file(path, (path, line0))
        self.view.table.setFocus()

    @Slot()
    def _on_session_ready(self) -> None:
        window, viewer = self.window, self.window.viewer
        window.parse_label.hide()
        window.refresh_tree_formats()
        item = window.tree_file()  # what the user picked (its raw lines may still be indexing)
        if self.merged:
            viewer.show_rows(self.session.merged, None, self.view.current_location())
        elif item is not None and self.session.rows_for(item.path) is not None:
            keep = self.view.current_location() if viewer.showing_log else self._raw_location()
            viewer.show_rows(self.session.rows_for(item.path), item, keep)
        else:
            viewer.log.set_base(None)  # a raw file is shown: drop views of logs that may be replaced
        self.logs_ready.emit()

    @Slot(int, int, str)
    def _on_session_progressed(self, done: int, total: int, note: str) -> None:
        label = self.window.parse_label
        label.setText(f"{note} {done * 100 // total}%" if total else note)
        label.show()

    @Slot(str)
    def _on_session_failed(self, message: str) -> None:
        self.window.parse_label.hide()
        self.window.statusBar().showMessage(f"Could not parse the logs: {message}", 15000)

    @Slot(str)
    def _on_view_status_changed(self, text: str) -> None:
        if self.window.viewer.showing_log and text:
            self.window.file_label.setText(text)

    # -- marks and theme -------------------------------------------------------------------------

    @Slot()
    def _on_marks_changed(self) -> None:
        self.window.marks_panel.refresh()
        where = self.view.current_location()
        if where is not None:
            self.window.marks_panel.select(where[0], where[1] + 1)

    @Slot(str, int)
    def on_mark_activated(self, path: str, line: int) -> None:
        self.show_location(path, line - 1)

    def on_marks_edited(self) -> None:
        """A mark was removed or renamed in the panel: repaint the log's mark icons."""
        self.view.model.refresh_rows()

    def set_theme(self, name: ThemeName, remember: bool = True) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, name)
        self.view.set_theme(name)
        self.window.named_actions["dark"].setChecked(name == "dark")
        if remember:
            ui_settings().setValue(THEME_KEY, name)

    def restore_theme(self) -> None:
        """The theme the user chose last time (nothing is applied when they never chose one)."""
        name = ui_settings().value(THEME_KEY, "")
        if name in ("light", "dark"):
            self.set_theme(name, remember=False)
        else:
            self.view.set_theme(current_theme())
