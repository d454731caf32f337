"""The parsed log view: histogram, filter bar, search and go-to bars, the table, the detail pane.

``set_base`` gives it the rows of one file or of the merged timeline; the filter bar's filter runs
in the *filter* lane (a new one cancels the old, stale results are dropped by generation) and its
result replaces the table's rows, keeping the current line where it is still shown. Navigation
commands (go to, next error, marks, copy, export) live in ``LogCommands``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from workbench.core.logs.histogram import level_histogram
from workbench.core.logs.view import LogRows
from workbench.core.marks import Marks
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.delegates.highlight import HighlightDelegate
from workbench.ui.log_search import LogSearch
from workbench.ui.models.log_table import FILE, LEVEL, LINE, MESSAGE, TAG, THREAD, TIME, LogTableModel
from workbench.ui.tasks import TaskRunner
from workbench.ui.theme import ThemeName, monospace_font
from workbench.ui.widgets.detail_pane import DetailPane
from workbench.ui.widgets.filter_bar import FilterBar, FilterSpec
from workbench.ui.widgets.histogram import HistogramWidget
from workbench.ui.widgets.log_commands import LogCommands
from workbench.ui.widgets.panes import split_panes
from workbench.ui.widgets.search_bar import JumpBar, SearchBar
from workbench.ui.widgets.tables import FixedRowTableView

_WIDTHS = {FILE: 16, LEVEL: 6, THREAD: 7, TAG: 18}  # in digits of the table font


def run_filter(base: LogRows, spec: FilterSpec, *, progress: ProgressFn = null_progress,
               cancel: CancelToken = NEVER) -> LogRows:
    """Worker side of the filter lane."""
    return base.filtered(spec.flt, levels=spec.levels, files=spec.files, progress=progress, cancel=cancel)


def histogram_of(rows: LogRows, *, progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> object:
    """Worker side of the histogram lane: lines per level over time of the view's files."""
    cancel.raise_if_cancelled()
    return level_histogram([source.parsed for source in rows.sources])


class LogTableView(FixedRowTableView):
    """Parsed log rows in the theme's monospace font (10M rows stay instant); Ctrl+C copies raw lines."""

    copy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(monospace_font(), parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fitted: tuple[object, ...] = ()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def fit_columns(self, model: LogTableModel, rows: LogRows | None) -> None:
        """Column widths from the font, never from the rows (measuring would visit every line);
        only when the columns change, so a new filter result keeps the user's widths."""
        lines = max((len(s.parsed.lines) for s in rows.sources), default=0) if rows is not None else 0
        spans_days = bool(rows is not None and rows.spans_days)
        key = (model.columns, spans_days, len(f"{lines}"))
        if key == self._fitted:
            return
        self._fitted = key
        digit = QFontMetrics(self.font()).horizontalAdvance("9")
        widths = dict(_WIDTHS, **{TIME: 25 if spans_days else 14, LINE: max(4, len(f"{lines}")) + 1})
        for number, name in enumerate(model.columns):
            if name != MESSAGE:
                self.setColumnWidth(number, digit * widths[name] + 12)


class LogView(LogCommands, QWidget):
    """Signals:
        rows_shown(): the table shows new rows (another file, the merged view, a filter result).
        filter_finished(matches): a filter ended; the table shows its rows.
        status_changed(text): "file:line · line x of y · N matches · encoding" for the status bar.
        marks_changed(): a mark was added or removed here.
        copied(lines): Ctrl+C put that many lines on the clipboard.
        export_finished(path, count), export_failed(message).
    """

    rows_shown = Signal()
    filter_finished = Signal(int)
    status_changed = Signal(str)
    marks_changed = Signal()
    copied = Signal(int)
    export_finished = Signal(str, int)
    export_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, theme: ThemeName = "light") -> None:
        super().__init__(parent)
        self.model = LogTableModel(self, theme)
        self.delegate = HighlightDelegate(self, theme)
        self.table = LogTableView(self)
        self.table.setModel(self.model)
        self.histogram = HistogramWidget(self)
        self.filter_bar = FilterBar(self)
        self.search_bar = SearchBar(self)
        self.jump_bar = JumpBar(self)
        self.detail = DetailPane(self)
        self.search = LogSearch(self)
        self.filter_runner = TaskRunner("filter", self)
        self.histogram_runner = TaskRunner("histogram", self)
        self.export_runner = TaskRunner("export", self)
        self.copy_runner = TaskRunner("copy", self)
        self.base: LogRows | None = None
        self.marks: Marks | None = None
        self.encodings: dict[str, str] = {}  # bundle path → encoding label, for the status bar
        self.export_folder = str(Path.home())
        self._build_layout()
        self._connect()
        self.search_bar.hide()
        self.jump_bar.hide()

    def _build_layout(self) -> None:
        splitter = split_panes(self, Qt.Orientation.Vertical, (self.table, self.detail),
                               stretch=(5, 1), sizes=(600, 130))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for widget in (self.histogram, self.filter_bar, self.search_bar, self.jump_bar):
            layout.addWidget(widget)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.copy_requested.connect(self.copy_selection)
        self.filter_bar.changed.connect(self._on_filter_changed)
        self.filter_bar.stop_requested.connect(self.filter_runner.cancel)
        self.filter_runner.progressed.connect(lambda _g, done, total, note: self.filter_bar.show_progress(
            done, total, note))
        self.filter_runner.finished.connect(self._on_filter_finished)
        self.filter_runner.failed.connect(lambda _gen, message: self.filter_bar.show_error(message))
        self.filter_runner.cancelled.connect(self._on_filter_cancelled)
        self.histogram_runner.finished.connect(lambda _gen, result: self.histogram.set_histogram(result))
        self.histogram.range_selected.connect(self.filter_bar.set_time_range)
        self.histogram.selection_cleared.connect(lambda: self.filter_bar.set_time_range(None, None))
        self.search_bar.changed.connect(self._on_search_changed)
        self.search_bar.next_requested.connect(lambda: self.step_hit(True))
        self.search_bar.previous_requested.connect(lambda: self.step_hit(False))
        self.search_bar.closed.connect(self.close_search)
        self.search.finished.connect(self._on_search_finished)
        self.search.progressed.connect(lambda note: self.search_bar.set_count(note.split(": ", 1)[-1]))
        self.search.failed.connect(lambda message: self.search_bar.set_count(message, error=True))
        self.jump_bar.line_requested.connect(self.go_to_line)
        self.jump_bar.time_requested.connect(self.go_to_time)
        self.jump_bar.closed.connect(self._close_jump_bar)
        self.export_runner.finished.connect(self._on_export_finished)
        self.export_runner.failed.connect(lambda _gen, message: self.export_failed.emit(message))
        self.copy_runner.finished.connect(self._on_copy_finished)

    # -- rows -----------------------------------------------------------------------------------

    @property
    def rows(self) -> LogRows | None:
        """The rows the table shows (the base, or its filtered rows)."""
        return self.model.rows

    def set_base(self, rows: LogRows | None, keep: tuple[str, int] | None = None) -> None:
        """Show ``rows`` (one file or the merged timeline) through the current filter."""
        self.base = rows
        self.filter_runner.cancel()
        self.histogram.set_histogram(None)
        if rows is None:
            self.histogram_runner.cancel()
            self._show(None, None)
            return
        self.filter_bar.set_files([s.path for s in rows.sources] if rows.merged else [])
        first = rows.time(0) if len(rows) else None
        self.filter_bar.set_day(first.date() if first else None)
        self.histogram_runner.start(histogram_of, rows)
        self._show(rows, keep)  # at once, so the user never waits on an empty view
        spec = self.filter_bar.refresh()  # a files choice of the merged view does not apply to one file
        if not spec.is_empty:
            self.filter_bar.begin()
            self.filter_runner.start(run_filter, rows, spec)

    def _show(self, rows: LogRows | None, keep: tuple[str, int] | None) -> None:
        self.table.setItemDelegateForColumn(self.model.column_of(MESSAGE), None)
        self.model.set_rows(rows)
        self.table.setItemDelegateForColumn(self.model.column_of(MESSAGE), self.delegate)
        self.table.fit_columns(self.model, rows)
        self.search.set_rows(rows)
        target = rows.view_row_of(*keep, nearest=True) if rows is not None and keep else None
        self.go_to_row(target if target is not None else 0)
        self._update_status()
        self.rows_shown.emit()

    def set_marks(self, marks: Marks | None) -> None:
        self.marks = marks
        self.model.set_marks(marks)

    def set_theme(self, theme: ThemeName) -> None:
        self.model.set_theme(theme)
        self.delegate.set_theme(theme)
        self.table.viewport().update()

    def shutdown(self) -> None:
        """Stop every lane (window close); the rows stay owned by whoever parsed them."""
        for runner in (self.filter_runner, self.histogram_runner, self.export_runner, self.copy_runner):
            runner.shutdown()
        self.search.shutdown()

    # -- slots ------------------------------------------------------------------------------------

    @Slot(object)
    def _on_filter_changed(self, spec: FilterSpec) -> None:
        if self.base is None:
            return
        if spec.is_empty:
            self.filter_runner.cancel()
            self._show(self.base, self.current_location())
            self.filter_bar.show_done("")
            return
        self.filter_bar.begin()
        self.filter_runner.start(run_filter, self.base, spec)

    @Slot(int, object)
    def _on_filter_finished(self, _gen: int, rows: object) -> None:
        assert isinstance(rows, LogRows)
        self._show(rows, self.current_location())
        matches = rows.matches or 0
        extra = f" · {len(rows):,} lines with context" if len(rows) != matches else ""
        self.filter_bar.show_done(f"{matches:,} matches{extra}")
        self.filter_finished.emit(matches)

    @Slot(int)
    def _on_filter_cancelled(self, _gen: int) -> None:
        self.filter_bar.show_done("stopped: the view shows the previous lines")

    @Slot(str, bool)
    def _on_search_changed(self, pattern: str, ignore_case: bool) -> None:
        self.search.set_pattern(pattern, ignore_case)
        self.delegate.set_search(self.search.regex)
        self.table.viewport().update()

    @Slot(int)
    def _on_search_finished(self, count: int) -> None:
        self.search_bar.set_count(f"{count:,} hits" if self.search.pattern else "")
        self._update_status()

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rows = self.rows
        if rows is None or not current.isValid():
            self.detail.clear()
            self.histogram.set_cursor(None)
        else:
            row = current.row()
            path, line = rows.locate(row)
            facts = [f"{path}:{line + 1}", rows.time_text(row), rows.level(row) or "", rows.time_note(row)]
            self.detail.show_line(" · ".join(fact for fact in facts if fact), rows.full_text(row))
            self.histogram.set_cursor(rows.time(row))
        self._update_status()

    @Slot(int, object)
    def _on_export_finished(self, _gen: int, count: object) -> None:
        self.export_finished.emit(str(self._export_path), int(count))  # type: ignore[call-overload]

    def _update_status(self) -> None:
        self.status_changed.emit(self.status_text())
