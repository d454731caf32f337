"""The log format registry: ``resources/formats/*.json`` loaded into ``LogFormat`` objects.

A format is data (design §5, in the spirit of lnav's format files): one line regex with named
groups, a level map, a continuation rule, and real-looking sample lines with the fields they must
give. Timestamps are described by *named groups* rather than a strftime layout, so the same
definition drives the Python reference parser (sniffing, tests) and the vectorised Polars parser,
and odd stamps (Agora 3.x space padding, Mars ``+8.0`` offsets, Chromium ``MMDD/HHMMSS``) need no
special code. Regexes must stay in the syntax Python ``re`` and Rust ``regex`` share: no
look-around, no backreferences.

Time groups: ``year`` | ``year2`` (2-digit), ``month`` | ``mon`` (Jan…Dec), ``day``, ``hour``,
``minute``, ``second``, ``frac`` (fraction digits, spaces count as zeros), ``ampm``, ``tz``
(``Z``, ``+0800``, ``+08:00``), ``tzh`` (hours as ``+8.0``), ``epoch`` (seconds), ``epoch_ms``,
``elapsed_s`` + ``elapsed_ms`` (time since start). Field groups: ``level``, ``thread``, ``pid``,
``tag``, ``message`` (and ``ts``, the whole stamp as written).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir

LEVELS = ("debug", "info", "warning", "error", "fatal")
FIELDS = ("level", "thread", "pid", "tag", "message")
TIME_GROUPS = ("year", "year2", "month", "mon", "day", "hour", "minute", "second", "frac", "ampm", "tz", "tzh",
               "epoch", "epoch_ms", "elapsed_s", "elapsed_ms")
MONTHS = {name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                            "nov", "dec"), start=1)}


@dataclass(frozen=True)
class TimeFlags:
    """What a format's timestamps lack, so the engine must assume it."""

    year_assumed: bool
    date_assumed: bool
    tz_assumed: bool
    relative: bool  # elapsed time since the process started, not a wall-clock time


@dataclass(frozen=True)
class LogFormat:
    """One log format of the registry."""

    id: str
    vendor: str
    title: str
    regex: str
    levels: dict[str, str]
    continuation: str = ""  # regex for unmatched lines that belong to the previous record; "*" = all
    priority: int = 50  # breaks sniffing ties: specific formats above generic ones
    json_fields: dict[str, list[str]] = field(default_factory=dict)  # JSON-lines formats: field -> keys
    json_require: tuple[str, ...] = ()  # keys a JSON line must have to be this format
    samples: tuple[dict, ...] = ()
    compiled: re.Pattern = field(init=False, repr=False, compare=False)
    continuation_re: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(self.regex))
        cont = None if self.continuation in ("", "*") else re.compile(self.continuation)
        object.__setattr__(self, "continuation_re", cont)

    @property
    def groups(self) -> set[str]:
        return set(self.compiled.groupindex)

    @property
    def is_json(self) -> bool:
        return bool(self.json_fields)

    @property
    def time_flags(self) -> TimeFlags:
        groups = self.groups | ({"epoch", "tz"} if self.is_json else set())
        absolute = bool(groups & {"epoch", "epoch_ms"})
        relative = "elapsed_s" in groups
        has_date = absolute or bool(groups & {"day"})
        return TimeFlags(
            year_assumed=not (absolute or groups & {"year", "year2"}),
            date_assumed=not has_date,
            tz_assumed=not (absolute or groups & {"tz", "tzh"}),
            relative=relative,
        )

    def level_of(self, raw: str | None) -> str | None:
        """The normalised level of a raw level text (``E``, ``ERROR``, ``erreur``), or None."""
        if raw is None:
            return None
        key = raw.strip()
        return self.levels.get(key) or {k.lower(): v for k, v in self.levels.items()}.get(key.lower())

    def continues(self, line: str) -> bool:
        """Whether an unmatched ``line`` belongs to the record above it."""
        if self.continuation == "*":
            return True
        return bool(self.continuation_re and self.continuation_re.match(line))

    def match(self, line: str) -> dict[str, str] | None:
        """Named groups of ``line`` (JSON formats: the mapped keys), or None when it does not match."""
        if self.is_json:
            return _json_groups(self, line)
        found = self.compiled.match(line)
        return None if found is None else {k: v for k, v in found.groupdict().items() if v is not None}


def _json_groups(fmt: LogFormat, line: str) -> dict[str, str] | None:
    text = line.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or any(key not in data for key in fmt.json_require):
        return None
    groups: dict[str, str] = {}
    for name, keys in fmt.json_fields.items():
        value = next((data[k] for k in keys if k in data and data[k] is not None), None)
        if value is not None:
            groups[name] = value if isinstance(value, str) else json.dumps(value)
    return groups


def time_of(groups: dict[str, str], assumed: datetime) -> datetime | None:
    """The timestamp in ``groups`` as naive UTC when an offset is known, else naive local time.

    ``assumed`` supplies the year (and the date, for time-of-day-only stamps).
    """
    try:
        return _time_of(groups, assumed)
    except (ValueError, OverflowError, KeyError):
        return None  # Feb 30, hour 25 …: the line keeps its text, it just has no time


def _time_of(g: dict[str, str], assumed: datetime) -> datetime | None:
    if "epoch" in g or "epoch_ms" in g:
        seconds = float(g["epoch"]) if "epoch" in g else float(g["epoch_ms"]) / 1000
        if seconds > 1e11:  # a JSON "ts" in milliseconds
            seconds /= 1000
        return datetime(1970, 1, 1) + timedelta(seconds=seconds)
    if "elapsed_s" in g:
        return datetime(assumed.year, assumed.month, assumed.day) + timedelta(
            seconds=int(g["elapsed_s"]), milliseconds=int(g.get("elapsed_ms", "0") or 0))
    if "hour" not in g:
        return None
    year = int(g["year"]) if "year" in g else (2000 + int(g["year2"]) if "year2" in g else assumed.year)
    month = MONTHS[g["mon"][:3].lower()] if "mon" in g else int(g.get("month", assumed.month))
    day = int(g.get("day", assumed.day))
    hour = int(g["hour"].strip()) % 12 + (12 if g.get("ampm", "").upper() == "PM" else 0) if "ampm" in g \
        else int(g["hour"].strip())
    frac = g.get("frac", "").replace(" ", "0")
    micro = int((frac + "000000")[:6]) if frac else 0
    moment = datetime(year, month, day, hour, int(g.get("minute", "0").strip()),
                      int(g.get("second", "0").strip()), micro)
    offset = offset_minutes(g)
    return moment - timedelta(minutes=offset) if offset is not None else moment


_TZ = re.compile(r"^(?:Z|UTC|GMT)$|^([+-])(\d\d):?(\d\d)?$")


def offset_minutes(g: dict[str, str]) -> int | None:
    """Minutes east of UTC from a ``tz`` (``Z``, ``+0800``, ``+08:00``) or ``tzh`` (``+8.0``) group."""
    if "tzh" in g:
        return round(float(g["tzh"]) * 60)
    if "tz" not in g:
        return None
    found = _TZ.match(g["tz"].strip())
    if not found:
        return None
    if not found.group(1):
        return 0
    minutes = int(found.group(2)) * 60 + int(found.group(3) or 0)
    return -minutes if found.group(1) == "-" else minutes


def _load_one(path: Path) -> LogFormat:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return LogFormat(id=raw["id"], vendor=raw.get("vendor", ""), title=raw.get("title", raw["id"]),
                         regex=raw.get("regex", "^"), levels=raw.get("levels", {}),
                         continuation=raw.get("continuation", ""), priority=int(raw.get("priority", 50)),
                         json_fields=raw.get("json", {}), json_require=tuple(raw.get("json_require", ())),
                         samples=tuple(raw.get("samples", ())))
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise WorkbenchError(f"format file {path.name} is invalid: {exc}") from exc


@cache
def load_formats(folder: Path | None = None) -> dict[str, LogFormat]:
    """Every format of the registry by id (``text`` last: it is the fallback)."""
    folder = folder or resources_dir() / "formats"
    formats = [_load_one(path) for path in sorted(folder.glob("*.json"))]
    return {fmt.id: fmt for fmt in sorted(formats, key=lambda f: (f.id == "text", f.id))}


def parse_line(fmt: LogFormat, line: str, assumed: datetime) -> dict[str, object] | None:
    """Reference parse of one line (sniffing, tests): fields with the level normalised, and ``time``.

    The bulk parser (parse.py) must give the same results; tests check both on every sample.
    """
    groups = fmt.match(line)
    if groups is None:
        return None
    fields: dict[str, object] = {name: groups[name] for name in FIELDS if name in groups}
    if "level" in fields:
        fields["level"] = fmt.level_of(str(fields["level"]))
    if fmt.is_json and "ts" in groups:
        fields["time"] = json_time(groups["ts"])
    else:
        fields["time"] = time_of(groups, assumed)
    return fields


_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)[T ](?P<hour>\d\d):(?P<minute>\d\d)"
                  r"(?::(?P<second>\d\d)(?:[.,](?P<frac>\d{1,9}))?)?\s*(?P<tz>Z|[+-]\d\d:?\d\d)?$")


def json_time(value: str) -> datetime | None:
    """A JSON log's time: epoch seconds or milliseconds as a number, or an ISO-8601 string."""
    try:
        return time_of({"epoch": str(float(value))}, datetime(1970, 1, 1))
    except ValueError:
        pass
    found = _ISO.match(value.strip())
    if not found:
        return None
    return time_of({k: v for k, v in found.groupdict().items() if v is not None}, datetime(1970, 1, 1))
