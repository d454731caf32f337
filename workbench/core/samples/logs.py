"""Line generators for the sample bundles: Agora 4.x native logs, API traces and Android logcat.

All generators are seeded and take a fixed start time, so they give the same lines every run.
The shapes follow the real formats described in the project notes (rtc-domain.md §1.1, §1.6); the
content is invented here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from workbench.core.samples import agora_text as at

APP_ID = "3f1c9a7e5b2d48c0a6e19f7b2c4d8e05"


class Clock:
    """A seeded wall clock that moves forward a random number of milliseconds per tick."""

    def __init__(self, start: datetime, rng: random.Random, lo_ms: int, hi_ms: int) -> None:
        self.now = start
        self._rng = rng
        self._lo, self._hi = lo_ms, hi_ms

    def tick(self) -> datetime:
        """Advance the clock and return the new time."""
        self.now += timedelta(milliseconds=self._rng.randint(self._lo, self._hi))
        return self.now


def agora_line(ts: datetime, tid: int, level: str, msg: str) -> str:
    """One Agora 4.x native line: ``[MM/DD/YY HH:MM:SS:mmm][tid][L]:msg``."""
    return f"[{ts:%m/%d/%y %H:%M:%S}:{ts.microsecond // 1000:03d}][{tid}][{level}]:{msg}"


def logcat_line(ts: datetime, pid: int, tid: int, level: str, tag: str, msg: str) -> str:
    """One Android ``logcat -v threadtime`` line: ``MM-DD HH:MM:SS.mmm  PID  TID L Tag: msg``."""
    return f"{ts:%m-%d %H:%M:%S}.{ts.microsecond // 1000:03d} {pid:5d} {tid:5d} {level} {tag}: {msg}"


def agora4_lines(
    n: int,
    start: datetime,
    seed: int,
    *,
    channel: str = "demo-room",
    uid: int = 12345,
    platform: bool = True,
    incident: bool = True,
) -> list[str]:
    """About ``n`` lines of an Agora 4.x ``agorasdk.log`` for one call.

    ``platform`` adds the Android/device/network lines a real Android build prints at start-up;
    without it nothing in the log names the device, the OS or the network type. ``incident`` adds
    a weak-network episode in the middle: poor quality, three RECONNECTING cycles, frozen remote
    audio and a playback device error. The last line is the ``[log_stat_count]`` summary.
    """
    rng = random.Random(seed)
    clock = Clock(start, rng, 40, 360)
    head = at.startup_events(channel, uid, platform)
    tail = at.leave_events()
    body_n = max(n - len(head) - len(tail) - 1, 0)
    script = at.incident_script(body_n) if incident else {}
    out = [agora_line(clock.tick(), *ev) for ev in head]
    for i in range(body_n):
        events = script.get(i) or [at.filler_event(rng, stressed=incident and 0.45 < i / body_n < 0.8)]
        out.extend(agora_line(clock.tick(), *ev) for ev in events)
    out.extend(agora_line(clock.tick(), *ev) for ev in tail)
    requests = len(out) * 3 + rng.randint(100, 900)
    out.append(agora_line(clock.tick(), at.MAIN_TID, "I", at.log_stat_count(requests, len(out) + 1)))
    return out


def agoraapi_lines(
    n: int, start: datetime, seed: int, channel: str = "demo-room", uid: int = 12345
) -> list[str]:
    """``n`` lines of an Agora 4.x ``agoraapi.log``: user (U) and internal (A) API trace lines."""
    rng = random.Random(seed)
    clock = Clock(start, rng, 200, 5000)
    calls = at.api_calls(channel, uid)
    out: list[str] = []
    for i in range(n):
        level, depth, call = calls[i] if i < len(calls) else at.periodic_api_call(rng)
        msg = f"({i + 1:08d}): {'  ' * depth}{call}"
        out.append(agora_line(clock.tick(), at.API_TID, level, msg))
    return out


def logcat_lines(n: int, start: datetime, seed: int, app_pid: int = 4821) -> list[str]:
    """``n`` lines of ``logcat -v threadtime`` from a phone running an Agora app on 4G."""
    rng = random.Random(seed)
    clock = Clock(start, rng, 100, 900)
    picks: list[Callable[[random.Random], tuple[str, str, str]]] = [
        at.logcat_system_event,
        at.logcat_app_event,
        at.logcat_audio_event,
    ]
    out: list[str] = []
    for i in range(n):
        if i == n // 2:
            level, tag, msg = (
                "W",
                "AudioTrack",
                "obtainBuffer timed out (is the CPU pegged?) 0x7a33f0c000 name=0x1",
            )
        else:
            level, tag, msg = rng.choice(picks)(rng)
        system = tag in at.SYSTEM_TAGS
        pid = 1702 if system else app_pid
        tid = rng.choice((1702, 1820, 2395)) if system else rng.choice((app_pid, 4850, 4877, 4903))
        out.append(logcat_line(clock.tick(), pid, tid, level, tag, msg))
    return out


def jvb_lines(start: datetime, seed: int, n: int = 40) -> list[str]:
    """Jitsi Videobridge log lines (``JVB YYYY-MM-DD HH:MM:SS.mmm LEVEL: [tid] msg``) with a stack trace."""
    rng = random.Random(seed)
    clock = Clock(start, rng, 50, 3000)
    out: list[str] = []
    for i in range(n):
        ts = clock.tick()
        stamp = f"{ts:%Y-%m-%d %H:%M:%S}.{ts.microsecond // 1000:03d}"
        if i == n // 3:
            out.append(f"JVB {stamp} WARNING: [27] MucClient.connect#215: Error connecting:")
            out.extend(at.JAVA_TRACE)
            continue
        level, msg = at.jvb_event(rng, i)
        out.append(f"JVB {stamp} {level}: [{rng.choice((1, 19, 27, 41))}] {msg}")
    return out
