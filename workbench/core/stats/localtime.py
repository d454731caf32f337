"""Old webrtc-internals update logs: ``time`` written by ``Date.toLocaleString()`` in the user's locale.

``11/5/2020, 9:34:11 PM`` (en-US) and ``08/11/2020, 10:58:45`` (en-GB) look alike, and neither says
its time zone. The stats series of the same file carry UTC ``startTime``/``endTime``, so for each
date order we look for the UTC offset (a multiple of 15 minutes) that puts the most update-log
events inside their PeerConnection's stats window, and keep the order and offset that fit best.
Without stats the file's times are taken as UTC, month-first unless a day above 12 proves otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

_DATE_TIME = re.compile(
    r"^\s*(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})\.?[,\s]*(?P<pre>上午|下午)?\s*"
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:[.,](?P<f>\d{1,6}))?\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?|上午|下午)?\s*$")
_TIME_ONLY = re.compile(r"^\s*(?P<pre>上午|下午)?\s*(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*"
                        r"(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?\s*$")
ORDERS = ("MDY", "DMY", "YMD")
_STEP = timedelta(minutes=15)
_OFFSETS = [_STEP * k for k in range(-48, 57)]  # UTC-12:00 … UTC+14:00
_MARGIN = timedelta(seconds=5)  # update-log times are cut to the second; stats start on a poll


@dataclass(frozen=True)
class Window:
    """The stats time span of one PeerConnection (naive UTC)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class LocalTimes:
    """The decision for one file: date order, UTC offset of the local times, and whether it was a guess."""

    order: str
    offset: timedelta
    assumed: bool
    anchor_day: datetime | None = None

    def to_utc(self, text: str) -> datetime | None:
        """One ``time`` string as naive UTC (None if it does not parse)."""
        moment = parse_local(text, self.order, self.anchor_day)
        return None if moment is None else moment - self.offset

    def describe(self) -> str:
        """The decision in words, for the dump's warnings."""
        hours = self.offset.total_seconds() / 3600
        sign = "+" if hours >= 0 else "-"
        zone = f"UTC{sign}{int(abs(hours)):02d}:{int(abs(hours) * 60) % 60:02d}"
        how = "assumed" if self.assumed else "matched to the stats times"
        return f"update-log times are local ({self.order[0]}/{self.order[1]}/{self.order[2]}, {zone}, {how})"


def _hour(groups: dict[str, str | None]) -> int:
    """24-hour clock from the hour and an AM/PM (or 上午/下午) marker."""
    hour = int(groups["h"] or 0)
    marker = (groups.get("ampm") or groups.get("pre") or "").replace(".", "").replace(" ", "").upper()
    if marker in ("PM", "下午"):
        return hour % 12 + 12
    if marker in ("AM", "上午"):
        return hour % 12
    return hour


def parse_local(text: str, order: str, anchor_day: datetime | None = None) -> datetime | None:
    """``text`` as a naive local datetime under date ``order`` (None if it does not fit)."""
    found = _DATE_TIME.match(text)
    try:
        if found:
            g = found.groupdict()
            parts = {"MDY": (g["c"], g["a"], g["b"]), "DMY": (g["c"], g["b"], g["a"]),
                     "YMD": (g["a"], g["b"], g["c"])}[order]
            year = int(parts[0]) + (2000 if len(parts[0]) <= 2 else 0)
            day = datetime(year, int(parts[1]), int(parts[2]))
        else:
            found = _TIME_ONLY.match(text)
            if not found or anchor_day is None:
                return None
            g = found.groupdict()
            day = datetime(anchor_day.year, anchor_day.month, anchor_day.day)
        micro = int(((g.get("f") or "") + "000000")[:6])
        return day.replace(hour=_hour(g), minute=int(g["m"]), second=int(g["s"] or 0), microsecond=micro)
    except ValueError:
        return None  # month 13, day 32: this order does not fit


def _candidate_orders(texts: list[str]) -> list[str]:
    first = _DATE_TIME.match(texts[0]) if texts else None
    if first and len(first.group("a")) == 4:
        return ["YMD"]
    return ["MDY", "DMY"]


def _fit(local: dict[str, list[datetime]], windows: dict[str, Window]) -> tuple[int, timedelta]:
    """(events inside their window, offset) for the best offset of one date order."""
    best = (-1, timedelta(0))
    for offset in _OFFSETS:
        inside = 0
        for pc, moments in local.items():
            window = windows.get(pc)
            if window is None:
                continue
            low, high = window.start - _MARGIN, window.end + _MARGIN
            inside += sum(1 for m in moments if low <= m - offset <= high)
        if inside > best[0]:
            best = (inside, offset)
    return best


def _monotonic(local: dict[str, list[datetime]]) -> bool:
    return all(a <= b for moments in local.values() for a, b in pairwise(moments))


def decide(texts_by_pc: dict[str, list[str]], windows: dict[str, Window]) -> LocalTimes:
    """Pick the date order and UTC offset that make the update-log times agree with the stats."""
    all_texts = [t for texts in texts_by_pc.values() for t in texts]
    anchor = min((w.start for w in windows.values()), default=None)
    scored = []
    for order in _candidate_orders(all_texts):
        local = {pc: [parse_local(t, order, anchor) for t in texts] for pc, texts in texts_by_pc.items()}
        if any(m is None for moments in local.values() for m in moments):
            continue
        parsed = {pc: [m for m in moments if m is not None] for pc, moments in local.items()}
        inside, offset = _fit(parsed, windows) if windows else (0, timedelta(0))
        scored.append((inside, _monotonic(parsed), -ORDERS.index(order), order, offset))
    if not scored:
        return LocalTimes("MDY", timedelta(0), True, anchor)
    inside, _mono, _rank, order, offset = max(scored)
    if inside <= 0:  # nothing lines up (or no stats): keep local time as UTC and say so
        return LocalTimes(order, timedelta(0), True, anchor)
    return LocalTimes(order, offset, False, anchor)
