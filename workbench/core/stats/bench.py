"""Import timings for stats dumps: a ~3 MB webrtc-internals dump and a ~50 MB rtcstats recording.

Targets (issue "WebRTC stats dumps"): 3 MB internals ≤ 1 s, 50 MB rtcstats ≤ 5 s. The files are
synthetic calls (``synthetic``/``writers``) grown to size with more seconds and more received video
streams, the way a long conference call grows. Figures only: nothing here asserts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from workbench.core.stats.load import load_dump
from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.writers import internals_json, rtcstats_text

MB = 1024 * 1024


def _grow(write: Callable[[Scenario], str], target: int, streams: int) -> str:
    """Text of at least ``target`` bytes: measure a short call, then scale its length."""
    probe = write(Scenario(seconds=20, extra_streams=streams))
    seconds = max(20, int(20 * target / max(len(probe), 1) * 1.02) + 1)
    text = write(Scenario(seconds=seconds, extra_streams=streams))
    while len(text.encode()) < target:
        seconds = int(seconds * 1.05) + 1
        text = write(Scenario(seconds=seconds, extra_streams=streams))
    return text


def _timed_load(path: Path) -> float:
    start = time.perf_counter()
    load_dump(path)
    return time.perf_counter() - start


def bench_stats(folder: Path) -> dict[str, float]:
    """Write the benchmark dumps into ``folder`` and time :func:`load_dump` on each (best of 3).

    Returns seconds per file and the file sizes in MB: ``internals_3mb_s``, ``rtcstats_50mb_s``
    (delta-compressed getStats, what rtcstats.js writes by default), ``rtcstats_50mb_plain_s``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "internals_3mb": (folder / "internals_3mb.txt", lambda: _grow(internals_json, 3 * MB, 2)),
        "rtcstats_50mb": (folder / "rtcstats_50mb.jsonl", lambda: _grow(rtcstats_text, 50 * MB, 12)),
        "rtcstats_50mb_plain": (folder / "rtcstats_50mb_plain.jsonl",
                                lambda: _grow(lambda sc: rtcstats_text(sc, compressed=False), 50 * MB, 4)),
    }
    figures: dict[str, float] = {}
    for name, (path, make) in files.items():
        if not path.exists():
            path.write_text(make(), encoding="utf-8")
        figures[f"{name}_s"] = round(min(_timed_load(path) for _ in range(3)), 3)
        figures[f"{name}_size_mb"] = round(path.stat().st_size / MB, 2)
    return figures


if __name__ == "__main__":  # python -m workbench.core.stats.bench [folder]
    import sys
    import tempfile

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="stats-bench-"))
    for key, value in bench_stats(target).items():
        print(f"{key:28} {value}")
