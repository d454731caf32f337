"""The parsed logs of the open bundle: the *parse* lane, per-file format and time-offset overrides.

Every job of the lane brings the parsed state in line with what the engineer asked for: the first
parses the whole bundle; later ones re-parse only the files whose format was overridden and
re-merge the timeline with the current offsets. Because each job starts from the wanted state
(not from a diff), a job cancelled by the next loses nothing. Per-file views and the merged view
are built in the worker, so switching views on the GUI thread costs a dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.bundle import Bundle
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.logs.parse import ParsedLog, parse_log
from workbench.core.logs.view import LogRows, columns_of
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.ui.tasks import TaskRunner


@dataclass
class LogState:
    """Parsed logs by bundle path, their views, and which logs this job parsed (``fresh``)."""

    parsed: dict[str, ParsedLog]
    assumed_year: int
    sniffed: dict[str, str]  # the format each file had before any override
    files: dict[str, LogRows] = field(default_factory=dict)
    merged: LogRows | None = None
    fresh: list[ParsedLog] = field(default_factory=list)

    def close(self) -> None:
        """Release what this job parsed (a stale or cancelled result); shared logs stay open."""
        for parsed in self.fresh:
            parsed.close()
        self.fresh = []

    def close_all(self) -> None:
        for parsed in self.parsed.values():
            parsed.close()
        self.parsed = {}


def _reparse(bundle: Bundle, path: str, format_id: str, year: int, cancel: CancelToken) -> ParsedLog:
    index = bundle.open_index(bundle.file(path), cancel=cancel)
    try:
        return parse_log(index, format_id, assumed=datetime(year, 1, 1), cancel=cancel)
    except BaseException:
        index.close()
        raise


def sync_logs(bundle: Bundle, previous: LogState | None, formats: dict[str, str], offsets: dict[str, int], *,
              progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> LogState:
    """Worker side: parse what is missing or has the wrong format, then build every view."""
    if previous is None:
        logs = parse_bundle_logs(bundle, overrides=formats, progress=progress, cancel=cancel)
        state = LogState(dict(logs.parsed), logs.assumed_year, {p: log.format.id for p, log in logs.parsed.items()})
        state.fresh = list(state.parsed.values())
    else:
        state = LogState(dict(previous.parsed), previous.assumed_year, previous.sniffed)
    try:
        for path, parsed in list(state.parsed.items()):
            wanted = formats.get(path, state.sniffed[path])
            if parsed.format.id != wanted:
                progress(0, 0, f"parsing {path} as {wanted}")
                state.parsed[path] = _reparse(bundle, path, wanted, state.assumed_year, cancel)
                state.fresh.append(state.parsed[path])
        for parsed in state.fresh:
            columns_of(parsed).warm()
        state.files = {path: LogRows.of_file(path, parsed, offset_minutes=offsets.get(path, 0))
                       for path, parsed in state.parsed.items()}
        progress(0, 0, "merging the timeline")
        state.merged = LogRows.merged_view(sorted(state.parsed.items()), offsets)
    except BaseException:
        state.close()
        raise
    return state


class LogSession(QObject):
    """Signals:
        progressed(done, total, note): parsing progress (for the status bar gauge).
        ready(): views of the parsed logs are available (after the first parse and every change).
        failed(message): parsing failed; the raw line view stays usable.
    """

    progressed = Signal(int, int, str)
    ready = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner("parse", self)
        self.bundle: Bundle | None = None
        self.state: LogState | None = None
        self.formats: dict[str, str] = {}
        self.offsets: dict[str, int] = {}
        self.runner.progressed.connect(lambda _gen, done, total, note: self.progressed.emit(done, total, note))
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.failed.connect(lambda _gen, message: self.failed.emit(message))

    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def merged(self) -> LogRows | None:
        return self.state.merged if self.state is not None else None

    def rows_for(self, path: str) -> LogRows | None:
        """The per-file view of ``path`` (None while parsing, or for a file that is not a log)."""
        return self.state.files.get(path) if self.state is not None else None

    def start(self, bundle: Bundle | None) -> None:
        """Parse every log of ``bundle`` (None: forget the logs). The views of the previous bundle
        must no longer be shown: its logs are closed here."""
        self.runner.cancel()
        if self.state is not None:
            self.state.close_all()
        self.bundle, self.state = bundle, None
        self.formats, self.offsets = {}, {}
        if bundle is not None:
            self._run()

    def set_format(self, path: str, format_id: str | None) -> None:
        """Parse ``path`` with ``format_id`` (None: the sniffed format) and re-merge."""
        if format_id is None:
            self.formats.pop(path, None)
        else:
            self.formats[path] = format_id
        self._run()

    def set_offset(self, path: str, minutes: int | None) -> None:
        """Correct the assumed time zone of ``path`` (minutes east of UTC; None or 0: none)."""
        if minutes:
            self.offsets[path] = minutes
        else:
            self.offsets.pop(path, None)
        self._run()

    def format_of(self, path: str) -> str | None:
        parsed = self.state.parsed.get(path) if self.state is not None else None
        return parsed.format.id if parsed is not None else self.formats.get(path)

    def shutdown(self) -> None:
        self.runner.shutdown()
        if self.state is not None:
            self.state.close_all()
            self.state = None

    def _run(self) -> None:
        if self.bundle is not None:
            # Before the first parse ends there is no state: that job is restarted with the override.
            self.runner.start(sync_logs, self.bundle, self.state, dict(self.formats), dict(self.offsets))

    @Slot(int, object)
    def _on_runner_finished(self, _gen: int, state: object) -> None:
        assert isinstance(state, LogState)
        old, self.state = self.state, state
        kept = {id(parsed) for parsed in state.parsed.values()}
        if self.bundle is not None:
            for path, parsed in state.parsed.items():
                self.bundle.file(path).format = parsed.format.id
        state.fresh = []  # owned by the session now
        self.ready.emit()  # the window shows the new views before the replaced logs are closed
        if old is not None:
            for parsed in old.parsed.values():
                if id(parsed) not in kept:
                    parsed.close()
