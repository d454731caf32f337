"""The filter bar above the log: include/exclude regex, levels, time range, files, threads, context.

Typing is debounced (``DEBOUNCE_MS``) and checked here, cheaply, before anything runs: an invalid
regex or time shows its message inline in red and nothing is emitted (no dialog storm). The bar
only describes the filter; the log view runs it in its *filter* lane and reports back through
``show_progress`` / ``show_done`` (klogg's inline gauge with a Stop button).
"""

from __future__ import annotations

import contextlib
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.logs.filters import LogFilter, check_regex
from workbench.core.logs.formats import LEVELS

DEBOUNCE_MS = 250
SHOW_PROGRESS_AFTER_S = 0.2  # a quick filter never flashes a gauge (klogg's "avoid a flash")
ERROR_STYLE = "color: #d32f2f;"
_LEVEL_KEYS = {"debug": "D", "info": "I", "warning": "W", "error": "E", "fatal": "F"}


def show_status(label: QLabel, text: str, error: bool = False) -> None:
    """``text`` in a bar's status ``label``: in the error colour when ``error``, else in the plain one."""
    label.setStyleSheet(ERROR_STYLE if error else "")
    label.setText(text)


@dataclass(frozen=True)
class FilterSpec:
    """A filter as ``LogRows.filtered`` takes it."""

    flt: LogFilter = field(default_factory=LogFilter)
    levels: frozenset[str] | None = None  # None: every level
    files: frozenset[str] | None = None  # None: every file (merged view)

    @property
    def is_empty(self) -> bool:
        quiet = LogFilter(ignore_case=self.flt.ignore_case, context=self.flt.context)
        return self.flt == quiet and self.levels is None and self.files is None


def parse_moment(text: str, day: date | None) -> datetime | None:
    """``2024-03-02 09:15:02.118`` (ISO) or ``09:15[:02[.118]]`` on ``day``; None for an empty field."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"cannot read the time {text!r}: use HH:MM:SS or YYYY-MM-DD HH:MM:SS") from None
    return datetime.combine(day or date.today(), clock)


class FilterBar(QWidget):
    """Signals:
        changed(spec): a valid filter the user settled on (debounced); ``FilterSpec``.
        stop_requested(): the user pressed Stop while a filter runs.
    """

    changed = Signal(object)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.include = self._edit("Include regex (Rust syntax)…", 3)
        self.exclude = self._edit("Exclude regex…", 2)
        self.ignore_case = QCheckBox("Aa", self)
        self.ignore_case.setToolTip("Ignore case")
        self.level_buttons = {level: self._level_button(level) for level in LEVELS}
        self.since = self._edit("From (HH:MM:SS or ISO)", 1)
        self.until = self._edit("To", 1)
        self.threads = self._edit("Threads (comma-separated)", 1)
        self.files_button = QToolButton(self)
        self.files_button.setText("Files")
        self.files_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.files_menu = QMenu(self.files_button)
        self.files_button.setMenu(self.files_menu)
        self.context = QSpinBox(self)
        self.context.setRange(0, 999)
        self.context.setPrefix("±")
        self.context.setSuffix(" lines")
        self.context.setToolTip("Lines of context around each match")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.stop_button = QToolButton(self)
        self.stop_button.setText("Stop")
        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._day: date | None = None
        self._started = 0.0
        self._last: FilterSpec = FilterSpec()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._build_layout()
        self._connect()
        self._set_running(False)

    def _edit(self, placeholder: str, stretch: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.setProperty("stretch", stretch)
        return edit

    def _level_button(self, level: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(_LEVEL_KEYS[level])
        button.setToolTip(f"Show {level} lines")
        button.setCheckable(True)
        button.setChecked(True)
        button.setObjectName(f"level-{level}")
        return button

    def _build_layout(self) -> None:
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in (self.include, self.exclude, self.ignore_case, *self.level_buttons.values()):
            first.addWidget(widget, int(widget.property("stretch") or 0))
        for widget in (self.since, self.until, self.files_button, self.threads, self.context, self.progress,
                       self.stop_button, self.status):
            second.addWidget(widget, int(widget.property("stretch") or 0))
        second.setStretchFactor(self.status, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(first)
        layout.addLayout(second)

    def _connect(self) -> None:
        for edit in (self.include, self.exclude, self.since, self.until, self.threads):
            edit.textChanged.connect(self._timer.start)
        for button in (self.ignore_case, *self.level_buttons.values()):
            button.toggled.connect(self._timer.start)
        self.context.valueChanged.connect(self._timer.start)
        self.files_menu.triggered.connect(self._timer.start)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.stop_button.clicked.connect(self.stop_requested)

    # -- what the view tells the bar ------------------------------------------------------------

    def set_day(self, day: date | None) -> None:
        """The date a bare ``HH:MM:SS`` means (the first day of the view)."""
        self._day = day

    def set_files(self, paths: list[str]) -> None:
        """The files a merged view can show (empty: a per-file view, the button is hidden)."""
        chosen = self._chosen_files()
        self.files_menu.clear()
        for path in paths:
            action = QAction(path, self.files_menu)
            action.setCheckable(True)
            action.setChecked(chosen is None or path in chosen)
            self.files_menu.addAction(action)
        self.files_button.setVisible(bool(paths))

    def set_time_range(self, start: datetime | None, end: datetime | None) -> None:
        """Fill the time fields (the histogram's selection) and apply at once."""
        self.since.setText(start.isoformat(sep=" ", timespec="milliseconds") if start else "")
        self.until.setText(end.isoformat(sep=" ", timespec="milliseconds") if end else "")
        self.apply_now()

    def apply_now(self) -> None:
        """Skip the debounce (Enter, programmatic changes)."""
        self._timer.stop()
        self._on_timer_timeout()

    def begin(self) -> None:
        """A filter job starts now (its gauge appears only if it runs a while)."""
        self._started = clock.monotonic()

    def show_progress(self, done: int, total: int, note: str) -> None:
        if clock.monotonic() - self._started < SHOW_PROGRESS_AFTER_S:
            return
        self._set_running(True)
        self.progress.setRange(0, 1000 if total else 0)
        self.progress.setValue(done * 1000 // total if total else 0)
        self._say(note.split(": ", 1)[-1])

    def show_done(self, text: str) -> None:
        self._set_running(False)
        self._say(text)

    def show_error(self, text: str) -> None:
        self._set_running(False)
        self._say(text, error=True)

    @property
    def spec(self) -> FilterSpec:
        """The last valid filter emitted (what the view shows)."""
        return self._last

    def refresh(self) -> FilterSpec:
        """Re-read the fields after the view changed (its files and day), without emitting."""
        # Invalid fields keep their red message; the last valid filter stays in force.
        with contextlib.suppress(WorkbenchError, ValueError):
            self._last = self.current_spec()
        return self._last

    # -- internals ----------------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.stop_button.setVisible(running)

    def _say(self, text: str, error: bool = False) -> None:
        show_status(self.status, text, error)
        self.status.setToolTip(text if error else "")

    def _chosen_files(self) -> frozenset[str] | None:
        actions = self.files_menu.actions()
        chosen = frozenset(a.text() for a in actions if a.isChecked())
        return None if len(chosen) == len(actions) else chosen

    def current_spec(self) -> FilterSpec:
        """The filter the fields describe; WorkbenchError/ValueError with a message when invalid."""
        case = self.ignore_case.isChecked()
        include, exclude = self.include.text(), self.exclude.text()
        for pattern in (include, exclude):
            if pattern:
                check_regex(pattern, case)
        levels = frozenset(level for level, button in self.level_buttons.items() if button.isChecked())
        threads = frozenset(t.strip() for t in self.threads.text().split(",") if t.strip())
        since, until = (parse_moment(edit.text(), self._day) for edit in (self.since, self.until))
        flt = LogFilter(match=include or None, exclude=exclude or None, ignore_case=case, since=since, until=until,
                        threads=threads, context=self.context.value())
        return FilterSpec(flt, None if len(levels) == len(LEVELS) else levels, self._chosen_files())

    @Slot()
    def _on_timer_timeout(self) -> None:
        try:
            spec = self.current_spec()
        except (WorkbenchError, ValueError) as exc:
            self.show_error(str(exc))
            return
        if self.status.styleSheet() == ERROR_STYLE:
            self._say("")
        if spec != self._last:
            self._last = spec
            self.changed.emit(spec)
