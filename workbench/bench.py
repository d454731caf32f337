"""Performance figures: ``python -m workbench.bench [--size 1GB]``.

Prints what the design's targets (§6) are measured against, with `grep -c` (and lnav where
installed) timed on the same file in the same run. Figures only: nothing here asserts.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from workbench.core.samples.biglog import write_big_log
from workbench.core.text import LineIndex

_UNITS = {"KB": 1024, "MB": 1024**2, "GB": 1024**3}
GREP_PATTERN = "timeout after [0-9]{4}ms"


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in _UNITS.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _grep_count(path: Path) -> tuple[float, int]:
    seconds, out = _timed(lambda: subprocess.run(["grep", "-c", "-E", GREP_PATTERN, str(path)],
                                                 capture_output=True, text=True, check=False))
    return seconds, int(out.stdout.strip() or 0)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_index(path: Path) -> dict[str, float]:
    """Index build, twice (the first run pays for page faults), and open to first screen."""
    figures: dict[str, float] = {}
    runs = []
    for _ in range(2):
        seconds, index = _timed(lambda: LineIndex.build(path))
        runs.append(seconds)
        figures["lines"] = len(index)
        figures["index_bytes_per_line"] = index.bytes_per_line
        index.close()
    figures["index_s"], figures["index_first_run_s"] = min(runs), runs[0]

    def first_screen() -> list[str]:
        with LineIndex.build(path) as idx:
            return [idx.display(row) for row in range(min(50, len(idx)))]

    figures["index_plus_first_screen_s"], _ = _timed(first_screen)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench")
    parser.add_argument("--size", default="1GB", help="size of the generated log, e.g. 50MB, 1GB, 2GB")
    parser.add_argument("--data-dir", type=Path, help="keep generated logs here between runs")
    args = parser.parse_args(argv)
    size = parse_size(args.size)
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"agora-{args.size.lower()}.log"
    if not path.exists() or path.stat().st_size < size:
        seconds, _ = _timed(lambda: write_big_log(path, size))
        print(f"generated {path} ({path.stat().st_size / 1e6:,.0f} MB) in {seconds:.1f} s")
    figures = bench_index(path)
    grep_s, grep_hits = _grep_count(path)
    print(f"file               {path.stat().st_size / 1e6:,.0f} MB, {figures['lines']:,.0f} lines")
    print(f"index build        {figures['index_s']:.3f} s   (first run {figures['index_first_run_s']:.3f} s; "
          "target ≤ 1 s per GB)")
    print(f"index size         {figures['index_bytes_per_line']:.1f} B/line   (target ≤ 16)")
    print(f"open+first screen  {figures['index_plus_first_screen_s']:.3f} s")
    print(f"grep -c -E         {grep_s:.3f} s   ({grep_hits:,} hits)   index/grep = "
          f"{figures['index_s'] / grep_s:.2f}×")
    if shutil.which("lnav"):
        lnav_s, _ = _timed(lambda: subprocess.run(["lnav", "-n", "-c", f":filter-in {GREP_PATTERN}", str(path)],
                                                  capture_output=True, check=False))
        print(f"lnav load+filter   {lnav_s:.3f} s   index/lnav = {figures['index_s'] / lnav_s:.2f}×")
    print(f"peak RSS           {_peak_rss_mb():,.0f} MB (includes the mapped file's resident pages)")
    if not args.data_dir:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
