"""The stats dock in the main window: a dump selected in the tree shows its graphs, and a moment
clicked there moves the log view."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.core.samples import write_sample
from workbench.ui.main_window import MainWindow

TIMEOUT_MS = 20_000


def test_selecting_a_dump_shows_it_in_the_stats_dock(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bundle = write_sample("browser-webrtc", tmp_path)
    with qtbot.waitSignal(window.bundle_opened, timeout=TIMEOUT_MS):
        window.open_path(bundle)
    qtbot.waitUntil(lambda: window.logs.session.state is not None, timeout=TIMEOUT_MS)
    assert not window.stats.dock.isVisible()  # no tab for stats until a dump is shown
    dump = next(f for f in window.bundle.files if f.kind == "stats")
    with qtbot.waitSignal(window.stats.panel.loaded, timeout=TIMEOUT_MS):
        window.select_in_tree(dump.path)
    assert window.stats.shown_path == dump.path and window.stats.dock.isVisible()
    assert window.stats.panel.current_pc()  # a PeerConnection is on screen
    window.stats.go_to_time(datetime(2024, 11, 20, 10, 41, 45))
    view = window.viewer.log
    assert window.viewer.showing_log and view.current_row() >= 0
