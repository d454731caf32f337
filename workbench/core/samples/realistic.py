"""Realistic training bundles: what customers really send, with a known correct triage answer.

Each ``write_*`` function creates one bundle inside ``out_dir`` and returns its path; the
``known_answer`` next to it says what a correct triage finds. ``missing`` always lists, sorted,
which of ``FACT_KEYS`` the bundle does not contain.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from workbench.core.samples import logs, webrtc
from workbench.core.samples.base import Sample, crlf, lf, png_bytes, write_zip

FACT_KEYS = ("vendor", "sdk_version", "device_model", "os", "network_type", "channel", "incident_time")
INCIDENT = "2024-03-02 09:20 (UTC+8)"

DEVICE_INFO = {
    "device_model": "Pixel 7",
    "manufacturer": "Google",
    "os": "Android",
    "os_version": "14",
    "sdk_vendor": "agora",
    "sdk_version": "4.3.0",
    "network_type": "4G",
    "app_id": logs.APP_ID,
    "channel": "demo-room",
    "uid": "12345",
}

NOTE = f"""Hi support team,

Since this morning several of our users on mobile data cannot hear the other side of the call.
It happened to me as well at {INCIDENT} on my own Pixel 7 (Android 14) on 4G in the car park:
the app kept showing "reconnecting" and after it came back I could not hear the remote user
(uid 67890) for about a minute. Channel demo-room, my uid 12345, Agora SDK 4.3.0.

The SDK logs, logcat and a screenshot are attached.

Thanks,
Li Wei (Example Corp mobile team)
"""


def _out(out_dir: Path, name: str) -> Path:
    """Create ``out_dir`` if needed and return the bundle path inside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / name


def write_android_agora(out_dir: Path) -> Path:
    """``android-agora-4x.zip``: Agora 4.x Android bundle with a weak-4G reconnect incident."""
    path = _out(out_dir, "android-agora-4x.zip")
    entries = [
        ("logs/agorasdk.log", lf(logs.agora4_lines(3000, datetime(2024, 3, 2, 9, 15, 2, 118000), seed=11))),
        (
            "logs/agorasdk.1.log",
            lf(logs.agora4_lines(500, datetime(2024, 3, 2, 8, 41, 10), seed=12, incident=False)),
        ),
        ("logs/agoraapi.log", lf(logs.agoraapi_lines(200, datetime(2024, 3, 2, 9, 15, 1, 904000), seed=13))),
        ("logcat.txt", crlf(logs.logcat_lines(1000, datetime(2024, 3, 2, 9, 14, 31, 20000), seed=14))),
        ("device_info.json", (json.dumps(DEVICE_INFO, indent=2) + "\n").encode()),
        ("note.txt", NOTE.encode()),
        ("screenshots/call.png", png_bytes(64, 48, (32, 96, 160))),
    ]
    write_zip(path, entries)
    return path


def write_browser_webrtc(out_dir: Path) -> Path:
    """``browser-webrtc.zip``: a webrtc-internals dump, browser info and a console export."""
    path = _out(out_dir, "browser-webrtc.zip")
    entries = [
        ("webrtc_internals_dump.txt", webrtc.internals_dump().encode()),
        ("browser_info.txt", webrtc.browser_info().encode()),
        ("console.log", webrtc.console_log().encode()),
    ]
    write_zip(path, entries)
    return path


def write_minimal_log(out_dir: Path) -> Path:
    """``agorasdk.log``: a bare Agora 4.x log, nothing about the device, OS or network."""
    path = _out(out_dir, "agorasdk.log")
    start = datetime(2024, 5, 14, 16, 2, 40, 511000)
    path.write_bytes(
        lf(logs.agora4_lines(500, start, seed=21, channel="support-test", uid=777, platform=False))
    )
    return path


def _answer(**facts: object) -> dict:
    """A known answer: the facts plus the sorted list of ``FACT_KEYS`` that are absent."""
    missing = sorted(key for key in FACT_KEYS if facts.get(key) is None)
    return {**{key: None for key in FACT_KEYS}, **facts, "missing": missing}


SAMPLES: dict[str, Sample] = {
    "android-agora": Sample(
        name="android-agora",
        description="Android app on Agora 4.3.0: no remote audio and frequent reconnects on weak 4G",
        write=write_android_agora,
        known_answer=_answer(
            vendor="agora",
            sdk_version="4.3.0",
            device_model="Pixel 7",
            manufacturer="Google",
            os="Android",
            os_version="14",
            network_type="4G",
            channel="demo-room",
            uid="12345",
            incident_time=INCIDENT,
            symptom="no remote audio and frequent reconnects (RECONNECTING, reason 2) on a weak 4G network",
            reconnects=3,
            error_lines=2,
        ),
    ),
    "browser-webrtc": Sample(
        name="browser-webrtc",
        description="Chrome 131 + livekit-client 2.5.1: ICE connected, then disconnected and failed",
        write=write_browser_webrtc,
        known_answer=_answer(
            vendor="livekit",
            sdk_version="2.5.1",
            browser="Chrome 131",
            os="Windows 11",
            network_type="Wi-Fi",
            symptom="ICE connected, then disconnected and failed; outbound video limited by bandwidth",
            ice_states=["checking", "connected", "disconnected", "failed"],
            quality_limitation="bandwidth",
        ),
    ),
    "minimal-log": Sample(
        name="minimal-log",
        description="A lone Agora 4.x agorasdk.log with no device, OS or network information",
        write=write_minimal_log,
        known_answer=_answer(
            vendor="agora",
            sdk_version="4.3.0",
            channel="support-test",
            uid="777",
            symptom="reconnects (RECONNECTING, reason 2) and an audio playback device error",
            reconnects=3,
            error_lines=2,
        ),
    ),
}
