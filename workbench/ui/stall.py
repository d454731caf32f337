"""Measure how long the GUI thread stops answering: a heartbeat timer and its longest gap.

A ``QTimer`` that should fire every 10 ms can only fire when the event loop runs, so the longest
time between two ticks is the longest the GUI thread was busy elsewhere (a slow slot, a blocking
call, a flood of queued signals). Tests use it to prove an action stays fluid, and the benchmark
reports it as the "GUI responsiveness" figure (target: no stall over 100 ms, design §7).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Slot

HEARTBEAT_MS = 10


class StallMeter(QObject):
    """Heartbeat on the GUI thread between ``start()`` and ``stop()``.

    ``longest_ms`` is the longest gap seen between two ticks (or between the last tick and
    ``stop()``), heartbeat interval included: an idle event loop reads about ``HEARTBEAT_MS``.
    """

    def __init__(self, interval_ms: int = HEARTBEAT_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._last = 0.0
        self._longest = 0.0
        self._ticks = 0

    @property
    def longest_ms(self) -> float:
        """The longest gap between heartbeats so far (milliseconds)."""
        return self._longest * 1000.0

    @property
    def ticks(self) -> int:
        """Heartbeats seen since ``start()``."""
        return self._ticks

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Begin a new measurement (the previous figures are reset)."""
        self._longest = 0.0
        self._ticks = 0
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        """End the measurement and return ``longest_ms``.

        The time since the last tick counts too: a stall still going on when ``stop()`` is finally
        reached is a stall.
        """
        if self._timer.isActive():
            self._timer.stop()
            self._record(time.perf_counter())
        return self.longest_ms

    def _record(self, now: float) -> None:
        self._longest = max(self._longest, now - self._last)
        self._last = now

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        self._record(time.perf_counter())
