"""Fixtures for the GUI tests: sample bundles, a main window, and the "no worker left" check."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.ui.main_window import MainWindow
from workbench.ui.tasks import THREAD_PREFIX
from workbench.ui.theme import THEME_PROPERTY

from .helpers import write_sample_bundle

# Qt's offscreen platform prints these for every QMainWindow it shows or raises; they say nothing about our code.
OFFSCREEN_NOISE = "This plugin does not support (propagateSizeHints|raise)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


def _lane_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX) and t.is_alive()]


@pytest.fixture(autouse=True)
def _no_running_workers() -> Iterator[None]:
    """A test that leaves a task lane's thread running fails (napari's _dangling_qthreads)."""
    yield
    deadline = time.monotonic() + 2.0  # a lane shut down at teardown needs a moment to join
    while _lane_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    left = [t.name for t in _lane_threads()]
    assert not left, f"worker threads still running after the test: {left}; call TaskRunner.shutdown()"


@pytest.fixture
def themed_app(qapp: QApplication) -> Iterator[QApplication]:
    """The test app for a test that switches themes: put back to its own style and palette afterwards,
    so later tests see the platform's look again."""
    style, pal = qapp.style().name(), qapp.palette()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(pal)
    qapp.setProperty(THEME_PROPERTY, None)
    hints = qapp.styleHints()
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()


@pytest.fixture
def sample_zip(tmp_path: Path) -> Path:
    return write_sample_bundle(tmp_path / "sample")


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # closeEvent: shuts the lanes down and removes the bundle's work folder
