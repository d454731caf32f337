"""StallMeter: a slot that blocks the GUI thread is measured; an idle event loop is not a stall."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from workbench.ui.stall import StallMeter


def test_a_blocking_slot_is_measured(qtbot: QtBot) -> None:
    meter = StallMeter()
    meter.start()
    QTimer.singleShot(30, lambda: time.sleep(0.150))  # a slot that blocks the GUI thread for 150 ms
    qtbot.wait(300)
    longest = meter.stop()
    assert longest == meter.longest_ms
    assert 140 <= longest < 1000
    assert not meter.running


def test_an_idle_event_loop_stays_under_50_ms(qtbot: QtBot) -> None:
    meter = StallMeter()
    meter.start()
    qtbot.wait(250)
    meter.stop()
    assert meter.ticks >= 5
    assert meter.longest_ms < 50


def test_a_stall_still_going_on_at_stop_counts(qtbot: QtBot) -> None:
    meter = StallMeter()
    meter.start()
    qtbot.wait(30)
    time.sleep(0.120)  # blocked, and stop() comes before the next tick
    assert meter.stop() >= 110


def test_start_resets_and_stop_twice_is_harmless(qtbot: QtBot) -> None:
    meter = StallMeter(interval_ms=5)
    meter.start()
    time.sleep(0.08)
    qtbot.wait(20)
    first = meter.stop()
    assert first >= 70
    assert meter.stop() == first
    meter.start()
    qtbot.wait(60)
    assert meter.stop() < first
