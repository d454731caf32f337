"""What each file of a bundle is: log, stats dump, device info, screenshot, note, archive or binary.

Content decides first (magic bytes, JSON shape, log-like lines); the name only breaks ties between
text kinds, because customers rename files freely.
"""

from __future__ import annotations

import re

_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
_INFO_NAME = re.compile(
    r"(device|system|sys|hardware|network|net|env|environment|phone|client|browser|app)[-_ ]?"
    r"(info|information|props|properties|details|status)?\.(json|txt|ini|cfg|conf|properties|prop)$"
    r"|(build|getprop|dumpsys)[^/]*\.(txt|prop)$|(设备|网络|系统)信息[^/]*$", re.I)
_NOTE_NAME = re.compile(r"(note|readme|description|issue|problem|ticket|customer|summary|反馈|说明|描述|问题)"
                        r"[^/]*\.(txt|md|rtf)$|\.md$", re.I)
_KEY_VALUE = re.compile(r"^\s*[\w .()/-]{1,40}\s*[:=]\s*\S")
_TIMESTAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_STATS_KEYS = (b'"PeerConnections"', b'"getUserMedia"', b"RTCStatsDump", b'["create",', b'"fileFormat"')


def is_image(head: bytes) -> bool:
    return head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def is_stats_dump(head: bytes) -> bool:
    """webrtc-internals dumps (JSON object with PeerConnections) and rtcstats recordings."""
    stripped = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if not stripped.startswith((b"{", b"[", b"RTCStatsDump")):
        return False
    return any(key in head for key in _STATS_KEYS)


def classify_text(name: str, text: str) -> str:
    """Kind of a readable text file from its bundle path and its first lines."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if not lines:
        return "note" if _NOTE_NAME.search(name) else "log"
    base = name.rsplit("/", 1)[-1]
    timestamped = sum(1 for line in lines if _TIMESTAMP.search(line[:64])) / len(lines)
    key_values = sum(1 for line in lines if _KEY_VALUE.match(line)) / len(lines)
    stripped = text.lstrip()
    if _INFO_NAME.search(base) and (stripped.startswith("{") or key_values > 0.6):
        return "device_info"
    if _NOTE_NAME.search(base) and timestamped < 0.5:
        return "note"
    if timestamped >= 0.3 or len(lines) > 50:
        return "log"
    return "note" if base.lower().endswith((".txt", ".md")) and timestamped < 0.1 and key_values < 0.6 else "log"
