"""Take the README screenshots of the main window, light and dark, with a real log and a filter.

    python tools/screenshots.py --out docs

Runs the app in this process (QApplication + MainWindow, steps chained with QTimer.singleShot),
under a private Xvfb when there is no display. It opens ``../shared/corpus/jitsi-meet-server-2024``
when the corpus is beside the checkout, else the generated Android/Agora sample bundle; waits until
the log is on screen (polling, with a timeout); applies a filter when the window offers
``set_filter_text``; and saves ``main-window-light.png`` and ``main-window-dark.png`` in ``--out``.
Look at the pictures afterwards: that is what they are for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_CASE = REPO.parent / "shared" / "corpus" / "jitsi-meet-server-2024"
XVFB_DISPLAY = ":97"
POLL_MS = 100

sys.path.insert(0, str(REPO))  # run from a checkout without installing


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="docs", help="folder for the PNGs (default: docs)")
    parser.add_argument("--source", help="bundle, folder or log to open (default: the corpus case, else the sample)")
    parser.add_argument("--file", default="jvb.log", help="file of the bundle to show when it has one")
    parser.add_argument("--filter", default="WARNING|SEVERE", help="filter text, when the window has a filter")
    parser.add_argument("--select", default="host-unknown", help="select the first line containing this text")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the log to load")
    parser.add_argument("--settle-ms", type=int, default=1500, help="wait after the filter and theme changes")
    return parser.parse_args(argv)


def start_xvfb() -> subprocess.Popen | None:
    """Start Xvfb on :97 when there is no display; None when a display exists (or Xvfb is missing)."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        print("no display and no Xvfb: falling back to Qt's offscreen platform", file=sys.stderr)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return None
    server = subprocess.Popen(["Xvfb", XVFB_DISPLAY, "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path("/tmp/.X11-unix") / f"X{XVFB_DISPLAY[1:]}"
    deadline = time.monotonic() + 10
    while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.poll() is not None or not socket.exists():
        stop_xvfb(server)
        raise SystemExit(f"Xvfb did not start on {XVFB_DISPLAY} (is another server using it?)")
    os.environ["DISPLAY"] = XVFB_DISPLAY
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server


def stop_xvfb(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def pick_source(args: argparse.Namespace, scratch: Path) -> Path:
    """What to open: ``--source``, else the corpus case, else the generated sample bundle."""
    if args.source:
        return Path(args.source)
    if CORPUS_CASE.is_dir():
        return CORPUS_CASE
    from workbench.core.samples import write_sample

    return write_sample("android-agora", scratch)


class ScreenshotRun:
    """The steps, each scheduled by the one before: open, wait, pick the file, filter, grab, switch, grab."""

    def __init__(self, app: object, window: object, args: argparse.Namespace, source: Path) -> None:
        self.app, self.window, self.args, self.source = app, window, args, source
        self.out = Path(args.out)
        self.saved: list[Path] = []
        self.error = ""
        self._shown: set[str] = set()
        shown = getattr(window, "file_shown", None)
        if shown is not None:
            shown.connect(self._shown.add)

    # -- plumbing ---------------------------------------------------------------------------------

    def later(self, step: Callable[[], None], ms: int = 0) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(ms, step)

    def wait_for(self, ready: Callable[[], bool], then: Callable[[], None], what: str) -> None:
        """Poll ``ready`` every POLL_MS until it holds, then run ``then``; give up after ``--timeout``."""
        deadline = time.monotonic() + self.args.timeout

        def poll() -> None:
            if ready():
                then()
            elif time.monotonic() > deadline:
                self.fail(f"timed out after {self.args.timeout:.0f} s waiting for {what}")
            else:
                self.later(poll, POLL_MS)

        poll()

    def fail(self, message: str) -> None:
        self.error = message
        self.app.quit()

    # -- what is on screen ------------------------------------------------------------------------

    def shown_path(self) -> str | None:
        current = getattr(getattr(self.window, "viewer", None), "current", None)
        return getattr(current, "path", None)

    def shown_rows(self) -> int:
        model = getattr(getattr(getattr(self.window, "viewer", None), "lines", None), "model", None)
        return model.rowCount() if model is not None else 0

    def loaded(self) -> bool:
        path = self.shown_path()
        return path is not None and path in self._shown and self.shown_rows() > 0

    # -- steps --------------------------------------------------------------------------------------

    def start(self) -> None:
        print(f"opening {self.source}")
        self.window.open_path(str(self.source))
        self.wait_for(self.loaded, self.show_wanted_file, "the first log")

    def show_wanted_file(self) -> None:
        """Switch to ``--file`` when the bundle has it and it is not already shown."""
        tree, model = getattr(self.window, "tree", None), getattr(self.window, "tree_model", None)
        bundle = getattr(self.window, "bundle", None)
        paths = [item.path for item in getattr(bundle, "files", [])]
        wanted = next((p for p in paths if Path(p).name == self.args.file), None)
        if wanted is None or wanted == self.shown_path() or tree is None or model is None:
            self.later(self.select_line)
            return
        tree.setCurrentIndex(model.index_of_path(wanted))
        self.wait_for(lambda: self.shown_path() == wanted and self.loaded(), self.select_line, wanted)

    def select_line(self) -> None:
        """Select the first line containing ``--select``, so the detail pane shows something real."""
        lines = getattr(getattr(self.window, "viewer", None), "lines", None)
        index = getattr(getattr(lines, "model", None), "line_index", None)
        if index is not None and self.args.select and hasattr(lines, "scroll_to_line"):
            row = next((r for r in range(min(len(index), 100_000)) if self.args.select in index.text(r)), None)
            if row is not None:
                lines.scroll_to_line(row)
        self.later(self.apply_filter)

    def apply_filter(self) -> None:
        set_filter = getattr(self.window, "set_filter_text", None)
        if set_filter is None or not self.args.filter:
            print("no filter: the window has no set_filter_text yet" if set_filter is None else "no filter")
            self.later(lambda: self.grab("light"), 300)
            return
        print(f"filter: {self.args.filter}")
        set_filter(self.args.filter)
        self.later(lambda: self.grab("light"), self.args.settle_ms)

    def grab(self, theme: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / f"main-window-{theme}.png"
        if not self.window.grab().save(str(target)):
            self.fail(f"could not write {target}")
            return
        self.saved.append(target)
        print(f"saved {target}")
        if theme == "light":
            self.switch_theme("dark")
            self.later(lambda: self.grab("dark"), self.args.settle_ms // 2)
        else:
            self.app.quit()

    def switch_theme(self, name: str) -> None:
        """The window's own theme switch once it has one (it may restyle more), else the app's."""
        set_theme = getattr(self.window, "set_theme", None)
        if callable(set_theme):
            set_theme(name)
            return
        from workbench.ui.theme import apply_theme

        apply_theme(self.app, name)


def take_screenshots(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.app import APPLICATION, ORGANIZATION
    from workbench.ui.main_window import MainWindow
    from workbench.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory(prefix="workbench-shots-") as scratch:
        # A fresh home: the user's remembered theme and dock sizes must not shape the pictures.
        os.environ["WORKBENCH_HOME"] = str(Path(scratch) / "home")
        window = MainWindow()
        window.set_theme("light")
        window.quiet = True  # an import error becomes a message here, not a blocking dialog
        run = ScreenshotRun(app, window, args, pick_source(args, Path(scratch)))
        window.open_failed.connect(run.fail)
        window.show()
        run.later(run.start, 200)  # let the empty window paint first, as a user would see it
        app.exec()
        window.close()  # stops the lanes and removes the bundle's work folder
    if run.error:
        print(f"screenshots failed: {run.error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server = start_xvfb()
    try:
        return take_screenshots(args)
    finally:
        stop_xvfb(server)


if __name__ == "__main__":
    sys.exit(main())
