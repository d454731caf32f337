"""The detail pane under the log: the selected line in full, where it comes from, and its JSON.

RTC SDKs log JSON payloads inside lines (``RtcEngine::initialize(…, {"appId":…})``); when a line
carries a JSON object or array, it is shown again below the line, pretty-printed.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workbench.ui.theme import monospace_font

_TRIES = 16  # opening brackets tried per line: "[time][thread][I]:" prefixes come first; cheap for noise


def _structured(value: object) -> bool:
    """A non-empty object, or an array holding objects or arrays: not ``[2231]`` or ``["I"]``."""
    if isinstance(value, dict):
        return bool(value)
    return isinstance(value, list) and any(isinstance(item, dict | list) for item in value)


def json_payload(text: str) -> object | None:
    """The first JSON object (or array of objects) found in ``text``, or None."""
    decoder = json.JSONDecoder()
    start = 0
    for _ in range(_TRIES):
        brace = min((at for at in (text.find("{", start), text.find("[", start)) if at >= 0), default=-1)
        if brace < 0:
            return None
        try:
            value, _end = decoder.raw_decode(text, brace)
        except ValueError:
            value = None
        if _structured(value):
            return value
        start = brace + 1
    return None


def detail_text(text: str) -> str:
    """The line, and its JSON payload pretty-printed under it."""
    payload = json_payload(text)
    if payload is None:
        return text
    return f"{text}\n\n{json.dumps(payload, indent=2, ensure_ascii=False)}"


class DetailPane(QWidget):
    """A one-line heading (``file:line`` and facts) over a read-only text of the full line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(monospace_font())
        self.text.setPlaceholderText("Select a line to see it in full.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self.clear()

    def clear(self) -> None:
        self.heading.setText("Line: none selected")
        self.text.clear()

    def show_line(self, heading: str, text: str) -> None:
        self.heading.setText(heading)
        self.text.setPlainText(detail_text(text))
