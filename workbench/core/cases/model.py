"""What a case is: its fields, its events, and the fixed vocabularies both use.

Plain dataclasses with no database in them, so the SLA engine and the reply templates can be fed
hand-built cases in tests. Times are aware datetimes in UTC; the store writes them as fixed-width
ISO strings (``2024-03-02T01:20:00.000Z``) so that text order is time order in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from workbench.core.errors import WorkbenchError

CHANNELS = ("ticket", "im_group", "account_manager", "hotline", "email")
PRIORITIES = ("P0", "P1", "P2", "P3")
STATUSES = ("new", "open", "waiting_on_customer", "resolved", "closed", "reopened")
EVENT_KINDS = ("created", "customer_message", "public_reply", "internal_note", "status_change",
               "priority_change", "reopened")
# Who can see an event follows from its kind, never from a flag someone may forget to set: only what
# the customer wrote or was sent is public (design anchor 3 of the helpdesk note).
PUBLIC_KINDS = frozenset({"customer_message", "public_reply"})
DONE_STATUSES = frozenset({"resolved", "closed"})


def visibility_of(kind: str) -> str:
    """``public`` for customer messages and public replies, ``internal`` for everything else."""
    return "public" if kind in PUBLIC_KINDS else "internal"


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else a WorkbenchError naming the valid ones."""
    if value not in choices:
        raise WorkbenchError(f"unknown {name} {value!r}", f"use one of: {', '.join(choices)}")
    return value


def utc_now() -> datetime:
    """The current time, aware, in UTC (the one place production code reads the clock)."""
    return datetime.now(UTC)


def parse_time(text: str) -> datetime:
    """An ISO-8601 time with a zone offset (``…+08:00`` or ``…Z``) as an aware UTC datetime.

    A time without an offset is refused rather than guessed: cases come from customers in other time
    zones, and a silently wrong hour moves every SLA clock.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise WorkbenchError(f"cannot read the time {text!r}",
                             "write it as ISO 8601 with an offset, e.g. 2024-03-02T09:20+08:00") from None
    if moment.tzinfo is None:
        raise WorkbenchError(f"the time {text!r} has no time zone",
                             "add an offset, e.g. 2024-03-02T09:20+08:00 or 2024-03-02T01:20Z")
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """Fixed-width UTC ISO text with milliseconds: sorts as text in the same order as in time."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times in cases are always aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def read_time(text: str) -> datetime:
    """The inverse of :func:`format_time` (also accepts any ISO text with an offset)."""
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass
class Case:
    """One customer problem. ``status`` and ``priority`` mirror the latest events (events are the truth)."""

    customer: str
    priority: str
    created: datetime
    channel: str = "ticket"
    status: str = "new"
    id: int = 0
    title: str = ""
    product: str = ""
    owner: str = ""
    team: str = "default"
    bundle_name: str = ""
    bundle_path: str = ""  # relative to the case folder, "" when the case has no bundle
    bundle_sha256: str = ""
    redaction: dict[str, Any] = field(default_factory=dict)  # per-case overrides, e.g. keep_user_ids
    updated: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready fields (times as ISO text)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["created"] = format_time(self.created)
        data["updated"] = format_time(self.updated) if self.updated else None
        return data


@dataclass
class Event:
    """Something that happened to a case at ``at``: a message, a reply, a note or a change."""

    at: datetime
    kind: str
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    id: int = 0
    case_id: int = 0

    @property
    def visibility(self) -> str:
        """``public`` or ``internal``, from the kind."""
        return visibility_of(self.kind)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready event (time as ISO text, visibility spelled out)."""
        return {"id": self.id, "at": format_time(self.at), "kind": self.kind, "visibility": self.visibility,
                "text": self.text, "data": self.data}


def sorted_events(events: list[Event]) -> list[Event]:
    """Events in time order; ties keep the order they were recorded in (their id)."""
    return sorted(events, key=lambda e: (e.at, e.id))


def status_after(event: Event) -> str | None:
    """The status an event moves the case to, or None when it does not change the status."""
    if event.kind == "created":
        return "new"
    if event.kind == "reopened":  # may name the active status it went to (e.g. resolved → open)
        return str(event.data.get("to") or "reopened")
    if event.kind == "status_change":
        return str(event.data.get("to") or "") or None
    return None


def derive_state(case: Case, events: list[Event]) -> tuple[str, str]:
    """(status, priority) after ``events``: the latest status and priority change win."""
    status, priority = "new", case.priority
    for event in sorted_events(events):
        status = status_after(event) or status
        if event.kind == "priority_change" and event.data.get("to") in PRIORITIES:
            priority = event.data["to"]
    return status, priority
