"""GUI responsiveness figure: ``python -m workbench.bench_gui [--log PATH]``.

Opens a big log in the real main window (offscreen unless a display is set) and records the
longest stall of a 10 ms heartbeat on the GUI thread while the bundle imports, the log parses and a
regex filter runs (design §7: no user action may block the GUI thread for more than 100 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

PATTERN = "timeout after [0-9]{4}ms"
TIMEOUT_S = 300.0


def _wait(done: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> bool:
    """Run the event loop until ``done()`` (the normal way a Qt app waits; no busy loop of our own)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    poll.start(20)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    poll.stop()
    return bool(done())


def measure(path: Path) -> dict[str, float]:
    """(longest stall while opening + parsing, longest stall while filtering, seconds for each)."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow
    from workbench.ui.stall import StallMeter

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive for the window
    window = MainWindow()
    window.show()
    meter = StallMeter()
    figures: dict[str, float] = {}
    meter.start()
    started = time.perf_counter()
    window.open_path(path)
    if window.viewer.lines.model.rowCount() > 0:  # the first lines are on screen once open_path returns
        figures["first_screen_s"] = time.perf_counter() - started
    parsed = _wait(lambda: window.viewer.showing_log and window.viewer.log.model.rowCount() > 0)
    figures["open_parse_s"], figures["open_parse_stall_ms"] = time.perf_counter() - started, meter.stop()
    if not parsed:
        raise SystemExit("the log did not finish parsing in time")
    finished: list[int] = []
    window.viewer.log.filter_finished.connect(finished.append)
    meter.start()
    started = time.perf_counter()
    window.set_filter_text(PATTERN)
    _wait(lambda: bool(finished))
    figures["filter_s"], figures["filter_stall_ms"] = time.perf_counter() - started, meter.stop()
    figures["matches"] = float(finished[0]) if finished else -1.0
    window.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench_gui")
    parser.add_argument("--log", type=Path, default=Path("bench-data/agora-1gb.log"),
                        help="the log to open (python -m workbench.bench --data-dir bench-data generates it)")
    args = parser.parse_args(argv)
    if not args.log.exists():
        raise SystemExit(f"{args.log} not found: run `python -m workbench.bench --data-dir bench-data` first")
    figures = measure(args.log)
    if "first_screen_s" in figures:
        print(f"first screen        {figures['first_screen_s']:.3f} s (target ≤ 0.3 s)")
    print(f"open + parse        {figures['open_parse_s']:.2f} s, longest GUI stall "
          f"{figures['open_parse_stall_ms']:.0f} ms (target ≤ 100 ms)")
    print(f"regex filter        {figures['filter_s']:.2f} s, longest GUI stall {figures['filter_stall_ms']:.0f} ms "
          f"({figures['matches']:,.0f} matches)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
