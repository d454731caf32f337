"""getUserMedia/getDisplayMedia records: what was asked, what was opened (device labels), what failed.

webrtc-internals keeps one entry per request, success (``audio_track_info``/``video_track_info`` with
the device label) and failure (``error``, ``error_message``), linked by ``request_id``. rtcstats
records ``[method, id, value, "requestId"]``; a success lists ``[kind, trackId, label, streamId]``.
A failure rarely names the device, so the label comes from the request's own constraints or from
the last successful open of the same kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from workbench.core.stats.model import Event, StatsDump

_REQUEST_ID = re.compile(r" \[([^\[\]]*)\]$")  # rtcstats request id, appended by the importer
_ERROR_NAME = re.compile(r"\b([A-Z][A-Za-z]*Error)\b")
_DEVICE_ID = re.compile(r"deviceId\W+(?:exact|ideal)?\W*([0-9A-Za-z_-]{6,})")
_KIND_WORD = {"audio": "microphone", "video": "camera"}


@dataclass(frozen=True)
class MediaRecord:
    """One request/success/failure with its request id and decoded value."""

    event: Event
    request_id: str
    data: Any

    @property
    def request(self) -> str:
        """``getUserMedia`` or ``getDisplayMedia``."""
        return "getDisplayMedia" if "DisplayMedia" in self.event.type else "getUserMedia"


@dataclass(frozen=True)
class MediaFailure:
    """A failed media request: error name, message and the device it concerned (best known label)."""

    event: Event
    request: str
    error: str
    message: str
    device: str


def records(dump: StatsDump) -> list[MediaRecord]:
    """Every media record with its JSON value decoded (plain text stays text)."""
    out = []
    for event in dump.get_user_media:
        text, request_id = event.value, ""
        found = _REQUEST_ID.search(text)
        if found:
            text, request_id = text[: found.start()], found.group(1)
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = text
        if isinstance(data, dict) and "request_id" in data:
            request_id = str(data["request_id"])
        out.append(MediaRecord(event, request_id, data))
    return out


def _labels(record: MediaRecord) -> dict[str, str]:
    """kind → device label of a success record (internals track info or rtcstats track list)."""
    data, out = record.data, {}
    if isinstance(data, dict):
        for kind in ("audio", "video"):
            info = data.get(f"{kind}_track_info")
            try:
                info = json.loads(info) if isinstance(info, str) else info
            except ValueError:
                info = None
            if isinstance(info, dict) and info.get("label"):
                out[kind] = str(info["label"])
    elif isinstance(data, list):
        for track in data:
            if isinstance(track, list) and len(track) >= 4 and track[0] in ("audio", "video"):
                out[str(track[0])] = str(track[2])
    return out


def _requested_kinds(record: MediaRecord | None, message: str = "") -> list[str]:
    """Kinds a request asked for: Chrome writes the key (constraints, maybe "") only when requested."""
    named = [k for k in ("audio", "video") if f"{k} source" in message.lower()]  # "Could not start video source"
    data = record.data if record else None
    if named or not isinstance(data, dict):
        return named
    return [k for k in ("audio", "video") if k in data and data[k] not in (False, None, "false")]


def _error(data: Any) -> tuple[str, str]:
    """(error name, message) from a failure value of any recorder."""
    if isinstance(data, dict):
        name = str(data.get("error") or data.get("name") or "")
        message = str(data.get("error_message") or data.get("message") or "")
        return name or "Error", message
    text = str(data)
    found = _ERROR_NAME.search(text)
    name = found.group(1) if found else (text.split(":", 1)[0].strip() or "Error")
    message = text.split(":", 1)[1].strip() if ":" in text else ""
    return name, message


def _device(request: MediaRecord | None, known: dict[str, str], message: str) -> str:
    """The best name for what the request tried to open."""
    kinds = _requested_kinds(request, message) or ["audio", "video"]
    names = [known[k] for k in kinds if k in known]
    if names:
        return " + ".join(names)
    text = json.dumps(request.data) if request else ""
    found = _DEVICE_ID.search(text)
    words = " and ".join(_KIND_WORD[k] for k in kinds)
    return f"{words} deviceId {found.group(1)[:12]}…" if found else f"{words} (label not in the dump)"


def media_failures(dump: StatsDump) -> list[MediaFailure]:
    """Failed getUserMedia/getDisplayMedia calls with error and device."""
    known: dict[str, str] = {}
    requests: dict[str, MediaRecord] = {}
    last_request: MediaRecord | None = None
    failures = []
    for record in records(dump):
        kind = record.event.type
        if kind.endswith("OnSuccess"):
            known.update(_labels(record))
        elif kind.endswith("OnFailure") or (isinstance(record.data, str) and _ERROR_NAME.search(record.data)):
            request = requests.get(record.request_id, last_request)
            failures.append((record, request))
        else:
            requests[record.request_id] = last_request = record
    out = []
    for record, request in failures:
        name, message = _error(record.data)
        own = _labels(record)
        device = " + ".join(own.values()) if own else _device(request, known, message)
        out.append(MediaFailure(record.event, record.request, name, message, device))
    return out
