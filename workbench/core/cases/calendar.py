"""Business-hours arithmetic for a team calendar: working windows in an IANA time zone, minus holidays.

Windows are built from local wall-clock hours day by day and converted to UTC before any arithmetic:
two aware datetimes that share a ``ZoneInfo`` subtract as wall-clock times, which is an hour off
across a DST change. In UTC every interval has its real length.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workbench.core.errors import WorkbenchError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A calendar whose next working minute is further away than this is a configuration error (e.g.
# every day a holiday), not a reason to loop forever.
_MAX_DAYS = 3700


@dataclass(frozen=True)
class TeamCalendar:
    """Working hours per weekday (0 = Monday) as (start, end) minutes after local midnight, and holidays."""

    name: str
    zone: ZoneInfo
    hours: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()

    def day_windows(self, day: date) -> list[tuple[datetime, datetime]]:
        """The UTC working windows of one local date (none on holidays)."""
        if day in self.holidays:
            return []
        result = []
        for start, end in self.hours.get(day.weekday(), ()):
            result.append((self._moment(day, start), self._moment(day, end)))
        return result

    def _moment(self, day: date, minutes: int) -> datetime:
        # 24:00 is the next day's midnight; fold=0 picks the first of two repeated wall times.
        extra, minutes = divmod(minutes, 24 * 60)
        local = datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60), tzinfo=self.zone)
        return local.astimezone(UTC)

    def windows_from(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working windows in time order that end after ``start`` (the first may begin before it)."""
        day = start.astimezone(self.zone).date()
        for offset in range(_MAX_DAYS):
            for window in self.day_windows(day + timedelta(days=offset)):
                if window[1] > start:
                    yield window
        raise WorkbenchError(f"team calendar {self.name!r} has no working hours for {_MAX_DAYS} days",
                             "check its hours and holidays in sla.json")


def business_seconds(calendar: TeamCalendar, start: datetime, end: datetime) -> float:
    """Working seconds between two moments."""
    total = 0.0
    if end <= start:
        return total
    for w_start, w_end in calendar.windows_from(start):
        if w_start >= end:
            break
        total += (min(w_end, end) - max(w_start, start)).total_seconds()
    return total


def add_business_seconds(calendar: TeamCalendar, start: datetime, seconds: float) -> datetime:
    """The moment ``seconds`` of working time after ``start`` (ends inside a window, never after it)."""
    if seconds <= 0:
        return start
    for w_start, w_end in calendar.windows_from(start):
        begin = max(w_start, start)
        available = (w_end - begin).total_seconds()
        if seconds <= available:
            return begin + timedelta(seconds=seconds)
        seconds -= available
    raise AssertionError("unreachable: windows_from raises when it runs out")


def in_business_hours(calendar: TeamCalendar, moment: datetime) -> bool:
    """Whether ``moment`` falls inside a working window (for an "outside hours" hint)."""
    day = moment.astimezone(calendar.zone).date()
    return any(s <= moment < e for d in (day - timedelta(days=1), day) for s, e in calendar.day_windows(d))


def _minutes(text: str, where: str) -> int:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
    except ValueError:
        raise WorkbenchError(f"{where}: cannot read the time {text!r}", "write it as HH:MM, e.g. 09:00") from None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        raise WorkbenchError(f"{where}: {text!r} is not a time of day")
    return hours * 60 + minutes


def calendar_from_json(name: str, data: dict) -> TeamCalendar:
    """A TeamCalendar from its sla.json entry: ``timezone``, ``hours`` per weekday, ``holidays``."""
    where = f"team {name!r}"
    try:
        zone = ZoneInfo(str(data.get("timezone", "UTC")))
    except (ValueError, KeyError):
        raise WorkbenchError(f"{where}: unknown time zone {data.get('timezone')!r}",
                             "use an IANA name such as Asia/Shanghai or Europe/Berlin") from None
    hours: dict[int, tuple[tuple[int, int], ...]] = {}
    for day_name, spans in dict(data.get("hours", {})).items():
        if day_name not in WEEKDAYS:
            raise WorkbenchError(f"{where}: unknown weekday {day_name!r}", f"use {', '.join(WEEKDAYS)}")
        parsed = tuple(sorted((_minutes(s, where), _minutes(e, where)) for s, e in spans))
        if any(start >= end for start, end in parsed):
            raise WorkbenchError(f"{where}: working hours on {day_name} end before they start")
        if any(a[1] > b[0] for a, b in itertools.pairwise(parsed)):
            raise WorkbenchError(f"{where}: working hours on {day_name} overlap")  # would count twice
        hours[WEEKDAYS.index(day_name)] = parsed
    if not any(hours.values()):
        raise WorkbenchError(f"{where} has no working hours", "add hours, e.g. \"mon\": [[\"09:00\", \"18:00\"]]")
    try:
        holidays = frozenset(date.fromisoformat(str(d)) for d in data.get("holidays", []))
    except ValueError as exc:
        raise WorkbenchError(f"{where}: bad holiday date ({exc})", "write dates as YYYY-MM-DD") from None
    return TeamCalendar(name=name, zone=zone, hours=hours, holidays=holidays)
