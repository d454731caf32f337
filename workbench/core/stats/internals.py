"""chrome://webrtc-internals "Create Dump" files, current and older Chrome layouts.

Per PeerConnection the dump has ``rtcConfiguration``, ``url``, ``updateLog`` (events) and ``stats``
keyed ``"<statsId>-<field>"`` → ``{startTime, endTime, [statsType], values}`` where ``values`` is a
JSON-encoded array sampled about once a second. Fields of one stats object are regrouped into one
:class:`StatsSeries` on a shared time axis (the object's own ``timestamp`` field when Chrome wrote
it, else a grid rebuilt from startTime/endTime) because fields start and stop at different samples.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.errors import InputError
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.stats.localtime import LocalTimes, Window, decide
from workbench.core.stats.locate import LineFinder, line_of
from workbench.core.stats.model import (
    EPOCH,
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

# Chrome 86 had no statsType: the type is the id's prefix (RTCIceCandidatePair_…); goog ids are older.
_PREFIX_TYPES = {
    "rtccertificate": "certificate", "rtccodec": "codec", "rtcicecandidatepair": "candidate-pair",
    "rtcinboundrtpaudiostream": "inbound-rtp", "rtcinboundrtpvideostream": "inbound-rtp",
    "rtcoutboundrtpaudiostream": "outbound-rtp", "rtcoutboundrtpvideostream": "outbound-rtp",
    "rtcremoteinboundrtpaudiostream": "remote-inbound-rtp", "rtcremoteinboundrtpvideostream": "remote-inbound-rtp",
    "rtcremoteoutboundrtpaudiostream": "remote-outbound-rtp",
    "rtcremoteoutboundrtpvideostream": "remote-outbound-rtp", "rtcmediastreamtrack": "track",
    "rtcmediastream": "stream", "rtcpeerconnection": "peer-connection", "rtctransport": "transport",
    "rtcaudiosource": "media-source", "rtcvideosource": "media-source", "rtcdatachannel": "data-channel",
    "rtcaudioplayout": "media-playout", "conn": "googCandidatePair", "ssrc": "ssrc", "bweforvideo": "VideoBwe",
}
_GUM_SKIP = ("timestamp", "pid", "rid", "origin", "url")


def split_key(key: str) -> tuple[str, str]:
    """``"<statsId>-<field>"`` → (id, field). Ids may hold '-'; computed fields ``[a-b]`` too."""
    if key.endswith("]") and "-[" in key:
        sid, _, rest = key.partition("-[")  # ids never hold '[': the first "-[" starts the field
        return sid, "[" + rest
    sid, _, name = key.rpartition("-")
    return (sid, name) if sid else (key, "")


@lru_cache(maxsize=4096)
def iso_ms(text: str) -> float:
    """``2026-05-06T13:57:57.241Z`` → epoch milliseconds."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    return (moment - EPOCH).total_seconds() * 1000.0


def to_column(values: list[Any]) -> np.ndarray | list[Any]:
    """Numbers → float64 (None → NaN); anything else stays a list."""
    first = next((v for v in values if v is not None), None)
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        try:
            return np.array(values, dtype=np.float64)
        except (TypeError, ValueError):
            return values
    return values


def _values(entry: Any) -> list[Any]:
    raw = entry.get("values") if isinstance(entry, dict) else None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    return raw if isinstance(raw, list) else []


def _span(entry: dict[str, Any], count: int) -> tuple[float, float] | None:
    try:
        return iso_ms(entry["startTime"]), iso_ms(entry["endTime"])
    except (KeyError, TypeError, ValueError):
        return None if count else (0.0, 0.0)


def _grid(spans: list[tuple[float, float, int]]) -> np.ndarray:
    """A 1 s-ish sample grid covering every field, when the object has no ``timestamp`` field."""
    steps = [(end - start) / (n - 1) for start, end, n in spans if n > 1 and end > start]
    step = float(np.median(steps)) if steps else 1000.0
    first, last = min(s for s, _e, _n in spans), max(e for _s, e, _n in spans)
    count = round((last - first) / step) + 1
    longest = max(n for _s, _e, n in spans)
    if count > 4 * longest + 16:  # nonsense start/end times: do not build a huge grid, trust the samples
        start, end, n = max(spans, key=lambda s: s[2])
        return np.linspace(start, end, n) if n > 1 else np.array([start])
    return first + step * np.arange(max(count, 1))


def _positions(base: np.ndarray, start: float, end: float, count: int) -> np.ndarray:
    """Indices in ``base`` of a field's ``count`` samples spread from ``start`` to ``end``."""
    ends = _nearest(base, np.array([start, end]))
    if ends[1] - ends[0] + 1 == count:  # the usual case: a contiguous run of the object's samples
        return np.arange(ends[0], ends[1] + 1)
    # Otherwise (a field that paused, or no timestamp column) spread the samples evenly: approximate.
    return _nearest(base, np.linspace(start, end, count) if count > 1 else np.array([start]))


def _nearest(base: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of the ``base`` time nearest to each ``wanted`` time (``base`` ascending)."""
    right = np.clip(np.searchsorted(base, wanted), 1, max(len(base) - 1, 1))
    left = right - 1
    nearer_left = np.abs(base[left] - wanted) <= np.abs(base[np.minimum(right, len(base) - 1)] - wanted)
    return np.where(nearer_left, left, right) if len(base) > 1 else np.zeros(len(wanted), dtype=np.int64)


def _place(base: np.ndarray, values: list[Any], span: tuple[float, float]) -> np.ndarray | list[Any]:
    """One field's values on the object's time axis (NaN/None where the field had no sample)."""
    column = to_column(values)
    if len(values) == len(base) and abs(span[0] - base[0]) < 500:
        return column
    index = _positions(base, span[0], span[1], len(values))
    if isinstance(column, np.ndarray):
        out = np.full(len(base), np.nan)
        out[index] = column
        return out
    placed: list[Any] = [None] * len(base)
    for position, value in zip(index.tolist(), values, strict=False):
        placed[position] = value
    return placed


def _stats_type(sid: str, entries: dict[str, tuple[dict[str, Any], list[Any], int | None]]) -> str:
    for entry, _values, _line in entries.values():
        if isinstance(entry, dict) and entry.get("statsType"):
            return str(entry["statsType"])
    if "type" in entries and entries["type"][1]:
        return str(entries["type"][1][-1])
    prefix = sid.replace("-", "_").split("_")[0].lower()
    kind = _PREFIX_TYPES.get(prefix, "")
    if prefix == "rtcicecandidate":
        remote = entries.get("isRemote", ({}, [], None))[1]
        kind = "remote-candidate" if remote and remote[-1] in (True, "true") else "local-candidate"
    return kind


def _build_series(sid: str, entries: dict[str, tuple[dict[str, Any], list[Any], int | None]]) -> StatsSeries:
    spans = {name: _span(entry, len(values)) for name, (entry, values, _line) in entries.items()}
    stamp = entries.get("timestamp")
    stamps = to_column(stamp[1]) if stamp else None
    if isinstance(stamps, np.ndarray) and len(stamps) and not np.isnan(stamps).any():
        base = stamps
    else:
        known = [(s[0], s[1], len(entries[n][1])) for n, s in spans.items() if s and entries[n][1]]
        base = _grid(known) if known else np.zeros(0)
    fields = {}
    for name, (_entry, values, _line) in entries.items():
        span = spans[name]
        if values and span and len(base):
            fields[name] = _place(base, values, span)
    return StatsSeries(
        id=sid, type=_stats_type(sid, entries), times=base.astype(np.int64).astype("datetime64[ms]"),
        fields=fields, field_lines={n: line for n, (_e, _v, line) in entries.items() if line},
    )


def parse_stats(stats: dict[str, Any], finder: LineFinder) -> dict[str, StatsSeries]:
    """Every ``"<id>-<field>"`` entry regrouped per stats id."""
    finder.seek_key("stats")
    groups: dict[str, dict[str, tuple[dict[str, Any], list[Any], int | None]]] = {}
    for key, entry in stats.items():
        sid, name = split_key(key)
        groups.setdefault(sid, {})[name] = (entry, _values(entry), finder.seek_key(key))
    return {sid: _build_series(sid, entries) for sid, entries in groups.items()}


def _log_events(pc_id: str, log: list[Any], finder: LineFinder, local: LocalTimes | None,
                warnings: list[str]) -> list[Event]:
    """The update log as events; old-layout ``time`` strings go through the file's time decision."""
    finder.seek_key("updateLog")
    events: list[Event] = []
    unreadable = 0
    for item in log:
        if not isinstance(item, dict):
            continue
        raw_type = str(item.get("type", ""))
        line = finder.seek_member("type", raw_type)
        if isinstance(item.get("timestamp"), (int, float)):
            moment = ms_to_datetime(item["timestamp"])
        else:
            moment = local.to_utc(str(item.get("time", ""))) if local else None
        if moment is None:  # unreadable time: keep the event, in order, at its neighbour's time
            moment, unreadable = (events[-1].time if events else EPOCH), unreadable + 1
        events.append(pc_event(moment, canonical_type(raw_type), event_value_text(item.get("value")), pc_id, line))
    if unreadable:
        warnings.append(f"PeerConnection {pc_id}: {unreadable} update-log time(s) unreadable, "
                        "shown at the previous event's time")
    return events


def _gum_type(entry: dict[str, Any]) -> str:
    request = str(entry.get("request_type") or "getUserMedia")
    if "error" in entry or "error_message" in entry:
        return request + "OnFailure"
    if "stream_id" in entry or "audio_track_info" in entry or "video_track_info" in entry:
        return request + "OnSuccess"
    return request


def _gum_events(entries: Any, finder: LineFinder) -> list[Event]:
    """getUserMedia requests, successes (with track labels) and failures (error name and message)."""
    if not isinstance(entries, list):
        return []
    finder.seek_key("getUserMedia")
    events = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        stamp = entry.get("timestamp")
        line = finder.seek(f'"timestamp":{" " if finder.spaced else ""}{stamp!r}') \
            if isinstance(stamp, (int, float)) else None
        moment = ms_to_datetime(stamp) if isinstance(stamp, (int, float)) else EPOCH
        value = {k: v for k, v in entry.items() if k not in _GUM_SKIP}
        events.append(Event(moment, _gum_type(entry), event_value_text(value), None, line))
    return events


def _environment(dump: StatsDump, data: dict[str, Any], text: str) -> None:
    """Browser facts at the dump's top level, with the line each one sits on."""
    ua_data = data.get("UserAgentData")
    facts: dict[str, Any] = {"userAgent": data.get("UserAgent"), "deviceMemory": data.get("deviceMemory"),
                             "hardwareConcurrency": data.get("hardwareConcurrency")}
    if isinstance(ua_data, dict):
        facts.update(uaPlatform=ua_data.get("platform"), uaPlatformVersion=ua_data.get("platformVersion"),
                     uaMobile=ua_data.get("mobile"),
                     uaBrands=ua_data.get("fullVersionList") or ua_data.get("brands"))
    elif isinstance(ua_data, list):
        facts["uaBrands"] = ua_data
    keys = {"userAgent": "UserAgent", "deviceMemory": "deviceMemory", "hardwareConcurrency": "hardwareConcurrency"}
    for name, value in facts.items():
        if value is None or value == "":
            continue
        dump.environment[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        line = line_of(text, f'"{keys.get(name, "UserAgentData")}":')
        if line:
            dump.environment_lines[name] = line
    dump.user_agent = str(data.get("UserAgent") or "")


def _log_of(raw: dict[str, Any]) -> list[Any]:
    log = raw.get("updateLog")
    return log if isinstance(log, list) else []


def _time_decision(pcs: dict[str, PeerConnection], raw: dict[str, Any]) -> LocalTimes | None:
    """For old dumps: the date order and UTC offset of the update logs' locale ``time`` strings."""
    texts = {pc_id: [str(i["time"]) for i in _log_of(raw[pc_id])
                     if isinstance(i, dict) and "time" in i and "timestamp" not in i] for pc_id in pcs}
    texts = {pc_id: t for pc_id, t in texts.items() if t}
    if not texts:
        return None
    windows = {}
    for pc_id, pc in pcs.items():
        start, end = pc.time_range()
        if start and end:
            windows[pc_id] = Window(start, end)
    return decide(texts, windows)


def parse_internals(data: dict[str, Any], text: str, path: Path, *,
                    progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> StatsDump:
    """A decoded webrtc-internals dump (``text`` is its JSON, for evidence line numbers)."""
    raw_pcs = data.get("PeerConnections", {})
    if not isinstance(raw_pcs, dict):
        raise InputError(f"{path.name}: 'PeerConnections' is not an object", "is this a webrtc-internals dump?")
    raw_pcs = {str(pc_id): raw if isinstance(raw, dict) else {} for pc_id, raw in raw_pcs.items()}
    dump = StatsDump(source_path=path, format="webrtc-internals", variant="current")
    _environment(dump, data, text)
    finder = LineFinder(text)
    dump.get_user_media = _gum_events(data.get("getUserMedia"), finder.branch())
    finder.seek_key("PeerConnections")
    pcs: dict[str, PeerConnection] = {}
    branches: dict[str, LineFinder] = {}
    for number, (pc_id, raw) in enumerate(raw_pcs.items()):
        cancel.raise_if_cancelled()
        progress(number, len(raw_pcs), f"PeerConnection {pc_id}")
        line = finder.seek_key(pc_id)
        pc = PeerConnection(id=pc_id, url=str(raw.get("url", "")), source_line=line,
                            configuration=parse_configuration(raw.get("rtcConfiguration")))
        stats = raw.get("stats")
        pc.series = parse_stats(stats if isinstance(stats, dict) else {}, finder.branch())
        pc.samples = max((len(s) for s in pc.series.values()), default=0)
        pcs[pc_id], branches[pc_id] = pc, finder.branch()
    local = _time_decision(pcs, raw_pcs)
    if local is not None:
        dump.variant, dump.local_time_order = "legacy-time", local.order
        dump.local_time_offset_min = round(local.offset.total_seconds() / 60)
        dump.local_time_assumed = local.assumed
        dump.warnings.append(local.describe())
    for pc_id, pc in pcs.items():
        pc.events = _log_events(pc_id, _log_of(raw_pcs[pc_id]), branches[pc_id], local, dump.warnings)
    dump.peer_connections = pcs
    if not pcs:
        dump.warnings.append("no PeerConnections in this dump")
    progress(len(raw_pcs), len(raw_pcs), "done")
    return dump
