"""How cases look: SLA state colours, event kind colours and icons, and the wording of times and spans.

The colours themselves live in ``ui/theme.py`` (style §3), shared with the diagnosis dock; every
table of the cases window asks these functions, so a theme switch is one place to follow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from workbench.ui.icons import lettered_dot, square
from workbench.ui.theme import ICON_FALLBACK, checklist_status_colors, current_theme, icon_fill, support_colors

STATE_LABELS = {"ok": "on track", "lt_1h": "< 1 h", "lt_30m": "< 30 min", "breached": "breached",
                "paused": "paused", "met": "met"}
EVENT_LABELS = {"created": "Created", "customer_message": "Customer message", "public_reply": "Public reply",
                "internal_note": "Internal note", "status_change": "Status change",
                "priority_change": "Priority change", "reopened": "Reopened"}
# The letter inside an event's dot: kinds tell apart without relying on colour alone.
_EVENT_LETTERS = {"created": "+", "customer_message": "C", "public_reply": "R", "internal_note": "N",
                  "status_change": "S", "priority_change": "P", "reopened": "!"}


def state_background(state: str) -> QColor | None:
    """Row background of an SLA state (None for ``met``: plain)."""
    return support_colors("sla_row", current_theme()).get(state)


def state_text(state: str) -> QColor | None:
    return support_colors("sla_text", current_theme()).get(state)


def severity_colour(severity: str) -> QColor | None:
    """Text colour of a finding's severity (the diagnosis dock's colours)."""
    return support_colors("severity", current_theme()).get(severity)


def status_colour(status: str) -> QColor | None:
    """Text colour of a checklist status (the diagnosis dock's colours: the SLA state it borrows)."""
    return checklist_status_colors(current_theme()).get(status)


def event_colour(kind: str) -> QColor:
    return support_colors("event_kind", current_theme()).get(kind, QColor(ICON_FALLBACK))


def event_icon(kind: str) -> QIcon:
    """A coloured dot with the kind's letter."""
    if QApplication.instance() is None:  # pixmaps need a GUI application (a model used headless)
        return QIcon()
    return lettered_dot(event_colour(kind), _EVENT_LETTERS.get(kind, "?"))


def state_icon(state: str) -> QIcon | None:
    """A small square in the state's colour: the state stays visible on a selected (highlighted) row."""
    if QApplication.instance() is None or state == "met":
        return None
    return square(icon_fill("sla", state))


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
