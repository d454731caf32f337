"""What a WebRTC stats dump is once imported, whichever of the two file formats it came from.

webrtc-internals dumps and rtcstats recordings both end up as a :class:`StatsDump`: browser facts,
getUserMedia calls, and per PeerConnection its configuration, its API/event log and its stats
series. Event types are normalised to the current Chrome names (``oniceconnectionstatechange``…)
so the rules never care which Chrome version or recorder wrote the file; the state values of
state-change events are plain words (``connected``), not JSON strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

EPOCH = datetime(1970, 1, 1)

# Current names of the PeerConnection callbacks, keyed by the lower-cased name without "on"; older
# Chrome wrote "iceConnectionStateChange", "onIceCandidate", "icecandidateerror", "onRenegotiationNeeded".
_CANONICAL = {
    "iceconnectionstatechange": "oniceconnectionstatechange",
    "connectionstatechange": "onconnectionstatechange",
    "signalingstatechange": "onsignalingstatechange",
    "icegatheringstatechange": "onicegatheringstatechange",
    "icecandidate": "onicecandidate",
    "icecandidateerror": "onicecandidateerror",
    "renegotiationneeded": "onnegotiationneeded",
    "negotiationneeded": "onnegotiationneeded",
    "datachannel": "ondatachannel",
    "track": "ontrack",
    "addstream": "onaddstream",
    "removestream": "onremovestream",
}
STATE_EVENTS = (
    "oniceconnectionstatechange", "onconnectionstatechange", "onsignalingstatechange",
    "onicegatheringstatechange", "legacyIceConnectionStateChange",
)
_STATE_PREFIX = re.compile(r"^(?:Signaling|IceConnection|ICEConnection|IceGathering|PeerConnection)?State(?=[A-Z])")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def canonical_type(raw: str) -> str:
    """The current Chrome name of an update-log / rtcstats method name."""
    name = raw.removeprefix("navigator.mediaDevices.").removeprefix("navigator.")
    low = name.lower()
    if low == "legacyiceconnectionstatechange":
        return "legacyIceConnectionStateChange"
    return _CANONICAL.get(low.removeprefix("on"), name)


def state_value(raw: str) -> str:
    """``"checking"`` (JSON quoted) or ``SignalingStateHaveLocalOffer`` (old Chrome) → ``have-local-offer``."""
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    stripped = _STATE_PREFIX.sub("", text)
    if stripped != text or (text[:1].isupper() and text.isalpha()):
        text = _CAMEL.sub("-", stripped).lower()
    return text


def event_value_text(raw: Any) -> str:
    """An API call's argument or a callback's value as an event keeps it: text as it is, anything else
    as compact JSON (both formats hold either), nothing as ""."""
    if raw is None:
        return ""
    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


def ms_to_datetime(ms: float) -> datetime:
    """Epoch milliseconds → naive UTC datetime (the project's time convention)."""
    return EPOCH + timedelta(milliseconds=float(ms))


def datetime64_to_datetime(value: np.datetime64) -> datetime:
    """One element of a ``datetime64[ms]`` array as a naive UTC datetime."""
    return EPOCH + timedelta(milliseconds=int(value.astype("datetime64[ms]").astype(np.int64)))


@dataclass
class Event:
    """One API call or callback: ``time`` naive UTC, ``source_line`` 1-based line in the dump (or None)."""

    time: datetime
    type: str
    value: str
    pc: str | None = None
    source_line: int | None = None
    text: str = ""  # one-line summary, filled by timeline.dump_events

    @property
    def is_state_change(self) -> bool:
        """Signaling / ICE gathering / ICE connection / connection state change."""
        return self.type in STATE_EVENTS


def pc_event(time: datetime, kind: str, value: str, pc: str, source_line: int | None) -> Event:
    """An event of PeerConnection ``pc``; a state change keeps the plain state word (``connected``)."""
    return Event(time, kind, state_value(value) if kind in STATE_EVENTS else value, pc, source_line)


@dataclass
class StatsSeries:
    """All samples of one stats object (an RTP stream, a candidate pair…), one column per field.

    ``times`` is ``datetime64[ms]`` (UTC). Numeric fields are float64 arrays (NaN where the field was
    absent), other fields are lists (None where absent). ``field_lines`` maps a field to the line of its
    key in an internals dump; ``sample_lines`` gives the line of each sample's getStats record in an
    rtcstats recording. Either may be empty: use :meth:`line_of`.
    """

    id: str
    type: str
    times: np.ndarray
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    sample_lines: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.times)

    def last(self, name: str, default: Any = None) -> Any:
        """The last present value of ``name`` (skipping NaN/None), or ``default``."""
        column = self.fields.get(name)
        if column is None:
            return default
        for value in reversed(column.tolist() if isinstance(column, np.ndarray) else column):
            if value is not None and value == value:  # NaN != NaN
                return value
        return default

    def numbers(self, name: str) -> np.ndarray | None:
        """``name`` as float64 (numeric strings of legacy goog stats converted), or None if not numeric."""
        column = self.fields.get(name)
        if column is None or isinstance(column, np.ndarray):
            return column
        out = np.full(len(column), np.nan)
        for i, value in enumerate(column):
            if isinstance(value, bool) or value is None:
                continue
            try:
                out[i] = float(value)
            except (TypeError, ValueError):
                return None
        return out

    def line_of(self, name: str | None = None, index: int = 0) -> int | None:
        """Where sample ``index`` of field ``name`` sits in the dump file (1-based), if known."""
        if self.sample_lines is not None and len(self.sample_lines):
            return int(self.sample_lines[min(max(index, 0), len(self.sample_lines) - 1)])
        if name and name in self.field_lines:
            return self.field_lines[name]
        return min(self.field_lines.values()) if self.field_lines else None


@dataclass
class PeerConnection:
    """One RTCPeerConnection: redacted configuration, its event log and its stats series by stats id."""

    id: str
    url: str = ""
    configuration: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    series: dict[str, StatsSeries] = field(default_factory=dict)
    samples: int = 0  # getStats records (rtcstats) or the longest series (internals)
    source_line: int | None = None  # the PC's key (internals) or its "create" record (rtcstats)

    @property
    def field_series_count(self) -> int:
        """Stats series as webrtc-internals counts them: one per (stats id, field)."""
        return sum(len(s.fields) for s in self.series.values())

    def events_of(self, *types: str) -> list[Event]:
        """Events of the given (canonical) types, in order."""
        return [e for e in self.events if e.type in types]

    def series_of(self, *types: str) -> list[StatsSeries]:
        """Stats objects of the given types (``outbound-rtp``…)."""
        return [s for s in self.series.values() if s.type in types]

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """First and last stats sample time of this PeerConnection (naive UTC)."""
        starts = [s.times[0] for s in self.series.values() if len(s.times)]
        ends = [s.times[-1] for s in self.series.values() if len(s.times)]
        if not starts:
            return None, None
        return datetime64_to_datetime(min(starts)), datetime64_to_datetime(max(ends))


@dataclass
class StatsDump:
    """A whole dump file. ``format`` is ``webrtc-internals`` or ``rtcstats``."""

    source_path: Path
    format: str
    user_agent: str = ""
    environment: dict[str, str] = field(default_factory=dict)
    get_user_media: list[Event] = field(default_factory=list)
    peer_connections: dict[str, PeerConnection] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    environment_lines: dict[str, int] = field(default_factory=dict)  # environment key → line
    page_events: list[Event] = field(default_factory=list)  # rtcstats records of no PC (close…)
    records: dict[str, int] = field(default_factory=dict)  # rtcstats: records per method
    records_by_pc: dict[str | None, int] = field(default_factory=dict)  # rtcstats: records per pcId
    variant: str = ""  # internals: "current" | "legacy-time"; rtcstats: "v3" | "jitsi"
    local_time_order: str = ""  # legacy-time internals: "MDY" | "DMY" | "YMD" of the update-log times
    local_time_offset_min: int | None = None  # their UTC offset (local = UTC + offset), None if not local
    local_time_assumed: bool = False  # True when no stats could anchor them: offset 0 is a guess

    @property
    def summary(self) -> str:
        """One line for lists and logs, e.g. ``2 PeerConnections, 6 getUserMedia calls``."""
        if not self.peer_connections:
            return "no PeerConnections" + (f", {len(self.get_user_media)} getUserMedia records"
                                           if self.get_user_media else "")
        count = len(self.peer_connections)
        return f"{count} PeerConnection{'s' if count > 1 else ''} ({', '.join(self.peer_connections)})"
