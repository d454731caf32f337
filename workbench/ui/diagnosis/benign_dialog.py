"""Confirm "Mark as benign": an editable regex prefilled from the evidence line, a note, and the vendor.

The pattern must be valid for both engines (Python here, Polars in the viewer) and match the line it
came from; OK stays disabled until it does, and the reason is shown under the field.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.logs.filters import check_regex
from workbench.core.rules.model import VENDORS
from workbench.ui.diagnosis.benign import suggest_regex
from workbench.ui.theme import monospace_font


def pattern_problem(pattern: str, line: str) -> str:
    """Why ``pattern`` cannot be saved for ``line`` ("" when it can)."""
    if not pattern.strip():
        return "Enter a pattern."
    try:
        compiled = re.compile(pattern)
        check_regex(pattern)
    except (re.error, WorkbenchError) as exc:
        return f"Invalid pattern: {exc}"
    if not compiled.search(line.rstrip("…")):
        return "The pattern does not match this line."
    return ""


class BenignDialog(QDialog):
    """Fields: ``regex``, ``note``, ``vendor``; ``values()`` gives them once accepted."""

    def __init__(self, line: str, note: str = "", vendor: str = "any", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark as benign")
        self.line = line
        self.sample = QPlainTextEdit(line, self)
        self.sample.setReadOnly(True)
        self.sample.setFont(monospace_font())
        self.sample.setMaximumHeight(70)
        self.regex = QLineEdit(suggest_regex(line), self)
        self.regex.setFont(monospace_font())
        self.regex.setCursorPosition(0)  # show where the pattern starts
        self.note = QLineEdit(note, self)
        self.note.setPlaceholderText("why this line is noise (shown in the viewer)")
        self.vendor = QComboBox(self)
        self.vendor.addItems(list(VENDORS))
        self.vendor.setCurrentText(vendor if vendor in VENDORS else "any")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save as benign")
        self._build_layout()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.regex.textChanged.connect(self._on_regex_text_changed)
        self._on_regex_text_changed(self.regex.text())
        self.resize(720, 300)

    def _build_layout(self) -> None:
        intro = QLabel("Lines matching this pattern are known noise: they stop counting as evidence, and a "
                       "finding left without evidence disappears. The pattern is saved on this computer only.", self)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Line", self.sample)
        form.addRow("Pattern", self.regex)
        form.addRow("", self.problem)
        form.addRow("Note", self.note)
        form.addRow("Vendor", self.vendor)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[str, str, str]:
        """(regex, note, vendor) as entered."""
        return self.regex.text().strip(), self.note.text().strip(), self.vendor.currentText()

    @Slot(str)
    def _on_regex_text_changed(self, text: str) -> None:
        problem = pattern_problem(text.strip(), self.line)
        self.problem.setText(problem or "Matches this line.")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
