"""Performance figures: ``python -m workbench.bench [--size 1GB] [--scaling]``.

Prints what the design's targets (§6) are measured against, with ``grep -c`` (and lnav where
installed) timed on the same file in the same run, as ratios. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.logs.filters import LogFilter, apply_filter, line_mask
from workbench.core.logs.parse import parse_log
from workbench.core.samples.biglog import write_big_log
from workbench.core.stats.bench import bench_stats
from workbench.core.text import LineIndex

_UNITS = {"KB": 1024, "MB": 1024**2, "GB": 1024**3}
PATTERN = "timeout after [0-9]{4}ms"
FORMAT = "agora-native-4"


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in _UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _run(command: list[str]) -> tuple[float, str]:
    seconds, done = _timed(lambda: subprocess.run(command, capture_output=True, text=True, check=False))
    return seconds, done.stdout.strip()


def _rss_anon_mb() -> float:
    """Anonymous resident memory now: the real cost (mapped file pages can be reclaimed)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(path: Path) -> dict[str, float]:
    """Every figure of design §6 for one file, in one process."""
    figures: dict[str, float] = {}
    figures["first_screen_s"], _ = _timed(lambda: _first_screen(path))
    figures["index_s"], index = _timed(lambda: LineIndex.build(path))
    figures["lines"], figures["index_bytes_per_line"] = len(index), index.bytes_per_line
    figures["parse_s"], parsed = _timed(lambda: parse_log(index, FORMAT))
    figures["refilter_s"], hits = _timed(lambda: int(line_mask(parsed.lines, LogFilter(match=PATTERN)).sum()))
    figures["level_filter_s"], _ = _timed(lambda: apply_filter(parsed, LogFilter(min_level="warning")))
    figures["hits"] = hits
    figures["rss_anon_mb"] = _rss_anon_mb()
    parsed.close()
    return figures


def _first_screen(path: Path) -> list[str]:
    with LineIndex.build(path, head_bytes=1024 * 1024) as head:
        return [head.display(row) for row in range(min(50, len(head)))]


def _report(path: Path, figures: dict[str, float]) -> None:
    grep_s, grep_hits = _run(["grep", "-c", "-E", PATTERN, str(path)])
    one_shot_s, ours = _run([sys.executable, "-m", "workbench", "filter", str(path), "--match", PATTERN, "--count"])
    rows = [
        ("file", f"{path.stat().st_size / 1e6:,.0f} MB, {figures['lines']:,.0f} lines"),
        ("first screen", f"{figures['first_screen_s']:.3f} s   (target ≤ 0.3 s)"),
        ("index build", f"{figures['index_s']:.3f} s   ({figures['index_bytes_per_line']:.1f} B/line; target ≤ 16)"),
        ("full parse", f"{figures['parse_s']:.3f} s   (target ≤ 5 s per GB; index+parse "
                       f"{figures['index_s'] + figures['parse_s']:.3f} s)"),
        ("re-filter (regex)", f"{figures['refilter_s']:.3f} s   (target ≤ 0.3 s; {figures['hits']:,.0f} hits)"),
        ("level filter", f"{figures['level_filter_s']:.3f} s   (target ≤ 0.05 s)"),
        ("grep -c -E", f"{grep_s:.3f} s   ({int(grep_hits or 0):,} hits)"),
        ("one-shot filter", f"{one_shot_s:.3f} s   = {one_shot_s / grep_s:.2f}× grep (target ≤ 3×); "
                            f"count {'equals' if ours == grep_hits else 'DIFFERS FROM'} grep ({ours})"),
        ("RssAnon after parse", f"{figures['rss_anon_mb']:,.0f} MB"),
        ("peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB "
                     "(includes the mapped file's resident pages; target ≤ 1 GB)"),
    ]
    if shutil.which("lnav"):
        lnav_s, _ = _run(["lnav", "-n", "-c", f":filter-in {PATTERN}", str(path)])
        rows.append(("lnav load+filter", f"{lnav_s:.3f} s   = {lnav_s / grep_s:.2f}× grep"))
    for name, value in rows:
        print(f"{name:<20} {value}")


def bench_bundle(folder: Path, files: int = 20, size: int = 10 * 1024 * 1024) -> None:
    """``workbench analyze`` on a 200 MB / 20-file bundle (design §6: ≤ 10 s), in a fresh process."""
    bundle = folder / "bundle-200mb"
    if not bundle.is_dir() or len(list(bundle.glob("*.log"))) < files:
        bundle.mkdir(parents=True, exist_ok=True)
        for number in range(files):
            write_big_log(bundle / f"agorasdk.{number}.log", size, seed=number + 1)
    seconds, _out = _run([sys.executable, "-m", "workbench", "analyze", str(bundle), "--json"])
    total = sum(p.stat().st_size for p in bundle.glob("*.log")) / 1e6
    print(f"{'analyze bundle':<20} {seconds:.3f} s   ({files} files, {total:,.0f} MB; target ≤ 10 s)")


def _report_stats(folder: Path) -> None:
    """Stats dump imports (issue 5 targets: 3 MB internals ≤ 1 s, 50 MB rtcstats ≤ 5 s)."""
    figures = bench_stats(folder / "stats")
    for key, label, target in (("internals_3mb", "internals dump", 1.0), ("rtcstats_50mb", "rtcstats (delta)", 5.0),
                               ("rtcstats_50mb_plain", "rtcstats (plain)", 5.0)):
        print(f"{'stats ' + label:<20} {figures[key + '_s']:.3f} s for {figures[key + '_size_mb']:.1f} MB "
              f"(target ≤ {target:g} s)")


def _data_file(folder: Path, size_text: str) -> Path:
    path = folder / f"agora-{size_text.lower()}.log"
    if not path.exists() or path.stat().st_size < parse_size(size_text):
        seconds, _ = _timed(lambda: write_big_log(path, parse_size(size_text)))
        print(f"generated {path} ({path.stat().st_size / 1e6:,.0f} MB) in {seconds:.1f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench")
    parser.add_argument("--size", default="1GB", help="size of the generated log, e.g. 50MB, 1GB")
    parser.add_argument("--scaling", action="store_true", help="also run twice the size and print the ratio")
    parser.add_argument("--data-dir", type=Path, help="keep generated logs here between runs")
    parser.add_argument("--skip-bundle", action="store_true", help="skip the 200 MB / 20-file analyze figure")
    args = parser.parse_args(argv)
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [args.size] + ([f"{2 * parse_size(args.size) // 1024**2}MB"] if args.scaling else [])
    totals = []
    for size_text in sizes:
        path = _data_file(folder, size_text)
        os.sync()
        figures = measure(path)
        _report(path, figures)
        totals.append(figures["index_s"] + figures["parse_s"])
        print()
    if len(totals) == 2:
        print(f"scaling: index+parse at 2× size took {totals[1] / totals[0]:.2f}× the time (target ≤ 2.1×)")
    if not args.skip_bundle:
        bench_bundle(folder)
    _report_stats(folder)
    if not args.data_dir:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
