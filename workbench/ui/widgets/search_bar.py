"""Inline bars under the filter bar: search (``/``, ``Ctrl+F``) and go to line/time (``Ctrl+L``/``Ctrl+T``).

Both are rows of the log view, not dialogs: they open with a key, take one field, and close with
Escape. The search pattern is checked here (Rust syntax, as the search lane runs it); an invalid
one is shown inline in red.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.logs.filters import check_regex
from workbench.ui.widgets.filter_bar import DEBOUNCE_MS, show_status


class _Field(QLineEdit):
    """A line edit that reports Enter, Shift+Enter and Escape."""

    entered = Signal(bool)  # shift held
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


def _open_with_field(bar: QWidget, field: QLineEdit) -> None:
    """Show ``bar`` with ``field`` focused and its text selected: typing replaces the last entry."""
    bar.show()
    field.setFocus()
    field.selectAll()


class SearchBar(QWidget):
    """Signals:
        changed(pattern, ignore_case): a valid pattern the user settled on ("" clears the search).
        next_requested(), previous_requested(): Enter / Shift+Enter or the arrow buttons.
        closed(): Escape or the close button.
    """

    changed = Signal(str, bool)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = _Field(self)
        self.field.setPlaceholderText("Search all shown lines (regex)…")
        self.field.setClearButtonEnabled(True)
        self.ignore_case = QCheckBox("Aa", self)
        self.ignore_case.setToolTip("Ignore case")
        self.previous_button = self._button("▲", "Previous hit (Shift+F3, N)", self.previous_requested)
        self.next_button = self._button("▼", "Next hit (F3, n)", self.next_requested)
        self.count = QLabel(self)
        close = self._button("✕", "Close (Esc)", self.closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        for widget in (QLabel("Search:", self), self.field, self.ignore_case, self.previous_button,
                       self.next_button, self.count, close):
            layout.addWidget(widget, 3 if widget is self.field else 0)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.field.textChanged.connect(self._timer.start)
        self.ignore_case.toggled.connect(self._timer.start)
        self.field.entered.connect(self._on_field_entered)
        self.field.escaped.connect(self.closed)
        self._emitted: tuple[str, bool] = ("", False)

    def _button(self, text: str, tip: str, signal: Signal) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(signal)
        return button

    def open(self) -> None:
        _open_with_field(self, self.field)

    def set_count(self, text: str, error: bool = False) -> None:
        show_status(self.count, text, error)

    @Slot(bool)
    def _on_field_entered(self, shift: bool) -> None:
        if self._timer.isActive():  # Enter right after typing: search now, then go to the first hit
            self._timer.stop()
            self._on_timer_timeout()
        (self.previous_requested if shift else self.next_requested).emit()

    @Slot()
    def _on_timer_timeout(self) -> None:
        pattern, case = self.field.text(), self.ignore_case.isChecked()
        try:
            if pattern:
                check_regex(pattern, case)
        except WorkbenchError as exc:
            self.set_count(str(exc), error=True)
            return
        if (pattern, case) != self._emitted:
            self._emitted = (pattern, case)
            self.set_count("")
            self.changed.emit(pattern, case)


class JumpBar(QWidget):
    """Go to a line (of the current file) or a time. Signals: line_requested(int 1-based),
    time_requested(str), closed()."""

    line_requested = Signal(int)
    time_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.field = _Field(self)
        self.message = QLabel(self)
        self.mode = "line"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.message, 2)
        self.field.entered.connect(self._on_field_entered)
        self.field.escaped.connect(self.closed)

    def open(self, mode: str) -> None:
        """``mode`` is "line" or "time"."""
        self.mode = mode
        self.label.setText("Go to line:" if mode == "line" else "Go to time:")
        self.field.setPlaceholderText("line number" if mode == "line" else "HH:MM:SS[.mmm] or YYYY-MM-DD HH:MM:SS")
        self.say("")
        _open_with_field(self, self.field)

    def say(self, text: str, error: bool = False) -> None:
        show_status(self.message, text, error)

    @Slot(bool)
    def _on_field_entered(self, _shift: bool) -> None:
        text = self.field.text().strip().replace(",", "")
        if self.mode == "time":
            self.time_requested.emit(text)
        elif text.isdigit() and int(text) > 0:
            self.line_requested.emit(int(text))
        else:
            self.say(f"not a line number: {text!r}", error=True)
