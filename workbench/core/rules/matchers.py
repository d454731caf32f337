"""Evaluate one rule's matcher over the rows its regexes matched in the applicable files.

Everything here works on small numpy arrays (matched rows and their timestamps); the passes over
the lines themselves were done once per file by ``scan.py``. Timestamps come from the parsed
``ts`` column; where a format has none (bare libwebrtc logs), windows fall back to file order and
counts to the whole file, and the finding says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from workbench.core.logs.formats import LEVELS
from workbench.core.logs.parse import ParsedLog
from workbench.core.rules.model import Matcher

EVIDENCE_MAX = 5  # lines shown per finding: enough to see the pattern, few enough to read
EVIDENCE_PER_FILE = 3
_NAT = np.datetime64("NaT", "us")


@dataclass
class FileHits:
    """The rows each pattern matched in one parsed file (0-based rows)."""

    path: str
    parsed: ParsedLog
    rows: dict[str, np.ndarray]
    _end: np.datetime64 | None = field(default=None, init=False, repr=False)

    def has(self, pattern: str) -> bool:
        """Whether ``pattern`` matched anywhere in the file."""
        return len(self.rows.get(pattern, ())) > 0

    def hits(self, pattern: str, min_level: str | None = None) -> np.ndarray:
        """Matched rows, keeping only lines at ``min_level`` or above (lines without a level pass)."""
        rows = self.rows.get(pattern, np.empty(0, dtype=np.int64))
        if min_level is None or not len(rows):
            return rows
        codes = self.parsed.frame["level"].gather(rows).to_physical().fill_null(len(LEVELS)).to_numpy()
        return rows[codes >= LEVELS.index(min_level)]

    def times(self, rows: np.ndarray) -> np.ndarray:
        """Timestamps of ``rows`` (NaT where a line has none)."""
        if not len(rows):
            return np.empty(0, dtype="datetime64[us]")
        return self.parsed.frame["ts"].gather(rows).cast(pl.Datetime("us")).to_numpy()

    def end(self) -> np.datetime64:
        """The latest timestamp in the file (NaT without any): how far the log reaches."""
        if self._end is None:
            latest = self.parsed.frame["ts"].max()
            self._end = np.datetime64(latest, "us") if latest is not None else _NAT
        return self._end


@dataclass
class Outcome:
    """A rule that fired: how often, the (path, row) evidence, and a sentence for the advice."""

    count: int
    evidence: list[tuple[str, int]]
    note: str = ""


@dataclass
class _Events:
    """Matches of one pattern across a group of files, sorted by time (untimed ones last)."""

    times: np.ndarray
    files: np.ndarray
    rows: np.ndarray

    @classmethod
    def of(cls, group: list[FileHits], pattern: str, min_level: str | None) -> _Events:
        """The matches of ``pattern`` in ``group``, merged across files."""
        rows = [f.hits(pattern, min_level) for f in group]
        times = np.concatenate([f.times(r) for f, r in zip(group, rows, strict=True)] or [np.empty(0, "M8[us]")])
        files = np.concatenate([np.full(len(r), i) for i, r in enumerate(rows)] or [np.empty(0, int)])
        flat = np.concatenate(rows or [np.empty(0, np.int64)]).astype(np.int64)
        order = np.lexsort((flat, files, np.isnat(times), times))  # NaT sorts last; ties in file order
        return cls(times[order], files[order].astype(np.int64), flat[order])

    def __len__(self) -> int:
        return len(self.rows)

    def collapsed(self, gap_s: float = 1.0) -> _Events:
        """One event per burst: a call traced at two levels (U and A lines) is one attempt, not two.

        An event less than ``gap_s`` after the previous one of the same burst is dropped; untimed
        events are all kept (there is no clock to group them by).
        """
        timed = ~np.isnat(self.times)
        gaps = np.diff(self.times[timed]) >= np.timedelta64(int(gap_s * 1_000_000), "us")
        keep = np.ones(len(self.rows), dtype=bool)
        keep[np.flatnonzero(timed)] = np.concatenate([[True], gaps]) if timed.any() else []
        return _Events(self.times[keep], self.files[keep], self.rows[keep])

    def refs(self, group: list[FileHits], picks: np.ndarray | list[int]) -> list[tuple[str, int]]:
        """(path, row) of the events at ``picks``: the evidence."""
        return [(group[self.files[k]].path, int(self.rows[k])) for k in picks]


def _gate(matcher: Matcher, files: list[FileHits]) -> list[FileHits]:
    """Drop the scope where ``unless`` appears or ``requires`` does not."""
    def blocked(group: list[FileHits]) -> bool:
        """Whether the condition regexes rule this group out."""
        if matcher.unless and any(f.has(matcher.unless) for f in group):
            return True
        return bool(matcher.requires) and not any(f.has(matcher.requires) for f in group)

    if matcher.scope == "bundle":
        return [] if blocked(files) else files
    return [f for f in files if not blocked([f])]


def _groups(matcher: Matcher, files: list[FileHits]) -> list[list[FileHits]]:
    return [files] if matcher.scope == "bundle" and files else [[f] for f in files]


def _spread(per_file: list[tuple[str, np.ndarray]]) -> list[tuple[str, int]]:
    """The first lines of each file, at most ``EVIDENCE_PER_FILE`` each and ``EVIDENCE_MAX`` in all."""
    evidence = [(path, int(row)) for path, rows in per_file for row in rows[:EVIDENCE_PER_FILE]]
    return evidence[:EVIDENCE_MAX]


def _line(matcher: Matcher, files: list[FileHits]) -> Outcome | None:
    per_file = [(f.path, f.hits(matcher.regex, matcher.min_level)) for f in files]
    total = sum(len(rows) for _path, rows in per_file)
    if total < max(matcher.min_count, 1):
        return None
    return Outcome(total, _spread([(p, r) for p, r in per_file if len(r)]))


def _dense_window(times: np.ndarray, need: int, window_s: float) -> int | None:
    """Index of the first of ``need`` consecutive timed events that fit in ``window_s`` seconds."""
    timed = int((~np.isnat(times)).sum())
    if timed < need:
        return None
    spans = times[need - 1 : timed] - times[: timed - need + 1]
    fits = np.flatnonzero(spans <= np.timedelta64(int(window_s * 1_000_000), "us"))
    return int(fits[0]) if len(fits) else None


def _count(matcher: Matcher, files: list[FileHits]) -> Outcome | None:
    need = matcher.min_count
    for group in _groups(matcher, files):
        events = _Events.of(group, matcher.regex, matcher.min_level)
        if len(events) < need:
            continue
        if np.isnat(events.times).all():  # no clock in this log: the whole file is the window
            return Outcome(len(events), events.refs(group, range(min(len(events), EVIDENCE_MAX))),
                           f"The log has no timestamps: {len(events)} occurrences in the whole file.")
        start = _dense_window(events.times, need, matcher.window_s)
        if start is not None:
            picks = list(range(start, start + need))[:EVIDENCE_MAX]
            return Outcome(len(events), events.refs(group, picks),
                           f"{need} or more within {matcher.window_s:g} s ({len(events)} in all).")
    return None


def _unanswered(starts: _Events, answers: _Events, window_s: float, end: np.datetime64) -> np.ndarray:
    """Indices of timed starts with no answer within the window, where the log reaches past it."""
    window = np.timedelta64(int(window_s * 1_000_000), "us")
    timed = ~np.isnat(starts.times)
    answer_times = answers.times[~np.isnat(answers.times)]
    at = np.searchsorted(answer_times, starts.times[timed], side="left")
    nxt = np.where(at < len(answer_times), answer_times[np.minimum(at, len(answer_times) - 1)], _NAT) \
        if len(answer_times) else np.full(len(at), _NAT)
    answered = ~np.isnat(nxt) & (nxt - starts.times[timed] <= window)
    observed = (end - starts.times[timed]) >= window if not np.isnat(end) else np.zeros(len(at), bool)
    return np.flatnonzero(timed)[~answered & observed]


def _untimed_unanswered(starts: _Events, answers: _Events) -> list[int]:
    """Starts without a clock: unanswered when no answer follows later in the same file."""
    untimed = np.flatnonzero(np.isnat(starts.times))
    if not len(untimed):
        return []
    last_answer = np.full(int(max(starts.files.max(), answers.files.max(initial=0))) + 1, -1, dtype=np.int64)
    np.maximum.at(last_answer, answers.files, answers.rows)
    return untimed[starts.rows[untimed] > last_answer[starts.files[untimed]]].tolist()


def _sequence(matcher: Matcher, files: list[FileHits]) -> Outcome | None:
    missed: list[tuple[str, int]] = []
    for group in _groups(matcher, files):
        starts = _Events.of(group, matcher.regex, matcher.min_level).collapsed()
        if not len(starts):
            continue
        answers = _Events.of(group, matcher.expect, None)
        end = max((f.end() for f in group), default=_NAT)
        picks = [*_unanswered(starts, answers, matcher.window_s, end).tolist(), *_untimed_unanswered(starts, answers)]
        missed += starts.refs(group, sorted(picks))
    if not missed:
        return None
    return Outcome(len(missed), missed[:EVIDENCE_MAX],
                   f"{len(missed)} time(s) with no follow-up within {matcher.window_s:g} s.")


def _absence(matcher: Matcher, files: list[FileHits]) -> Outcome | None:
    evidence: list[tuple[str, np.ndarray]] = []
    for group in _groups(matcher, files):
        if any(f.has(matcher.expect) for f in group):
            continue
        for f in group:
            trigger = f.hits(matcher.regex, matcher.min_level) if matcher.regex else np.zeros(1, np.int64)
            if len(trigger):
                evidence.append((f.path, trigger))
    if not evidence:
        return None
    return Outcome(len(evidence), _spread(evidence))


_EVALUATORS = {"line": _line, "count": _count, "sequence": _sequence, "absence": _absence}


def evaluate(matcher: Matcher, files: list[FileHits]) -> Outcome | None:
    """The outcome of ``matcher`` over ``files`` (the files the rule applies to), or None."""
    evaluator = _EVALUATORS.get(matcher.type)
    if evaluator is None or not files:
        return None
    return evaluator(matcher, _gate(matcher, files))
