"""What the customer still has to send, asked for in one message instead of five rounds."""

from __future__ import annotations

from workbench.core.bundle.model import Bundle

# (field, ask): the order is the order of the questions in the message to the customer.
_ASKS = (
    ("logs", "the SDK log files covering the incident (from 5 minutes before until 5 minutes after), "
             "as plain text"),
    ("incident_time", "the exact time of the incident, with its time zone"),
    ("device_model", "the device model (e.g. Pixel 7, iPhone 14) or the computer and browser used"),
    ("os", "the operating system and its version (e.g. Android 14, iOS 17.4, Windows 11)"),
    ("network_type", "the network type at the time (Wi-Fi, 4G/5G, wired, corporate VPN or proxy)"),
    ("sdk_version", "the SDK name and version the app uses"),
    ("channel", "the channel/room name and the uids of the users involved"),
)


# Media-server logs: a bundle of only these comes from the customer's servers, not an end user's device.
SERVER_FORMATS = frozenset({"jitsi", "prosody", "janus", "mediasoup", "mediasoup-rust", "livekit-server",
                            "livekit-server-json"})
_CLIENT_SIDE = ("an SDK log (or webrtc-internals dump) from an affected user's device covering the incident, "
                "with its device model, OS and network type")


def _server_only(bundle: Bundle) -> bool:
    logs = [f for f in bundle.files if f.kind in ("log", "stats") and f.is_text]
    return bool(logs) and all(f.format in SERVER_FORMATS for f in logs) and \
        not any(f.kind == "device_info" for f in bundle.files)


def _has_logs(bundle: Bundle) -> bool:
    return any(f.kind in ("log", "stats") and f.is_text and (f.lines or 0) > 0 for f in bundle.files)


def missing_info(bundle: Bundle) -> list[dict[str, str]]:
    """One entry per missing fact: ``{"field": ..., "ask": ...}``."""
    env = bundle.environment
    present = {
        "logs": _has_logs(bundle),
        "incident_time": "incident_time" in env,
        "device_model": "device_model" in env,
        "os": "os" in env,
        "network_type": "network_type" in env,
        "sdk_version": "sdk_version" in env,
        "channel": "channel" in env or "uid" in env,
    }
    if _server_only(bundle):  # device facts belong to a client log: ask for one instead of each fact
        asks = [{"field": "client_logs", "ask": _CLIENT_SIDE}]
        return asks + [{"field": f, "ask": a} for f, a in _ASKS
                       if not present[f] and f not in ("device_model", "os", "network_type")]
    return [{"field": field, "ask": ask} for field, ask in _ASKS if not present[field]]


def ask_message(missing: list[dict[str, str]]) -> str:
    """The single follow-up message an engineer can paste to the customer."""
    if not missing:
        return ""
    items = "\n".join(f"{n}. {entry['ask'][0].upper()}{entry['ask'][1:]}" for n, entry in enumerate(missing, 1))
    return f"To find the cause quickly, please send us in one reply:\n{items}"
