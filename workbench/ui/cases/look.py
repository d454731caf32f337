"""How cases look: SLA state colours, event kind colours and icons, and the wording of times and spans.

The colours would belong in ``ui/theme.py`` (style §3: colours live there); they stay here until the
theme owner takes them over, so this package can be built without editing a file it does not own.
Every table of the cases window asks these functions, so a theme switch is one place to follow.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QTableView

from workbench.ui.theme import current_theme

# SLA states (core.cases.sla.STATES): > 1 h green-ish, < 1 h amber, < 30 min orange, breached red,
# paused grey, met plain (no colour at all: nothing is owed).
_STATE_BACKGROUNDS = {
    "light": {"ok": "#dff3dc", "lt_1h": "#ffedb0", "lt_30m": "#ffcf9e", "breached": "#f7b3b3", "paused": "#e1e1e1"},
    "dark": {"ok": "#1f3b24", "lt_1h": "#4d3e0c", "lt_30m": "#5c3310", "breached": "#5c1c20", "paused": "#35373b"},
}
# A stronger tone of the same colour for the text of the state cell itself.
_STATE_TEXT = {
    "light": {"ok": "#1d6b2a", "lt_1h": "#8a5a00", "lt_30m": "#b34700", "breached": "#b00020", "paused": "#5f6368",
              "met": "#5f6368"},
    "dark": {"ok": "#7ccf80", "lt_1h": "#e3b341", "lt_30m": "#ffa657", "breached": "#ff7b72", "paused": "#a0a8b4",
             "met": "#a0a8b4"},
}
# The state square of the list's time-to-breach cell: saturated, so it reads on a selected row too.
_STATE_ICONS = {"ok": "#2e9d44", "lt_1h": "#e0a800", "lt_30m": "#f06a00", "breached": "#d0202e",
                "paused": "#8a8f96"}
STATE_LABELS = {"ok": "on track", "lt_1h": "< 1 h", "lt_30m": "< 30 min", "breached": "breached",
                "paused": "paused", "met": "met"}

EVENT_LABELS = {"created": "Created", "customer_message": "Customer message", "public_reply": "Public reply",
                "internal_note": "Internal note", "status_change": "Status change",
                "priority_change": "Priority change", "reopened": "Reopened"}
_EVENT_COLOURS = {
    "light": {"created": "#0a7480", "customer_message": "#1f6fb2", "public_reply": "#2e7d32",
              "internal_note": "#8a6d00", "status_change": "#6a3fb2", "priority_change": "#c25400",
              "reopened": "#c62828"},
    "dark": {"created": "#56d4dd", "customer_message": "#6cb4ff", "public_reply": "#7ccf80",
             "internal_note": "#e3b341", "status_change": "#c39bff", "priority_change": "#ffa657",
             "reopened": "#ff7b72"},
}
# The letter inside an event's dot: kinds tell apart without relying on colour alone.
_EVENT_LETTERS = {"created": "+", "customer_message": "C", "public_reply": "R", "internal_note": "N",
                  "status_change": "S", "priority_change": "P", "reopened": "!"}
SEVERITY_COLOURS = {
    "light": {"critical": "#8e24aa", "error": "#c62828", "warning": "#995a00", "info": "#1f6fb2"},
    "dark": {"critical": "#c05ad6", "error": "#ff7b72", "warning": "#f0b04a", "info": "#6cb4ff"},
}


def _theme() -> str:
    return current_theme(QApplication.instance()) if QApplication.instance() else "light"


def state_background(state: str) -> QColor | None:
    """Row background of an SLA state (None for ``met``: plain)."""
    colour = _STATE_BACKGROUNDS[_theme()].get(state)
    return QColor(colour) if colour else None


def state_text(state: str) -> QColor | None:
    colour = _STATE_TEXT[_theme()].get(state)
    return QColor(colour) if colour else None


def event_colour(kind: str) -> QColor:
    return QColor(_EVENT_COLOURS[_theme()].get(kind, "#757575"))


def severity_colour(severity: str) -> QColor | None:
    colour = SEVERITY_COLOURS[_theme()].get(severity)
    return QColor(colour) if colour else None


def event_icon(kind: str) -> QIcon:
    """A coloured dot with the kind's letter, made once per theme and kind."""
    if QApplication.instance() is None:  # pixmaps need a GUI application (a model used headless)
        return QIcon()
    return _event_icon(_theme(), kind)


@cache
def _event_icon(theme: str, kind: str) -> QIcon:
    size = 16
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_EVENT_COLOURS[theme].get(kind, "#757575")))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    font = painter.font()
    font.setPixelSize(10)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _EVENT_LETTERS.get(kind, "?"))
    painter.end()
    return QIcon(pixmap)


def state_icon(state: str) -> QIcon | None:
    """A small square in the state's colour: the state stays visible on a selected (highlighted) row."""
    if QApplication.instance() is None or state == "met":
        return None
    return _state_icon(_theme(), state)


@cache
def _state_icon(_theme_name: str, state: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_STATE_ICONS.get(state, "#757575")))
    painter.drawRoundedRect(QRectF(0, 0, 12, 12), 3, 3)
    painter.end()
    return QIcon(pixmap)


def compact_rows(table: QTableView) -> None:
    """Rows one text line high (plus a little air): the style's default rows are twice what a list needs."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)


def format_when(moment: datetime | None) -> str:
    """A moment in the engineer's local time: ``2024-03-04 18:20``."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def format_span(span: timedelta) -> str:
    """``2 d 3 h``, ``1 h 05 min``, ``42 min``, ``< 1 min``: a duration at list precision."""
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min" if mins else "< 1 min"


def format_breach(left: timedelta | None, state: str) -> str:
    """The time-to-breach cell: ``in 42 min``, ``breached 1 h 05 min ago``, or the state when no clock runs."""
    if left is None:
        return STATE_LABELS.get(state, state)
    if left.total_seconds() <= 0:
        return f"breached {format_span(left)} ago"
    return f"in {format_span(left)}"
