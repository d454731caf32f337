"""A fast generator of big Agora-4.x-style logs for the benchmark (1 GB in about 20 s)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

_LEVELS = "I" * 55 + "D" * 30 + "W" * 10 + "E" * 5  # the mix of real SDK logs (notes/spikes.md)
_MESSAGES = (
    "[AGS]: onNetworkQuality uid={uid} txQuality=2 rxQuality=3",
    "[audio_engine]: playout underrun count={n} buffer=60ms",
    "[video]: send frame width=640 height=360 fps={fps} bitrate={n}kbps",
    "[rtc_connection]: connection state changed to CONNECTED reason=1",
    "[transport]: send packet failed: timeout after {n}ms to 203.0.113.{uid8}:4001",
    "[AGS]: remote user {uid} joined channel demo-room elapsed={n}",
    "[audio_device]: failed to open recording device err={n}",
    "[rtc_stats]: rtt={rtt}ms lost={lost}% jitter={fps}ms",
)


def _block(rng: random.Random, start: datetime, count: int) -> tuple[str, datetime]:
    lines = []
    moment = start
    for _ in range(count):
        moment += timedelta(microseconds=rng.randrange(200, 8000))
        message = rng.choice(_MESSAGES).format(uid=rng.randrange(1000, 99999), n=rng.randrange(1, 9999),
                                              fps=rng.randrange(5, 30), rtt=rng.randrange(20, 900),
                                              lost=rng.randrange(0, 40), uid8=rng.randrange(1, 254))
        stamp = moment.strftime("%m/%d/%y %H:%M:%S")
        lines.append(f"[{stamp}:{moment.microsecond // 1000:03d}][{rng.randrange(2000, 2300)}]"
                     f"[{rng.choice(_LEVELS)}]:{message}\n")
    return "".join(lines), moment


def write_big_log(path: Path, size_bytes: int, seed: int = 1) -> Path:
    """Write an Agora-style log of about ``size_bytes`` to ``path`` (deterministic for a seed)."""
    rng = random.Random(seed)
    moment = datetime(2024, 3, 2, 9, 0, 0)
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while written < size_bytes:
            block, moment = _block(rng, moment, 20_000)
            out.write(block)
            written += len(block)
    return path
