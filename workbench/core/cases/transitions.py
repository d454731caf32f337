"""Which events a user action writes: the rules of the case life cycle, separate from storage.

The status changes that follow from a message are written as events of their own (marked
``"auto": true``) rather than applied silently, so the timeline shows why a clock paused or resumed.
"""

from __future__ import annotations

from typing import Any

from workbench.core.cases.model import DONE_STATUSES, EVENT_KINDS, PRIORITIES, STATUSES, check_choice
from workbench.core.errors import WorkbenchError

Planned = tuple[str, str, dict[str, Any]]  # (kind, text, data)


def _status_change(to: str, text: str, status_then: str, auto: bool = False) -> Planned:
    check_choice("status", to, STATUSES)
    if to == status_then:
        raise WorkbenchError(f"the case is already {to}")
    if to == "new":
        raise WorkbenchError("a case cannot go back to new", "use open, or reopened after resolved")
    if to == "reopened" and status_then not in DONE_STATUSES:
        raise WorkbenchError(f"only a resolved or closed case can be reopened (it is {status_then})")
    data: dict[str, Any] = {"from": status_then, "to": to}
    if auto:
        data["auto"] = True
    # Leaving resolved/closed for any active status is a reopen: the resolution clock re-arms.
    kind = "reopened" if status_then in DONE_STATUSES and to not in DONE_STATUSES else "status_change"
    return kind, text, data


def plan_event(kind: str, text: str, data: dict[str, Any], status_then: str, priority_then: str) -> list[Planned]:
    """The events to write for one action, given the status and priority at the event's time."""
    check_choice("event kind", kind, EVENT_KINDS)
    if kind == "created":
        raise WorkbenchError("a case is created once, by `workbench case new`")
    if kind in ("status_change", "reopened"):
        to = "reopened" if kind == "reopened" else str(data.get("to") or "")
        if not to:
            raise WorkbenchError("a status change needs the new status", f"use one of: {', '.join(STATUSES)}")
        return [_status_change(to, text, status_then)]
    if kind == "priority_change":
        to = check_choice("priority", str(data.get("to") or ""), PRIORITIES)
        if to == priority_then:
            raise WorkbenchError(f"the case is already {to}")
        return [(kind, text, {**data, "from": priority_then, "to": to})]
    planned: list[Planned] = [(kind, text, data)]
    # A customer's answer ends the wait (the clocks resume); the first public reply opens a new case.
    resumes = kind == "customer_message" and status_then == "waiting_on_customer"
    if resumes or (kind == "public_reply" and status_then == "new"):
        planned.append(_status_change("open", "", status_then, auto=True))
    return planned
