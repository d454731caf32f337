"""Run the diagnosis off the GUI thread: a task lane for ``analyze`` wired to a ``DiagnosisPanel``.

    runner, start = analysis_runner(window, panel)
    start(bundle, logs)          # after the logs are parsed; a new start cancels the previous one
    ...
    runner.shutdown()            # in closeEvent, with the window's other lanes

The lane runs core ``analyze`` (which already leaves out the lines the engineer marked benign).
The bundle and logs stay the caller's: nothing here closes them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from workbench.core.analysis import Analysis, analyze
from workbench.core.bundle.model import Bundle
from workbench.core.logs.bundle_logs import BundleLogs
from workbench.ui.diagnosis.panel import DiagnosisPanel
from workbench.ui.tasks import TaskRunner

LANE = "analyze"


def _wire(runner: TaskRunner, panel: DiagnosisPanel, bundles: dict[int, Bundle]) -> None:
    def finished(gen: int, analysis: object) -> None:
        bundle = bundles.pop(gen, None)
        if bundle is not None and isinstance(analysis, Analysis):
            panel.set_analysis(bundle, analysis)

    def failed(gen: int, message: str) -> None:
        bundles.pop(gen, None)
        panel.show_message(f"Analysis failed: {message}")

    def cancelled(gen: int) -> None:
        bundles.pop(gen, None)
        panel.show_message("Analysis cancelled.")

    runner.progressed.connect(lambda _gen, done, total, note: panel.show_progress(done, total, note))
    runner.finished.connect(finished)
    runner.failed.connect(failed)
    runner.cancelled.connect(cancelled)


def analysis_runner(parent: QObject, panel: DiagnosisPanel | None = None
                    ) -> tuple[TaskRunner, Callable[[Bundle, BundleLogs], int]]:
    """(the lane, ``start(bundle, logs) -> generation``). With ``panel``, results, progress and errors
    go to it; without, connect to the runner's ``finished(gen, Analysis)`` yourself."""
    runner = TaskRunner(LANE, parent)
    bundles: dict[int, Bundle] = {}
    if panel is not None:
        _wire(runner, panel, bundles)

    def start(bundle: Bundle, logs: BundleLogs) -> int:
        generation = runner.start(analyze, bundle, logs)
        bundles.clear()  # an older request can only end as stale or cancelled now
        bundles[generation] = bundle
        if panel is not None:
            panel.show_message("Analysing…")
        return generation

    return runner, start
