"""The RTCConfiguration of a PeerConnection: parsed from JSON or from old Chrome's JS-like text, redacted.

Chrome ≥ ~2021 writes ``rtcConfiguration`` as JSON; Chrome 86 wrote
``{ iceServers: [stun:…, turn:…], iceTransportPolicy: all, … }`` with bare words. Both become the
same dict with ``iceServers`` as ``[{"urls": [...]}, …]``. TURN usernames and credentials are
replaced by ``***`` before anything else sees them: dumps get pasted into tickets and reports.
"""

from __future__ import annotations

import json
from typing import Any

REDACTED = "***"
_SECRET_KEYS = ("username", "credential", "password")


def parse_configuration(raw: Any) -> dict[str, Any]:
    """A configuration dict from a JSON string, a JS-like string or an already decoded object."""
    if isinstance(raw, dict):
        config = dict(raw)
    elif isinstance(raw, str) and raw.strip():
        try:
            decoded = json.loads(raw)
            config = decoded if isinstance(decoded, dict) else {"raw": raw}
        except ValueError:
            config = _parse_js_like(raw)
    else:
        config = {}
    return redact(config)


def redact(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``config`` with ICE server secrets replaced by ``***`` and servers as dicts."""
    out = dict(config)
    servers = out.get("iceServers")
    if isinstance(servers, list):
        out["iceServers"] = [_redact_server(server) for server in servers]
    return out


def _redact_server(server: Any) -> dict[str, Any]:
    if isinstance(server, str):  # old text form: one URL per entry
        return {"urls": [server]}
    if not isinstance(server, dict):
        return {"urls": [str(server)]}
    clean = {k: (REDACTED if k in _SECRET_KEYS and v else v) for k, v in server.items()}
    urls = clean.get("urls", clean.get("url", []))
    clean["urls"] = [urls] if isinstance(urls, str) else list(urls or [])
    clean.pop("url", None)
    return clean


def ice_server_urls(config: dict[str, Any]) -> list[str]:
    """Every STUN/TURN URL of the configuration, in order."""
    urls: list[str] = []
    for server in config.get("iceServers") or []:
        if isinstance(server, dict):
            urls.extend(str(u) for u in server.get("urls", []))
    return urls


def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside brackets and quotes (the old format nests lists and objects)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _js_value(text: str) -> Any:
    """One value of the JS-like text: list, quoted string, number or bare word."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [_js_value(item) for item in _split_top(text[1:-1])]
    if text.startswith("{") and text.endswith("}"):
        return _parse_js_like(text)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text.lstrip("-").isdigit():
        return int(text)
    return {"true": True, "false": False, "null": None}.get(text, text)


def _parse_js_like(text: str) -> dict[str, Any]:
    """``{ iceServers: [stun:a:19302, turn:b:3478], iceTransportPolicy: all }`` → a dict."""
    body = text.strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    config: dict[str, Any] = {}
    for part in _split_top(body):
        key, colon, value = part.partition(":")
        if colon:
            config[key.strip().strip("\"'")] = _js_value(value)
    return config
