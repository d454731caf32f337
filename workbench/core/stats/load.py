"""``load_dump``: open a stats dump of either format, compressed or not, decided by its content.

Customers rename and re-compress these files freely (``dump.txt``, ``stats.json.gz``,
``webrtc_internals_dump (3).txt``), so the name decides nothing: gzip/bz2 magic bytes, then the
first characters (``RTCStatsDump``, ``[`` for a JSON-lines recording, ``{`` for a JSON document).
"""

from __future__ import annotations

import bz2
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from workbench.core.errors import InputError
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.stats.internals import parse_internals
from workbench.core.stats.model import StatsDump
from workbench.core.stats.rtcstats import parse_rtcstats

_HINT = "export it again from chrome://webrtc-internals (Create Dump) or the rtcstats server"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, gzip/bz2 unpacked."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    try:
        if raw[:2] == b"\x1f\x8b":
            return gzip.decompress(raw)
        if raw[:3] == b"BZh":
            return bz2.decompress(raw)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise InputError(f"{path.name}: the compressed data is damaged or cut short ({exc})",
                         "ask the customer to send the file again") from exc
    return raw


def _decode(raw: bytes, path: Path, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM); anything else is read with replacement characters and flagged."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.append(f"{path.name} is not valid UTF-8 (byte {exc.start}): unreadable characters replaced")
        return raw.decode("utf-8-sig", errors="replace")


def _json_error(path: Path, text: str, exc: json.JSONDecodeError) -> InputError:
    """A message that says where the JSON breaks and whether the file looks truncated."""
    if exc.pos >= len(text.rstrip()) - 1:
        return InputError(f"{path.name}: the JSON ends early at line {exc.lineno} (the dump is truncated)",
                          _HINT)
    return InputError(f"{path.name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", _HINT)


def detect_format(text: str) -> str:
    """``webrtc-internals``, ``rtcstats`` or ``""`` from the first characters of the decoded text."""
    head = text.lstrip()[:4096]
    if head.startswith("RTCStatsDump"):
        return "rtcstats"
    if head.startswith("["):
        return "rtcstats"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0]
        if '"fileFormat"' in first_line and "PeerConnections" not in first_line:
            return "rtcstats"  # metadata line of a recording without its RTCStatsDump line
        return "webrtc-internals"
    return ""


def _internals(text: str, path: Path, progress: ProgressFn, cancel: CancelToken) -> StatsDump:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _json_error(path, text, exc) from exc
    if not isinstance(data, dict) or not ({"PeerConnections", "getUserMedia"} & data.keys()):
        raise InputError(f"{path.name}: JSON, but not a webrtc-internals dump (no PeerConnections/getUserMedia)",
                         _HINT)
    return parse_internals(data, text, path, progress=progress, cancel=cancel)


def load_dump(path: Path, *, progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> StatsDump:
    """Import a webrtc-internals dump or an rtcstats recording (plain, gzip or bz2).

    Raises:
        InputError: the file cannot be read, is not JSON, or is JSON of another kind.
    """
    path = Path(path)
    warnings: list[str] = []
    text = _decode(_read_bytes(path), path, warnings)
    kind = detect_format(text)
    if not text.strip():
        raise InputError(f"{path.name} is empty", _HINT)
    if kind == "rtcstats":
        dump = parse_rtcstats(text, path, progress=progress, cancel=cancel)
        if not dump.records:
            raise InputError(f"{path.name}: no rtcstats records could be read", _HINT)
    elif kind == "webrtc-internals":
        dump = _internals(text, path, progress, cancel)
    else:
        raise InputError(f"{path.name} is not a WebRTC stats dump (neither webrtc-internals JSON nor rtcstats)",
                         _HINT)
    dump.warnings[:0] = warnings
    return dump
