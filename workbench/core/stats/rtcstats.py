"""rtcstats recordings: JSON Lines of ``[method, pcId, value…, timestamp]``.

Two layouts: v3 (``RTCStatsDump`` line, a metadata object with ``fileFormat``, numeric method ids in
newer clients) and Jitsi's older header-less form. The last element of a record is either an
absolute epoch-ms time or a delta to the previous record's time. ``getStats`` values may be
delta-compressed (rtcstats.js ``deltaCompression``): a report only carries fields that changed,
``id`` is dropped, and the newest report timestamp moves to the top level with reports at that
time set to 0. We keep the full state per PeerConnection and merge each delta into it, so every
sample is a complete report again (the dump-importer's ``decompress()``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.stats.internals import to_column
from workbench.core.stats.model import (
    Event,
    PeerConnection,
    StatsDump,
    StatsSeries,
    canonical_type,
    event_value_text,
    ms_to_datetime,
    pc_event,
)
from workbench.core.stats.rtcconfig import parse_configuration

# Numeric method ids of newer rtcstats clients, as far as the corpus shows them (gumonly.jsonl):
# 39 carries the client info a "create" with pcId null carries in v3, 60/61 a getUserMedia call and
# its success (request id "60-0"). Unknown ids are kept as "method#N".
METHOD_IDS = {
    39: "create",
    60: "navigator.mediaDevices.getUserMedia",
    61: "navigator.mediaDevices.getUserMediaOnSuccess",
}
_ABSOLUTE_MS = 1e11  # below this a timestamp is a delta (1e11 ms is 1973)
_META = frozenset(("id", "type", "timestamp"))
_MEDIA_WORDS = ("getUserMedia", "getDisplayMedia", "enumerateDevices")
_CHUNK = 2000


class _Columns:
    """Growing columns of one stats object: a row per getStats sample."""

    __slots__ = ("fields", "lines", "times", "type")

    def __init__(self, kind: str) -> None:
        self.type = kind
        self.times: list[float] = []
        self.lines: list[int] = []
        self.fields: dict[str, list[Any]] = {}

    def add(self, report: dict[str, Any], time_ms: float, line: int) -> None:
        """Append one complete report; fields it lacks get None, new fields are back-filled."""
        count = len(self.times)
        self.times.append(time_ms)
        self.lines.append(line)
        fields = self.fields
        for name, column in fields.items():
            column.append(report.get(name))
        for name in report.keys() - fields.keys() - _META:
            fields[name] = [None] * count + [report[name]]

    def series(self, sid: str) -> StatsSeries:
        """The finished columns as a StatsSeries."""
        times = np.array(self.times, dtype=np.float64).astype(np.int64).astype("datetime64[ms]")
        return StatsSeries(id=sid, type=self.type, times=times,
                           fields={n: to_column(v) for n, v in self.fields.items()},
                           sample_lines=np.array(self.lines, dtype=np.int32))


class _Recording:
    """State while reading one recording: clock, PeerConnections, merged getStats state."""

    def __init__(self, path: Path) -> None:
        self.dump = StatsDump(source_path=path, format="rtcstats", variant="jitsi")
        self.meta: dict[str, Any] = {}
        self.clock: float | None = None
        self.states: dict[str, dict[str, dict[str, Any]]] = {}
        self.columns: dict[str, dict[str, _Columns]] = {}
        self.methods: Counter[str] = Counter()
        self.by_pc: Counter[str | None] = Counter()
        self.bad_lines: list[int] = []

    def pc(self, pc_id: str) -> PeerConnection:
        """The PeerConnection ``pc_id``, created on first sight."""
        found = self.dump.peer_connections.get(pc_id)
        if found is None:
            found = self.dump.peer_connections[pc_id] = PeerConnection(id=pc_id)
        return found

    def tick(self, stamp: Any) -> float:
        """Advance the clock by a record's last element: absolute epoch ms or a delta."""
        if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
            if stamp >= _ABSOLUTE_MS:
                self.clock = float(stamp)
            elif self.clock is None:
                start = self.meta.get("startTime")
                if not isinstance(start, (int, float)):
                    self.dump.warnings.append("the first record has a relative time and no startTime: "
                                              "times count from 1970-01-01")
                    start = 0.0
                self.clock = float(start) + stamp
            else:
                self.clock += stamp
        return self.clock if self.clock is not None else 0.0


def _as_reports(value: Any) -> dict[str, Any]:
    """A getStats value as {id: report}; old clients sent a list of reports."""
    if isinstance(value, list):
        return {str(r.get("id", i)): r for i, r in enumerate(value) if isinstance(r, dict)}
    return value if isinstance(value, dict) else {}


def _merge(state: dict[str, dict[str, Any]], value: Any, record_ms: float) -> list[tuple[str, dict[str, Any]]]:
    """Merge one getStats value into the PC's full state; the reports it sampled, complete."""
    reports = _as_reports(value)
    top = reports.pop("timestamp", None) if not isinstance(reports.get("timestamp"), dict) else None
    compressed = top is not None or any(isinstance(r, dict) and "id" not in r for r in reports.values())
    newest = float(top) if isinstance(top, (int, float)) and top >= _ABSOLUTE_MS else record_ms
    sampled = []
    for rid, report in reports.items():
        if not isinstance(report, dict):
            continue
        if not compressed:
            state[rid] = full = report  # fresh from json.loads: no copy needed
        else:
            full = state.setdefault(rid, {})
            previous = full.get("timestamp")
            full.update(report)
            stamp = report.get("timestamp")
            if stamp == 0 or (stamp is None and previous is None):
                full["timestamp"] = newest  # delta compression: "sampled at the newest time"
            elif isinstance(stamp, (int, float)) and stamp < _ABSOLUTE_MS:
                full["timestamp"] = (previous or newest) + stamp  # a delta-encoded report time
        sampled.append((rid, full))
    return sampled


def _record_stats(rec: _Recording, pc_id: str, value: Any, record_ms: float, line: int) -> None:
    state = rec.states.setdefault(pc_id, {})
    columns = rec.columns.setdefault(pc_id, {})
    for rid, full in _merge(state, value, record_ms):
        stamp = full.get("timestamp")
        time_ms = float(stamp) if isinstance(stamp, (int, float)) and stamp >= _ABSOLUTE_MS else record_ms
        target = columns.get(rid)
        if target is None:
            target = columns[rid] = _Columns(str(full.get("type", "")))
        target.add(full, time_ms, line)
    rec.pc(pc_id).samples += 1


def _client_info(rec: _Recording, info: Any, line: int) -> None:
    """``create`` with pcId null (v3) or ``connectionInfo`` (Jitsi): browser facts."""
    if not isinstance(info, dict):
        return
    ua_data = info.get("userAgentData") if isinstance(info.get("userAgentData"), dict) else {}
    facts = {"userAgent": info.get("userAgent"), "hardwareConcurrency": info.get("hardwareConcurrency"),
             "deviceMemory": info.get("deviceMemory"), "uaPlatform": ua_data.get("platform"),
             "uaPlatformVersion": ua_data.get("platformVersion"), "uaMobile": ua_data.get("mobile"),
             "uaBrands": ua_data.get("fullVersionList") or ua_data.get("brands"),
             "screen": info.get("screen"), "url": info.get("path") or info.get("url")}
    env = rec.dump.environment
    for name, value in facts.items():
        if value is not None and value != "" and name not in env:
            env[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            rec.dump.environment_lines[name] = line


def _handle(rec: _Recording, record: list[Any], line: int) -> None:
    """One record: stats sample, PC creation, media request, page event or PC event."""
    method = record[0]
    name = METHOD_IDS.get(method, f"method#{method}") if isinstance(method, int) else str(method)
    pc_id = None if record[1] is None else str(record[1])
    stamp = record[-1] if len(record) > 2 else None
    args = record[2:-1] if isinstance(stamp, (int, float)) and len(record) > 3 else record[2:]
    value = args[0] if args else None
    time_ms = rec.tick(stamp)
    rec.methods[name] += 1
    rec.by_pc[pc_id] += 1
    if name.lower() == "getstats" and pc_id is not None:
        _record_stats(rec, pc_id, value, time_ms, line)
        return
    if pc_id is None and name in ("create", "connectionInfo"):
        _client_info(rec, value, line)
        return
    moment = ms_to_datetime(time_ms)
    kind = canonical_type(name)
    if any(word in name for word in _MEDIA_WORDS):
        extra = [a for a in args[1:] if isinstance(a, str)]
        text = event_value_text(value) + (f" [{extra[0]}]" if extra else "")
        rec.dump.get_user_media.append(Event(moment, kind, text, None, line))
        return
    if pc_id is None:
        rec.dump.page_events.append(Event(moment, kind, event_value_text(value), None, line))
        return
    pc = rec.pc(pc_id)
    if name == "create":
        pc.configuration = parse_configuration(value)
        pc.url = str(args[1]) if len(args) > 1 and isinstance(args[1], str) else pc.url
        pc.source_line = pc.source_line or line
        value = pc.configuration  # the event shows the redacted configuration, never the secrets
    pc.events.append(pc_event(moment, kind, event_value_text(value), pc_id, line))


def _header(rec: _Recording, lines: list[str]) -> int:
    """Read ``RTCStatsDump`` and the metadata line; the index of the first record line."""
    first = next((i for i, text in enumerate(lines) if text.strip()), len(lines))
    if first < len(lines) and lines[first].strip() == "RTCStatsDump":
        rec.dump.variant = "v3"
        first += 1
        if first < len(lines) and lines[first].lstrip().startswith("{"):
            try:
                meta = json.loads(lines[first])
            except ValueError:
                meta = None
            if isinstance(meta, dict):
                rec.meta = meta
                _client_info(rec, meta, first + 1)
                first += 1
    return first


def _finish(rec: _Recording) -> StatsDump:
    dump = rec.dump
    for pc_id, columns in rec.columns.items():
        dump.peer_connections[pc_id].series = {sid: col.series(sid) for sid, col in columns.items()}
    dump.records, dump.records_by_pc = dict(rec.methods), dict(rec.by_pc)
    dump.user_agent = dump.environment.get("userAgent", "")
    if rec.bad_lines:
        shown = ", ".join(str(n) for n in rec.bad_lines[:5])
        dump.warnings.append(f"{len(rec.bad_lines)} unreadable record line(s) skipped (line {shown}…)")
    if not dump.peer_connections:
        dump.warnings.append("no PeerConnections in this recording")
    return dump


def parse_rtcstats(text: str, path: Path, *, progress: ProgressFn = null_progress,
                   cancel: CancelToken = NEVER) -> StatsDump:
    """A whole rtcstats recording (already decompressed and decoded)."""
    rec = _Recording(path)
    lines = text.split("\n")
    start = _header(rec, lines)
    for index in range(start, len(lines)):
        if (index - start) % _CHUNK == 0:
            cancel.raise_if_cancelled()
            progress(index, len(lines), "rtcstats records")
        raw = lines[index]
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            rec.bad_lines.append(index + 1)
            continue
        if isinstance(record, dict) and not rec.methods:
            rec.meta.update(record)  # a metadata object without the RTCStatsDump line
            _client_info(rec, record, index + 1)
        elif isinstance(record, list) and len(record) >= 2:
            _handle(rec, record, index + 1)
        else:
            rec.bad_lines.append(index + 1)
    progress(len(lines), len(lines), "done")
    return _finish(rec)
