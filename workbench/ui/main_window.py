"""The main window: file tree on the left, the selected file on the right, bundle and marks below.

Every way of opening something (menu, drop, command line, recent list, self-test) goes through
``open_path``, so the tests exercise the path users take. The window owns the open ``Bundle`` and
closes it when another one replaces it or the window closes; a failed or cancelled import never
touches it. The parsed-log workflow (parse lane, views, marks, theme) is ``LogController``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTreeView,
    QWidget,
)

from workbench.core.bundle import Bundle, BundleFile
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.ui import shortcuts
from workbench.ui.bundle_import import BundleImporter
from workbench.ui.cases import open_cases_window
from workbench.ui.diagnosis import DiagnosisPanel, analysis_runner
from workbench.ui.log_actions import build_log_actions
from workbench.ui.log_controller import LogController
from workbench.ui.models.file_tree import NAME, FileRole, FileTreeModel
from workbench.ui.recent import RecentBundles
from workbench.ui.state import ui_settings
from workbench.ui.stats_link import StatsLink
from workbench.ui.tree_menu import show_tree_menu
from workbench.ui.widgets.bundle_panel import BundlePanel
from workbench.ui.widgets.file_viewer import FileViewer
from workbench.ui.widgets.marks_panel import MarksPanel
from workbench.ui.widgets.panes import split_panes
from workbench.ui.window_parts import bottom_dock, local_paths

TITLE = "RTC Support Workbench"
OPEN_FILTER = ("Bundles and logs (*.zip *.tar *.tgz *.gz *.bz2 *.xz *.zst *.log *.txt *.json);;"
               "All files (*)")
_FIT_COLUMNS_UP_TO = 2000  # measuring columns visits every row: only for bundles of usual size
_EXPAND_ALL_UP_TO = 500
_TREE_WIDTHS = (220, 70, 60, 70, 60, 70, 70)  # fallback widths (px) when the bundle is too big to measure


class MainWindow(QMainWindow):
    """Signals (for the self-test and the tests; users see the widgets):
        bundle_opened(bundle): a new bundle is listed in the tree.
        file_shown(path): the selected file's lines (or its placeholder) are on screen.
        open_failed(message): an import failed; the message was (or, when quiet, would be) shown.
        import_cancelled(path): an import was cancelled; the previous bundle is still open.
    """

    bundle_opened = Signal(object)
    file_shown = Signal(str)
    open_failed = Signal(str)
    import_cancelled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self._fit_to_screen(1380, 820)
        self.bundle: Bundle | None = None
        self.quiet = False  # self-test: report errors through signals only, never a blocking box
        self._last_dir = str(Path.home())
        self.importer = BundleImporter(self)
        self.tree_model = FileTreeModel(self)
        self.tree = self._make_tree()
        self.viewer = FileViewer(self)
        self.panel = BundlePanel(self)
        self.marks_panel = MarksPanel(self)
        self.diagnosis = DiagnosisPanel(self)
        self._analysis_runner, self._start_analysis = analysis_runner(self, self.diagnosis)
        self.recent = RecentBundles(ui_settings())
        self.named_actions: dict[str, QAction] = {}  # log commands by name (log_actions.py)
        self._build_layout()
        self._build_menus()
        self._build_status_bar()
        self._cases_window: QWidget | None = None
        self.logs = LogController(self)
        build_log_actions(self)
        self._connect()
        self.stats = StatsLink(self)  # after the tree and the log view exist: it listens to both
        self._restore_layout()
        self.logs.restore_theme()

    # -- construction -------------------------------------------------------------------------

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # a laptop's 1366×768 must not get a window bigger than the screen
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

    def _make_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setModel(self.tree_model)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setAllColumnsShowFocus(True)
        tree.header().setStretchLastSection(True)  # Warnings takes the slack: no dead strip on the right
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(_TREE_WIDTHS):
            tree.setColumnWidth(column, width)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return tree

    def _build_layout(self) -> None:
        self.setCentralWidget(split_panes(self, Qt.Orientation.Horizontal, (self.tree, self.viewer),
                                          stretch=(0, 1), sizes=(430, 950)))
        # Bottom docks, tabbed: what the bundle says, the engineer's marks, the diagnosis.
        self.dock = bottom_dock(self, "Bundle", "bundle-panel", self.panel)
        self.marks_dock = bottom_dock(self, "Marks", "marks-panel", self.marks_panel, beside=self.dock)
        self.diagnosis_dock = bottom_dock(self, "Diagnosis", "diagnosis-panel", self.diagnosis, beside=self.dock)
        self.dock.raise_()
        self.resizeDocks([self.dock], [190], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = self._action("&Open bundle…", QKeySequence.StandardKey.Open, self._on_open_triggered)
        self.open_folder_action = self._action("Open &folder…", "Ctrl+Shift+O", self._on_open_folder_triggered)
        quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.cases_action = self._action("&Cases and SLAs…", shortcuts.CASES, self.show_cases)
        file_menu.addActions([self.open_action, self.open_folder_action])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: self.recent.populate_menu(self.recent_menu, self.open_path))
        file_menu.addSeparator()
        file_menu.addAction(self.cases_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.view_menu = view_menu = self.menuBar().addMenu("&View")
        self.panel_action = self.dock.toggleViewAction()  # stays in step when the dock is closed
        self.panel_action.setText("&Bundle panel")
        self.panel_action.setShortcut(QKeySequence("F9"))
        self.marks_action = self.marks_dock.toggleViewAction()
        self.marks_action.setText("M&arks")
        self.diagnosis_action = self.diagnosis_dock.toggleViewAction()
        self.diagnosis_action.setText("&Diagnosis")
        view_menu.addActions([self.panel_action, self.marks_action, self.diagnosis_action])

    def _action(self, text: str, shortcut: QKeySequence.StandardKey | str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_status_bar(self) -> None:
        self.file_label = QLabel("No bundle open", self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.index_bar = QProgressBar(self)
        self.index_bar.setMaximumWidth(180)
        self.index_bar.setTextVisible(False)
        self.index_bar.hide()
        self.parse_label = QLabel(self)
        self.parse_label.hide()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.parse_label)
        self.statusBar().addPermanentWidget(self.index_bar)

    def _connect(self) -> None:
        self.importer.opened.connect(self._on_bundle_opened)
        self.importer.failed.connect(self._on_import_failed)
        self.importer.cancelled.connect(self._on_import_cancelled)
        # Rows, not cells: clicking another column of the shown file must not index it again.
        self.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_changed)
        self.viewer.shown.connect(self._on_file_shown)
        self.viewer.failed.connect(self._on_file_failed)
        self.viewer.runner.progressed.connect(self._on_index_progressed)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        self.marks_panel.activated.connect(self.logs.on_mark_activated)
        self.diagnosis.evidence_activated.connect(self.logs.on_mark_activated)
        self.logs.logs_ready.connect(self._on_logs_ready)
        self.marks_panel.removed.connect(lambda _path, _line: self.logs.on_marks_edited())
        self.marks_panel.renamed.connect(lambda _path, _line, _name: self.logs.on_marks_edited())

    # -- opening ------------------------------------------------------------------------------

    @Slot()
    def _on_logs_ready(self) -> None:
        """Parsed logs changed (first parse, a format or zone override): diagnose the bundle again."""
        state = self.logs.session.state
        if self.bundle is None or state is None:
            return
        self.diagnosis.set_marks(self.logs.marks)
        # A view of the session's logs, not an owner: the session closes them, never this.
        self._start_analysis(self.bundle, BundleLogs(parsed=dict(state.parsed), assumed_year=state.assumed_year))

    def show_cases(self) -> QWidget:
        """The cases window (one at a time); a case's bundle opens here in the viewer."""
        window = open_cases_window(self)
        if window is not self._cases_window:  # a new window (the last one closed itself)
            self._cases_window = window
            window.open_bundle_requested.connect(self.open_path)
        return window

    def set_theme(self, name: str) -> None:
        """Switch light/dark everywhere, row tints and highlight colours included."""
        self.logs.set_theme(name)

    def set_filter_text(self, text: str) -> None:
        """Type ``text`` into the include filter and apply it at once (scripts, screenshots)."""
        bar = self.viewer.log.filter_bar
        bar.include.setText(text)
        bar.apply_now()

    def open_path(self, path: str | Path) -> None:
        """Import ``path`` (archive, folder or log) in the background; the current bundle stays
        open until the new one is ready."""
        self._last_dir = str(Path(path).expanduser().parent)
        self.statusBar().showMessage(f"Opening {path} …")
        # With nothing open yet, a lone log's first lines show at once; an open bundle stays as it
        # is until the new one is ready (a failed import must not lose it).
        if self.bundle is None and self.viewer.preview_head(Path(path).expanduser()):
            self.statusBar().showMessage(f"Opening {path} … showing its first lines while it loads")
        self.importer.start(path)

    @Slot()
    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open bundle", self._last_dir, OPEN_FILTER)
        if path:
            self.open_path(path)

    @Slot()
    def _on_open_folder_triggered(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open bundle folder", self._last_dir)
        if path:
            self.open_path(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(paths) > 1:  # one bundle at a time: say so instead of silently picking one
            self.statusBar().showMessage(f"{len(paths)} items dropped: opening only {Path(paths[0]).name}", 8000)
        self.open_path(paths[0])

    @Slot(object)
    def _on_bundle_opened(self, bundle: Bundle) -> None:
        old, self.bundle = self.bundle, bundle
        self.viewer.clear("Loading …")  # releases the old file's index before its folder goes away
        self.stats.clear()
        self.logs.start(bundle)  # closes the old bundle's parsed logs; parses the new ones
        self.tree_model.set_bundle(bundle)
        self.panel.set_bundle(bundle)
        if old is not None:
            old.close()
        self.recent.add(bundle.source)
        self.setWindowTitle(f"{bundle.source.name} — {TITLE}")
        self.statusBar().clearMessage()  # "Opening …" gives way to the file info
        self._fit_tree()
        self._select_first_log(bundle)
        self.bundle_opened.emit(bundle)

    def _fit_tree(self) -> None:
        count = self.tree_model.file_count()
        if count <= _EXPAND_ALL_UP_TO:
            self.tree.expandAll()
        if count <= _FIT_COLUMNS_UP_TO:
            for column in range(self.tree_model.columnCount()):
                self.tree.resizeColumnToContents(column)

    def _select_first_log(self, bundle: Bundle) -> None:
        first = bundle.first_log()
        if first is None:
            self.viewer.clear("This bundle has no text file to show: pick a file on the left.")
            self.file_label.setText(f"{len(bundle.files)} files, no text file")
            return
        index = self.tree_model.index_of_path(first.path)
        self.tree.scrollTo(index)
        self.tree.setCurrentIndex(index)  # -> _on_tree_current_changed -> viewer.show_file

    @Slot(str, str)
    def _on_import_failed(self, path: str, message: str) -> None:
        self.statusBar().showMessage(f"Could not open {path}", 8000)
        self.open_failed.emit(message)
        if not self.quiet:
            QMessageBox.warning(self, "Cannot open bundle", message)

    @Slot(str)
    def _on_import_cancelled(self, path: str) -> None:
        kept = f"; still showing {self.bundle.source.name}" if self.bundle is not None else ""
        self.statusBar().showMessage(f"Opening {Path(path).name} cancelled{kept}", 8000)
        self.import_cancelled.emit(path)

    # -- showing a file -----------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.siblingAtColumn(NAME).data(FileRole) if current.isValid() else None
        if item is None or self.bundle is None:
            return  # a folder: keep showing the file that is open
        if self.logs.tree_selected(item):
            return  # parsed: shown in columns
        self.file_label.setText(f"{item.path} · indexing …")
        self.viewer.show_file(self.bundle, item)

    def tree_file(self) -> BundleFile | None:
        """The file of the tree's current row (None for a folder or nothing)."""
        current = self.tree.currentIndex()
        return current.siblingAtColumn(NAME).data(FileRole) if current.isValid() else None

    def select_in_tree(self, path: str) -> None:
        """Make ``path`` the tree's current row (the caller decides what the viewer shows)."""
        index = self.tree_model.index_of_path(path)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.setCurrentIndex(index)

    def refresh_tree_formats(self) -> None:
        """The Format column after parsing or an override (the bundle's files were updated)."""
        self.tree_model.refresh()

    @Slot(QPoint)
    def _on_tree_context_menu_requested(self, position: QPoint) -> None:
        show_tree_menu(self, position)

    @Slot(int, int, int, str)
    def _on_index_progressed(self, _gen: int, done: int, total: int, _note: str) -> None:
        # Indexing is inline (design §7): a small gauge in the status bar, never a dialog.
        self.index_bar.setRange(0, 1000 if total else 0)
        self.index_bar.setValue(done * 1000 // total if total else 0)
        self.index_bar.show()

    @Slot(str)
    def _on_file_shown(self, path: str) -> None:
        self.index_bar.hide()
        item = self.viewer.current
        index = self.viewer.lines.model.line_index
        if item is None:
            return
        if index is not None and item.is_text:
            parts = [item.path, f"{len(index):,} lines", item.encoding or "?", item.line_ending or "no line end"]
        else:
            parts = [item.path, item.kind]
        self.file_label.setText(" · ".join(parts))
        self.file_shown.emit(path)

    @Slot(str, str)
    def _on_file_failed(self, path: str, message: str) -> None:
        self.index_bar.hide()
        self.file_label.setText(f"{path} · could not be read")
        self.statusBar().showMessage(message, 10000)

    # -- closing ------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = ui_settings()
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the lanes first (they may still read the bundle's files), then delete its folder."""
        settings = ui_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.importer.shutdown()
        self._analysis_runner.shutdown()
        self.stats.shutdown()
        self.viewer.shutdown()
        self.logs.shutdown()
        if self.bundle is not None:
            self.bundle.close()
            self.bundle = None
        event.accept()
