"""Start the desktop app, or run its self-test (``python -m workbench --self-test``).

The self-test is what a packaged build runs on a machine with no screen: it opens the real main
window offscreen and pushes the shipped sample through the same worker path a user's bundle takes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

# Imported at module level on purpose: a machine without the Qt system libraries fails here, where
# ``workbench.cli`` turns the ImportError into a clean "cannot start" message.
from PySide6.QtCore import QEventLoop, QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.core.samples import write_sample
from workbench.core.settings import log_dir, resources_dir
from workbench.ui.main_window import MainWindow

SELF_TEST_TIMEOUT_MS = 60_000
ORGANIZATION = "RTC Support"
APPLICATION = "RTC Support Workbench"
_SAMPLE = "android-agora"

log = logging.getLogger(__name__)


def _prefer_offscreen() -> None:
    """Headless Linux (CI, a server) has no display: Qt's offscreen platform needs none."""
    if "QT_QPA_PLATFORM" in os.environ or sys.platform in ("win32", "darwin"):
        return
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _setup_logging() -> None:
    with contextlib.suppress(OSError):  # no writable log folder: log to stderr, still start
        logging.basicConfig(filename=log_dir() / "workbench.log", level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")


# The offscreen platform says this for every main window it shows: true, and of no interest.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_messages(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt message handler for the self-test: its output stays the one line CI looks for."""
    if message == _OFFSCREEN_NOISE:
        return
    if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.warning("qt: %s", message)
        print(f"qt: {message}", file=sys.stderr)


class _ErrorCollector:
    """``sys.excepthook`` for the GUI: a bug in a slot is logged and reported, never a raw traceback."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.show_box = True

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("internal error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        self.errors.append(f"{kind.__name__}: {exc}")
        if self.show_box:
            QMessageBox.critical(QApplication.activeWindow(), "Internal error",
                                 f"Something went wrong inside the workbench ({kind.__name__}: {exc}).\n"
                                 "Details are in the log file; your bundle is still open.")


def run_app(path: str | None, self_test: bool = False) -> int:
    """Run the GUI (optionally opening ``path``); returns the process exit code."""
    if self_test:
        _prefer_offscreen()
    _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    hook = _ErrorCollector()
    previous_hook, sys.excepthook = sys.excepthook, hook
    try:
        if self_test:
            hook.show_box = False
            qInstallMessageHandler(_quiet_offscreen_messages)
            return _self_test(hook)
        window = MainWindow()
        window.show()
        if path:
            QTimer.singleShot(0, lambda: window.open_path(path))  # let the window paint first
        code = app.exec()
        window.close()  # no-op when the user closed it; stops the lanes when the app was quit otherwise
        return code
    finally:
        sys.excepthook = previous_hook


def _sample_bundle(out_dir: Path) -> Path:
    """The shipped sample zip if there is one (a frozen build), else the generated training bundle."""
    shipped = sorted((resources_dir() / "samples").glob("*.zip"))
    return shipped[0] if shipped else write_sample(_SAMPLE, out_dir)


def _self_test(hook: _ErrorCollector) -> int:
    window: MainWindow | None = None
    try:
        window = MainWindow()
        with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as tmp:
            files, lines = _drive_window(window, _sample_bundle(Path(tmp)), hook)
    except Exception as exc:  # the self-test reports every failure as one line and exit code 1
        log.exception("self-test failed")
        print(f"self-test failed: {exc}")
        return 1
    finally:
        if window is not None:
            window.close()
    print(f"self-test ok: {files} files, {lines} lines shown")
    return 0


def _drive_window(window: MainWindow, sample: Path, hook: _ErrorCollector) -> tuple[int, int]:
    """Open ``sample`` through ``MainWindow.open_path`` and wait (event loop, no polling) until
    the tree is filled and the first log is on screen."""
    loop = QEventLoop()
    outcome: dict[str, str] = {}

    def done(key: str, value: str) -> None:
        outcome.setdefault(key, value)
        loop.quit()

    window.quiet = True
    window.open_failed.connect(lambda message: done("error", message))
    window.import_cancelled.connect(lambda _path: done("error", "import was cancelled"))
    window.viewer.failed.connect(lambda path, message: done("error", f"{path}: {message}"))
    window.file_shown.connect(lambda path: done("shown", path))
    QTimer.singleShot(SELF_TEST_TIMEOUT_MS, lambda: done("error", "timed out after 60 s"))
    window.show()
    window.open_path(sample)
    loop.exec()
    return _verify(window, outcome, hook)


def _verify(window: MainWindow, outcome: dict[str, str], hook: _ErrorCollector) -> tuple[int, int]:
    if hook.errors:
        raise RuntimeError(f"internal error: {hook.errors[0]}")
    if "error" in outcome:
        raise RuntimeError(outcome["error"])
    bundle = window.bundle
    files = window.tree_model.file_count()
    lines = window.viewer.lines.model.rowCount()
    if bundle is None or files != len(bundle.files) or files == 0:
        raise RuntimeError(f"file tree shows {files} files, the bundle has {len(bundle.files) if bundle else 0}")
    first = bundle.first_log()
    if first is None or outcome.get("shown") != first.path:
        raise RuntimeError(f"expected the first log to be shown, got {outcome.get('shown')!r}")
    if lines <= 0 or lines != first.lines:
        raise RuntimeError(f"the line view shows {lines} lines, {first.path} has {first.lines}")
    return files, lines
