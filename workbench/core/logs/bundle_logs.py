"""Parse every log of an opened bundle, with the year of year-less stamps taken from the bundle.

Formats with a full date are parsed first; the year of their latest line becomes the assumption
for logcat, Chromium and syslog stamps in the same bundle (a phone's logcat beside its SDK log).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import datetime

from workbench.core.bundle.model import Bundle, BundleFile
from workbench.core.errors import WorkbenchError
from workbench.core.logs.formats import MONTHS, load_formats, offset_minutes
from workbench.core.logs.parse import ParsedLog, parse_log
from workbench.core.logs.sniff import sniff_index
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress, scaled
from workbench.core.text import LineIndex


@dataclass
class BundleLogs:
    """The parsed logs of a bundle, by bundle path. ``close()`` releases their mappings."""

    parsed: dict[str, ParsedLog] = field(default_factory=dict)
    assumed_year: int = 0

    def close(self) -> None:
        for log in self.parsed.values():
            log.close()
        self.parsed.clear()

    def __enter__(self) -> BundleLogs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Full dates written in a log's header, for formats whose lines carry only a time of day
# (Agora 2.x/3.x starts every run with "Local Date: Wed Dec  6 10:09:34 2017").
_CTIME = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<mon>[A-Z][a-z]{2}) +(?P<day>\d{1,2}) "
                    r"\d\d:\d\d:\d\d (?P<year>\d{4})\b")
_ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)[ T]\d\d:\d\d")
_HEADER_LINES = 50


def date_anchor(index: LineIndex) -> tuple[datetime, int] | None:
    """(date, 1-based line) of the first full date in the head of a time-of-day-only log."""
    for row in range(min(len(index), _HEADER_LINES)):
        text = index.text(row, limit=512)
        found = _CTIME.search(text) or _ISO_DATE.search(text)
        if not found:
            continue
        parts = found.groupdict()
        month = MONTHS.get(parts["mon"].lower()) if parts.get("mon") else int(parts["month"])
        try:
            return datetime(int(parts["year"]), month or 1, int(parts["day"])), row + 1
        except ValueError:
            continue
    return None


def _log_files(bundle: Bundle, only: set[str] | None) -> list[BundleFile]:
    return [f for f in bundle.files
            if f.kind == "log" and f.is_text and f.lines != 0 and (only is None or f.path in only)]


def parse_bundle_logs(bundle: Bundle, *, overrides: dict[str, str] | None = None, only: set[str] | None = None,
                      progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> BundleLogs:
    """Parse the log files of ``bundle`` (all, or the paths in ``only``).

    ``overrides`` maps a bundle path to a format id the engineer forced.
    """
    overrides = overrides or {}
    formats = load_formats()
    items = _log_files(bundle, only)
    indexes = {item.path: bundle.open_index(item, cancel=cancel) for item in items}
    chosen = {path: overrides.get(path) or sniff_index(index) for path, index in indexes.items()}
    dated = [p for p in chosen if not formats[chosen[p]].time_flags.year_assumed]
    undated = [p for p in chosen if p not in dated]
    result = BundleLogs(assumed_year=datetime.now().year)
    total = sum(len(index) for index in indexes.values()) or 1
    done = 0
    try:
        for group in (dated, undated):
            if group is undated:
                result.assumed_year = _bundle_year(result) or result.assumed_year
            for path in group:
                index = indexes.pop(path)
                part = scaled(progress, done, len(index), total)
                anchor = date_anchor(index) if formats[chosen[path]].time_flags.date_assumed else None
                assumed = anchor[0] if anchor else datetime(result.assumed_year, 1, 1)
                result.parsed[path] = parse_log(index, formats[chosen[path]], progress=part, cancel=cancel,
                                                assumed=assumed)
                if anchor:
                    result.parsed[path].date_source = f"{path}:{anchor[1]}"
                bundle.file(path).format = chosen[path]
                done += len(index)
    except BaseException:
        result.close()
        for index in indexes.values():
            index.close()
        raise
    return result


def _bundle_year(logs: BundleLogs) -> int | None:
    years = [last.year for log in logs.parsed.values() for _first, last in [log.time_range()] if last]
    return max(years) if years else None


def _spec_targets(bundle: Bundle, spec: str) -> tuple[list[str], str]:
    """``GLOB=VALUE`` (or a bare ``VALUE`` for every log) → (matching log paths, value)."""
    pattern, _sep, value = spec.rpartition("=")
    logs = [f.path for f in bundle.files if f.kind == "log"]
    return (matching_logs(logs, pattern) if pattern else logs), value


def matching_logs(paths: list[str], pattern: str) -> list[str]:
    """The bundle paths a ``--file``/``GLOB=`` pattern names: by full path or by file name."""
    chosen = [p for p in paths if fnmatch.fnmatch(p, pattern) or fnmatch.fnmatch(p.rsplit("/", 1)[-1], pattern)]
    if not chosen:
        raise WorkbenchError(f"no log file matches {pattern!r}", "run `workbench analyze` to see the files")
    return chosen


def format_overrides(bundle: Bundle, specs: list[str]) -> dict[str, str]:
    """Forced formats from ``--format [GLOB=]ID`` options."""
    known = load_formats()
    result: dict[str, str] = {}
    for spec in specs:
        paths, format_id = _spec_targets(bundle, spec)
        if format_id not in known:
            raise WorkbenchError(f"unknown format {format_id!r}", f"known formats: {', '.join(known)}")
        result.update(dict.fromkeys(paths, format_id))
    return result


def offset_overrides(bundle: Bundle, specs: list[str]) -> dict[str, int]:
    """Time-zone corrections from ``--tz [GLOB=]+08:00`` options, in minutes east of UTC."""
    result: dict[str, int] = {}
    for spec in specs:
        paths, text = _spec_targets(bundle, spec)
        minutes = offset_minutes({"tz": text})
        if minutes is None or abs(minutes) > 14 * 60:  # real zones run from UTC-12 to UTC+14
            raise WorkbenchError(f"cannot read the UTC offset {text!r}", "write it like +08:00, -0500 or Z")
        result.update(dict.fromkeys(paths, minutes))
    return result
