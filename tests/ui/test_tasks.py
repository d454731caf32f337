"""TaskRunner: throttled progress, generations, cancel, failures, and no thread left behind."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken, ProgressFn
from workbench.ui.tasks import PROGRESS_INTERVAL_S, TaskRunner

GUI_THREAD = threading.get_ident()


class Resource:
    """A result that owns something, like a Bundle or a LineIndex."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    lane = TaskRunner("test")
    yield lane
    lane.shutdown()


def wait_idle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[int] = []

    def job(value: int, *, progress: ProgressFn, cancel: CancelToken) -> int:
        seen.append(threading.get_ident())
        return value * 2

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        gen = runner.start(job, 21)
    assert blocker.args == [gen, 42]
    assert seen and seen[0] != GUI_THREAD  # the work ran off the GUI thread


def test_progress_is_throttled_to_20_per_second(qtbot: QtBot, runner: TaskRunner) -> None:
    received: list[tuple[int, int, int, str]] = []
    runner.progressed.connect(lambda *args: received.append((*args, threading.get_ident())))
    duration = 0.4

    def chatty(*, progress: ProgressFn, cancel: CancelToken) -> int:
        calls, end = 0, time.monotonic() + duration
        while time.monotonic() < end:
            calls += 1
            progress(calls, 0, "working")
        return calls

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start(chatty)
    wait_idle(qtbot, runner)
    calls = blocker.args[1]
    assert calls > 1000  # the job really reported far more often than the runner forwards
    assert 1 <= len(received) <= duration / PROGRESS_INTERVAL_S + 2
    assert {r[4] for r in received} == {GUI_THREAD}


def test_stale_generation_is_dropped_and_its_resource_closed(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    old = Resource("old")
    results: list[tuple[int, object]] = []
    runner.finished.connect(lambda gen, result: results.append((gen, result)))

    def slow(*, progress: ProgressFn, cancel: CancelToken) -> Resource:
        release.wait(5)
        return old  # ignores the cancel on purpose: a job that finishes anyway

    first = runner.start(slow)
    second = runner.start(lambda *, progress, cancel: Resource("new"))
    release.set()
    wait_idle(qtbot, runner)
    assert [(gen, result.name) for gen, result in results] == [(second, "new")]
    assert first < second and old.closed


def test_request_replaced_while_queued_never_runs(qtbot: QtBot, runner: TaskRunner) -> None:
    release = threading.Event()
    ran: list[str] = []

    def job(name: str, *, progress: ProgressFn, cancel: CancelToken) -> str:
        ran.append(name)
        if name == "a":
            release.wait(5)
        return name

    runner.start(job, "a")
    runner.start(job, "b")  # queued behind "a", then replaced by "c" before it starts
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        last = runner.start(job, "c")
        release.set()
    wait_idle(qtbot, runner)
    assert blocker.args == [last, "c"]
    assert ran == ["a", "c"]


def test_cancel_emits_cancelled(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()

    def loop(*, progress: ProgressFn, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            time.sleep(0.005)

    with qtbot.waitSignal(runner.cancelled, timeout=5000) as blocker, \
            qtbot.assertNotEmitted(runner.finished), qtbot.assertNotEmitted(runner.failed):
        gen = runner.start(loop)
        assert started.wait(5)
        runner.cancel()
    assert blocker.args == [gen]


def test_cancel_after_the_work_ended_still_wins(qtbot: QtBot, runner: TaskRunner) -> None:
    """Cancel pressed while the result is on its way: the result is closed, not shown."""
    made = Resource("quick")
    with qtbot.waitSignal(runner.cancelled, timeout=5000), qtbot.assertNotEmitted(runner.finished):
        runner.start(lambda *, progress, cancel: made)
        runner.cancel()  # before the GUI thread got to the queued result
    assert made.closed


def test_workbench_error_becomes_its_message(qtbot: QtBot, runner: TaskRunner) -> None:
    def bad(*, progress: ProgressFn, cancel: CancelToken) -> None:
        raise WorkbenchError("cannot read bundle.zip", "ask for a new export")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        gen = runner.start(bad)
    assert blocker.args == [gen, "cannot read bundle.zip: ask for a new export"]


def test_bug_becomes_internal_error_and_is_logged(qtbot: QtBot, runner: TaskRunner,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    def buggy(*, progress: ProgressFn, cancel: CancelToken) -> None:
        raise KeyError("offsets")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.start(buggy)
    message = blocker.args[1]
    assert message.startswith("internal error: KeyError")
    assert "Traceback" not in message
    assert any(record.exc_info for record in caplog.records)  # the traceback went to the log


def test_shutdown_stops_a_running_job_and_joins_its_thread(qtbot: QtBot) -> None:
    lane = TaskRunner("shutdown")
    started = threading.Event()
    made = Resource("late")

    def loop(*, progress: ProgressFn, cancel: CancelToken) -> Resource:
        started.set()
        while not cancel.cancelled:
            time.sleep(0.005)
        return made  # a job that returns instead of raising when cancelled

    lane.start(loop)
    assert started.wait(5)
    lane.shutdown()
    assert made.closed
    assert not [t for t in threading.enumerate() if t.name.startswith("workbench-lane-shutdown")]
    with pytest.raises(RuntimeError):
        lane.start(loop)
