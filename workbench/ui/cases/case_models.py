"""Small read-only tables of the case view: timeline events, SLA clocks, findings.

Each is a ``ListTableModel`` (style §3, small tables): ``set_items`` replaces the list with a model
reset, which is right here: the lists are short and are rebuilt when the case changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from workbench.core.cases.model import Event
from workbench.core.cases.sla import Clock
from workbench.core.text.shorten import one_line
from workbench.ui.cases.look import (
    EVENT_LABELS,
    STATE_LABELS,
    event_colour,
    event_icon,
    format_breach,
    format_span,
    format_when,
    severity_colour,
    state_background,
    state_text,
)
from workbench.ui.models.list_table import ListTableModel

ItemRole = Qt.ItemDataRole.UserRole + 1  # the row's item (Event, Clock or finding dict)

_DISPLAY = Qt.ItemDataRole.DisplayRole


def event_summary(event: Event) -> str:
    """What an event says, on one line: its text, or the change it made."""
    data = event.data or {}
    change = ""
    if event.kind in ("status_change", "reopened", "priority_change") and data.get("to"):
        change = f"{str(data.get('from', '?')).replace('_', ' ')} → {str(data['to']).replace('_', ' ')}"
        if data.get("auto"):
            change += " (automatic)"
    elif event.kind == "created":
        change = ", ".join(str(data[k]).replace("_", " ") for k in ("priority", "channel") if data.get(k))
    text = one_line(event.text)
    return f"{change}: {text}" if change and text else change or text


class EventTableModel(ListTableModel[Event]):
    """The timeline, oldest first; kind shown with a coloured dot and its colour."""

    headers = ("Time", "Kind", "Visibility", "What")
    item_role = ItemRole
    roles = frozenset({_DISPLAY, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.ToolTipRole})

    def cell(self, item: Event, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            return event_icon(item.kind) if column == 1 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return event_colour(item.kind) if column == 1 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text[:2000] or None
        values = (format_when(item.at), EVENT_LABELS.get(item.kind, item.kind), item.visibility,
                  event_summary(item))
        return values[column] if 0 <= column < len(values) else None


CLOCK_LABELS = {"first_response": "First response", "next_response": "Next response", "resolution": "Resolution"}


def clock_remaining(clock: Clock) -> str:
    """``in 42 min`` / ``breached … ago`` while running, ``met at …`` / ``paused, 1 h left`` otherwise."""
    if clock.state == "met":
        late = " (late)" if clock.breached else ""
        return f"met {format_when(clock.met_at)}{late}"
    if clock.paused:
        return f"paused, {format_span(clock.remaining)} left"
    return format_breach(clock.remaining, clock.state)


class ClockTableModel(ListTableModel[Clock]):
    """The case's SLA clocks; the state cell and the row take the state's colours."""

    headers = ("Clock", "State", "Due", "Remaining", "Elapsed", "Target")
    item_role = ItemRole
    roles = frozenset({_DISPLAY, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.ToolTipRole})

    def cell(self, item: Clock, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole:
            return state_background(item.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return state_text(item.state) if column == 1 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            hours = "business hours" if item.business_hours else "calendar time"
            return f"{CLOCK_LABELS.get(item.kind, item.kind)}: counted in {hours}"
        target = format_span(item.target) + (" (business)" if item.business_hours else "")
        values = (CLOCK_LABELS.get(item.kind, item.kind), STATE_LABELS.get(item.state, item.state),
                  format_when(item.due), clock_remaining(item), format_span(item.elapsed), target)
        return values[column] if 0 <= column < len(values) else None


class FindingTableModel(ListTableModel[dict]):
    """The diagnosis' findings as stored with the case (most severe first, as the rules sort them)."""

    headers = ("Severity", "Layer", "Title", "Fix", "Evidence")
    item_role = ItemRole
    roles = frozenset({_DISPLAY, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole})

    def cell(self, item: dict, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole:
            return severity_colour(str(item.get("severity", ""))) if column == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return one_line(str(item.get("advice", "")), 500) or None
        evidence = item.get("evidence") or []
        values: tuple[Any, ...] = (item.get("severity", ""), item.get("layer", ""), item.get("title", ""),
                                   str(item.get("fix_type", "")), f"{len(evidence)} line{'s' * (len(evidence) != 1)}")
        return str(values[column]) if 0 <= column < len(values) else None

