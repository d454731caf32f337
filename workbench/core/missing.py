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
    return [{"field": field, "ask": ask} for field, ask in _ASKS if not present[field]]


def ask_message(missing: list[dict[str, str]]) -> str:
    """The single follow-up message an engineer can paste to the customer."""
    if not missing:
        return ""
    items = "\n".join(f"{n}. {entry['ask'][0].upper()}{entry['ask'][1:]}" for n, entry in enumerate(missing, 1))
    return f"To find the cause quickly, please send us in one reply:\n{items}"
