"""Bundle-integrity checks (layer "bundle") done in code, from what intake and parsing already know.

The wording, severity, fix type and KB links of each check live in ``resources/rules/bundle.json``
as rules of type ``check``; this module only decides whether a check fires and with what evidence:
files that could not be read (encrypted or binary SDK logs, encrypted archive entries), lost data
(xlog sequence gaps and damaged blocks, truncated or damaged archives), rotated log files missing
from the set, and logs whose time range does not cover the incident time the customer gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from workbench.core.bundle.model import Bundle
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.core.rules.findings import evidence_item

Evidence = list[dict]
_LOG_NAME = re.compile(r"\.(log|txt|xlog|clog|nelog)(\.\d+)?$", re.I)
_LOST_WORDS = ("is missing", "corrupt region", "did not decode", "truncated", "are encrypted")
_CUT_WORDS = ("cut short", "damaged after", "damaged zip", "skipped ", "not opened", "cannot be opened")
_DOTTED = re.compile(r"^(?P<stem>.+)\.(?P<n>\d{1,2})\.(?P<ext>log|txt)$", re.I)
_ZEGO = re.compile(r"^(?P<stem>zegoavlog)(?P<n>\d)\.(?P<ext>txt)$", re.I)
_INCIDENT = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
INCIDENT_SLACK = timedelta(minutes=5)  # the customer's clock and the log's differ by a few minutes


def _file_warning(path: str, text: str) -> dict:
    return evidence_item(path, 1, text)


def unreadable_logs(bundle: Bundle, logs: BundleLogs) -> Evidence:
    """SDK logs that are binary (encrypted or compressed by the SDK) or encrypted inside the archive."""
    out = []
    for item in bundle.files:
        if item.kind == "encrypted" or (item.kind == "binary" and _LOG_NAME.search(item.path)):
            reason = item.warnings[0] if item.warnings else f"{item.kind} file, not readable text"
            out.append(_file_warning(item.path, reason))
    return out


def lost_blocks(bundle: Bundle, logs: BundleLogs) -> Evidence:
    """xlog sequence gaps, corrupt or undecodable blocks: parts of the log that are gone."""
    return [_file_warning(item.path, w) for item in bundle.files for w in item.warnings
            if any(word in w for word in _LOST_WORDS)]


def cut_archive(bundle: Bundle, logs: BundleLogs) -> Evidence:
    """Archives that were damaged or not opened, files cut short, entries skipped over the limits."""
    out = [_file_warning(item.path, w) for item in bundle.files for w in item.warnings
           if any(word in w for word in _CUT_WORDS)]
    out += [_file_warning(bundle.source.name, w) for w in bundle.warnings if any(word in w for word in _CUT_WORDS)]
    return out


def _rotation_sets(paths: list[str]) -> dict[tuple[str, str, str, int], set[int]]:
    """(folder, stem, ext, first number) → numbers present in one rotated set.

    Agora style ``agorasdk.log``, ``agorasdk.1.log`` … (the plain file is number 0); ZEGO style
    ``zegoavlog1.txt`` … ``zegoavlog3.txt`` (numbered from 1).
    """
    sets: dict[tuple[str, str, str, int], set[int]] = {}
    lowered = {p.lower() for p in paths}
    for path in paths:
        folder, _sep, name = path.rpartition("/")
        dotted, zego = _DOTTED.match(name), _ZEGO.match(name)
        if dotted:
            key = (folder, dotted.group("stem"), dotted.group("ext"), 0)
            sets.setdefault(key, set()).add(int(dotted.group("n")))
        elif zego:
            sets.setdefault((folder, zego.group("stem"), zego.group("ext"), 1), set()).add(int(zego.group("n")))
    for (folder, stem, ext, first), numbers in sets.items():
        plain = f"{folder}/{stem}.{ext}" if folder else f"{stem}.{ext}"
        if first == 0 and plain.lower() in lowered:
            numbers.add(0)
    return sets


def _rotated_name(stem: str, ext: str, first: int, number: int) -> str:
    if first == 1:
        return f"{stem}{number}.{ext}"
    return f"{stem}.{ext}" if number == 0 else f"{stem}.{number}.{ext}"


def missing_rotations(bundle: Bundle, logs: BundleLogs) -> Evidence:
    """Rotated files with a gap: agorasdk.1.log without agorasdk.log, zegoavlog3 without zegoavlog2."""
    paths = [f.path for f in bundle.files if f.kind in ("log", "binary", "encrypted")]
    out = []
    for (folder, stem, ext, first), numbers in sorted(_rotation_sets(paths).items()):
        missing = sorted(set(range(first, max(numbers) + 1)) - numbers)
        if not missing:
            continue
        present = _rotated_name(stem, ext, first, min(numbers))
        shown = f"{folder}/{present}" if folder else present
        names = ", ".join(_rotated_name(stem, ext, first, n) for n in missing)
        out.append(_file_warning(shown, f"rotated log set incomplete: {names} missing beside {present}"))
    return out


def parse_incident(text: str) -> datetime | None:
    """The first date-time in the customer's incident text (its time zone is kept apart)."""
    found = _INCIDENT.search(text)
    if not found:
        return None
    year, month, day, hour, minute = (int(found.group(i)) for i in range(1, 6))
    try:
        return datetime(year, month, day, hour, minute, int(found.group(6) or 0))
    except ValueError:
        return None


def incident_not_covered(bundle: Bundle, logs: BundleLogs) -> Evidence:
    """The incident time is outside every dated log's time range (with a few minutes' slack)."""
    fact = bundle.environment.get("incident_time")
    incident = parse_incident(fact.value) if fact else None
    if incident is None:
        return []
    ranges = [(path, *log.time_range()) for path, log in logs.parsed.items()
              if not log.flags.year_assumed and not log.flags.relative]
    ranges = [(path, first, last) for path, first, last in ranges if first and last]
    if not ranges or any(first - INCIDENT_SLACK <= incident <= last + INCIDENT_SLACK for _p, first, last in ranges):
        return []
    source_file, _sep, source_line = fact.source.rpartition(":")
    span = ", ".join(f"{path}: {first:%Y-%m-%d %H:%M} – {last:%H:%M}" for path, first, last in ranges[:3])
    return [evidence_item(source_file or fact.source, int(source_line) if source_line.isdigit() else 1,
                          f"incident {fact.value}; logs cover {span}")]


CHECKS: dict[str, Callable[[Bundle, BundleLogs], Evidence]] = {
    "unreadable_log": unreadable_logs,
    "lost_blocks": lost_blocks,
    "cut_archive": cut_archive,
    "missing_rotation": missing_rotations,
    "incident_not_covered": incident_not_covered,
}
