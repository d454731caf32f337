"""SLA clocks derived from a case's events: first response, next response, resolution.

Nothing here is stored: change a target or a calendar and every clock is recomputed (design anchor 1
of the helpdesk note). All functions are pure given ``now`` and the policy, so tests pin the time.

Rules:
- First response runs from creation to the first *public* reply; internal notes never stop a clock.
- Next response is armed by a customer message once the first response was given, and met by the
  next public reply; each answered message ends a cycle, the next message starts a new one.
- Resolution runs from creation until resolved/closed; a reopen starts a new cycle with a full target.
- Every clock pauses while the case is in a pause status (waiting on the customer by default).
- Resolving a case also ends its reply clocks: nothing is owed on a solved case.
- P0/P1 count calendar time, P2/P3 business hours of the case's team calendar (all configurable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from workbench.core.cases.calendar import TeamCalendar, add_business_seconds, business_seconds
from workbench.core.cases.model import (
    DONE_STATUSES,
    Case,
    Event,
    derive_state,
    format_time,
    sorted_events,
    status_after,
)
from workbench.core.cases.policy import SlaPolicy, Target, load_policy

STATES = ("ok", "lt_1h", "lt_30m", "breached", "paused", "met")
_FOREVER = datetime.max.replace(tzinfo=UTC)
# How urgent a state is, for the one state shown per case in a list (most urgent first).
_URGENCY = ("breached", "lt_30m", "lt_1h", "ok", "paused", "met")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Clock:
    """One SLA clock of a case as of ``now``. ``elapsed``/``remaining`` are in the clock's own time
    (business or calendar); ``due`` is a wall-clock moment (None while paused or when met in time)."""

    kind: str
    due: datetime | None
    elapsed: timedelta
    remaining: timedelta
    state: str
    met_at: datetime | None = None
    started: datetime | None = None
    target: timedelta = timedelta()
    business_hours: bool = False
    paused: bool = False

    @property
    def breached(self) -> bool:
        """Whether the target was (or is) missed, even when the clock was met late."""
        return self.remaining <= timedelta()

    def to_json(self) -> dict[str, Any]:
        """JSON-ready clock: times as ISO text, durations in whole seconds."""
        def when(moment: datetime | None) -> str | None:
            return format_time(moment) if moment else None

        return {"kind": self.kind, "state": self.state, "due": when(self.due), "met_at": when(self.met_at),
                "started": when(self.started), "elapsed_s": round(self.elapsed.total_seconds()),
                "remaining_s": round(self.remaining.total_seconds()), "target_s": round(self.target.total_seconds()),
                "business_hours": self.business_hours, "paused": self.paused, "breached": self.breached}


@dataclass(frozen=True)
class _Meter:
    """Measures and extends intervals in business time (with a calendar) or calendar time."""

    calendar: TeamCalendar | None

    def measure(self, start: datetime, end: datetime) -> float:
        if self.calendar is None:
            return (end - start).total_seconds()
        return business_seconds(self.calendar, start, end)

    def add(self, start: datetime, seconds: float) -> datetime:
        if self.calendar is None:
            return start + timedelta(seconds=seconds)
        return add_business_seconds(self.calendar, start, seconds)


def _status_timeline(events: list[Event]) -> list[tuple[datetime, str]]:
    return [(e.at, status) for e in events if (status := status_after(e))]


def _periods(timeline: list[tuple[datetime, str]], statuses: frozenset[str]) -> list[Interval]:
    """The intervals during which the status was one of ``statuses`` (an open one ends at _FOREVER)."""
    result: list[Interval] = []
    since: datetime | None = None
    for at, status in timeline:
        if status in statuses and since is None:
            since = at
        elif status not in statuses and since is not None:
            result.append((since, at))
            since = None
    if since is not None:
        result.append((since, _FOREVER))
    return result


def _subtract(start: datetime, end: datetime, holes: list[Interval]) -> list[Interval]:
    """[start, end) without the holes, as ordered intervals."""
    pieces = [(start, end)] if end > start else []
    for h_start, h_end in holes:
        cut: list[Interval] = []
        for p_start, p_end in pieces:
            if h_end <= p_start or h_start >= p_end:
                cut.append((p_start, p_end))
                continue
            if p_start < h_start:
                cut.append((p_start, h_start))
            if h_end < p_end:
                cut.append((h_end, p_end))
        pieces = cut
    return pieces


@dataclass(frozen=True)
class _Context:
    now: datetime
    paused: list[Interval]
    policy: SlaPolicy
    calendar: TeamCalendar


def _state(stopped: bool, remaining: float, paused_now: bool, policy: SlaPolicy) -> str:
    if stopped:
        return "met"
    if remaining <= 0:
        return "breached"  # a breach stays visible while paused: it already happened
    if paused_now:
        return "paused"
    if remaining < policy.warn_30m * 60:
        return "lt_30m"
    return "lt_1h" if remaining < policy.warn_1h * 60 else "ok"


def _run(kind: str, start: datetime, stop: datetime | None, target: Target, ctx: _Context) -> Clock:
    """Evaluate one cycle of a clock from ``start`` until ``stop`` (None: still running) at ``ctx.now``."""
    if stop is not None and stop > ctx.now:
        stop = None  # the stopping event lies after `now`: as of now the clock still runs
    meter = _Meter(ctx.calendar if target.business_hours else None)
    end = stop if stop is not None else max(ctx.now, start)
    elapsed, due = 0.0, None
    for piece_start, piece_end in _subtract(start, end, ctx.paused):
        part = meter.measure(piece_start, piece_end)
        if due is None and elapsed + part >= target.seconds:
            due = meter.add(piece_start, target.seconds - elapsed)  # the moment it was crossed
        elapsed += part
    paused_now = stop is None and any(s <= ctx.now < e for s, e in ctx.paused)
    if due is None and stop is None and not paused_now:
        due = meter.add(max(ctx.now, start), target.seconds - elapsed)  # if nothing pauses it from now on
    remaining = target.seconds - elapsed
    return Clock(kind=kind, due=due, elapsed=timedelta(seconds=elapsed), remaining=timedelta(seconds=remaining),
                 state=_state(stop is not None, remaining, paused_now, ctx.policy), met_at=stop, started=start,
                 target=timedelta(seconds=target.seconds), business_hours=target.business_hours, paused=paused_now)


def _first_stop(events: list[Event], start: datetime) -> datetime | None:
    """When the first response was given: the first public reply, or the case being resolved first."""
    for event in events:
        if event.at >= start and (event.kind == "public_reply" or status_after(event) in DONE_STATUSES):
            return event.at
    return None


def _next_response_cycle(events: list[Event], first_stop: datetime) -> tuple[datetime, datetime | None] | None:
    """The latest (start, stop) of the next-response clock, or None if no customer message armed it."""
    cycle: tuple[datetime, datetime | None] | None = None
    armed: datetime | None = None
    status = "new"
    for event in events:
        status = status_after(event) or status
        if event.at < first_stop:
            continue
        if event.kind == "customer_message" and armed is None and status not in DONE_STATUSES:
            armed = event.at
            cycle = (armed, None)
        elif armed is not None and (event.kind == "public_reply" or status in DONE_STATUSES):
            cycle, armed = (armed, event.at), None
    return cycle


def _resolution_cycle(timeline: list[tuple[datetime, str]], created: datetime) -> tuple[datetime, datetime | None]:
    """The latest resolution cycle: from creation or the last reopen, until resolved/closed."""
    start, stop = created, None
    for at, status in timeline:
        if status in DONE_STATUSES and stop is None:
            stop = at
        elif status not in DONE_STATUSES and stop is not None:
            start, stop = at, None  # reopened: a fresh cycle with the full target
    return start, stop


def clocks(case: Case, events: list[Event], now: datetime, policy: SlaPolicy | None = None) -> list[Clock]:
    """The case's SLA clocks at ``now``: first response, next response (once armed), resolution."""
    policy = policy or load_policy()
    ordered = sorted_events(events)
    created = next((e.at for e in ordered if e.kind == "created"), case.created)
    ordered = [e for e in ordered if e.at <= now]  # what has not happened yet as of `now` cannot count
    _status, priority = derive_state(case, ordered)
    timeline = _status_timeline(ordered) or [(created, "new")]
    ctx = _Context(now=now, paused=_periods(timeline, policy.pause_statuses), policy=policy,
                   calendar=policy.calendar(case.team))

    def target(kind: str) -> Target:
        return policy.target(priority, kind)

    first_stop = _first_stop(ordered, created)
    result = [_run("first_response", created, first_stop, target("first_response"), ctx)]
    cycle = _next_response_cycle(ordered, first_stop) if first_stop is not None else None
    if cycle is not None:
        result.append(_run("next_response", cycle[0], cycle[1], target("next_response"), ctx))
    start, stop = _resolution_cycle(timeline, created)
    result.append(_run("resolution", start, stop, target("resolution"), ctx))
    return result


def time_to_breach(case: Case, events: list[Event], now: datetime, policy: SlaPolicy | None = None
                   ) -> timedelta | None:
    """Wall-clock time until the earliest running clock breaches (negative once breached).

    None when no clock is running (all met or paused): such cases sort after every running one.
    """
    running = [c.due - now for c in clocks(case, events, now, policy) if c.state not in ("met", "paused") and c.due]
    return min(running, default=None)


def overall_state(case_clocks: list[Clock]) -> str:
    """The most urgent state among a case's clocks: what a case list shows in colour."""
    return min((c.state for c in case_clocks), key=_URGENCY.index, default="met")


def sort_key(case_clocks: list[Clock], now: datetime) -> tuple[int, float]:
    """Order for a case list: running clocks by time to breach, then paused ones, then the finished."""
    running = [(c.due - now).total_seconds() for c in case_clocks if c.state not in ("met", "paused") and c.due]
    if running:
        return 0, min(running)
    paused = [c.remaining.total_seconds() for c in case_clocks if c.state == "paused"]
    return (1, min(paused)) if paused else (2, 0.0)

