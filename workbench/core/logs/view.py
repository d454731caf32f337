"""What a log view shows: rows of one file or of the merged timeline, optionally filtered (no Qt).

A ``LogRows`` maps view positions to (file, line). Cells are read from numpy arrays converted once
per parsed file (``columns_of``), never by Polars scalar access, so a model's ``data()`` stays O(1).
Filtering and searching are plain functions with ``progress``/``cancel``: the GUI runs them in a
lane, the result is a new ``LogRows`` over the same files.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import polars as pl

from workbench.core.logs.filters import LogFilter, line_mask, with_context
from workbench.core.logs.formats import LEVELS
from workbench.core.logs.parse import ParsedLog
from workbench.core.logs.timeline import Timeline, merge
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.text import DISPLAY_CHARS

NO_TIME = np.iinfo(np.int64).min  # key of a line before the first timestamp of its file
NO_CODE = np.iinfo(np.uint32).max  # thread/tag code of an empty cell
CHUNK_ROWS = 1_000_000  # regex work between two cancel checks
_EPOCH = datetime(1970, 1, 1)
_PREFIX_BYTES = 512  # room for the time/level/thread prefix before a message's display budget
_CONTROLS = {c: 0x2400 + c for c in range(32) if c != 9} | {0x7F: 0x2421}
# path, line (1-based), ISO time, level, thread, tag, message, raw line (as core.logs.export writes them)
ExportRow = tuple[str, int, str | None, str | None, str | None, str | None, str, str]


def micros(moment: datetime) -> int:
    """A naive datetime as microseconds since 1970 (the unit of the ``ts`` column)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


class FileColumns:
    """numpy copies of one parsed log's columns, each converted on first use (or by ``warm``).

    ``keys``: int64 µs per line, carried down from the line above, NO_TIME before the first stamp;
    ``timed``: the line (or its record) has a stamp; ``levels``: int8 index into LEVELS, -1 none.
    """

    def __init__(self, parsed: ParsedLog) -> None:
        self._parsed = weakref.ref(parsed)  # weak: the module cache must not keep closed logs alive
        self._lock = threading.Lock()
        self._cache: dict[str, object] = {}

    def _get(self, name: str) -> object:
        with self._lock:
            if name not in self._cache:
                self._cache[name] = self._build(name)
            return self._cache[name]

    def _build(self, name: str) -> object:
        frame = self._parsed().frame  # type: ignore[union-attr]  # alive: its views hold it
        if name == "keys":
            return frame["ts"].forward_fill().to_physical().fill_null(NO_TIME).to_numpy()
        if name == "timed":
            return frame["ts"].is_not_null().to_numpy()
        if name == "levels":
            return frame["level"].to_physical().cast(pl.Int8).fill_null(-1).to_numpy()
        names = frame[name].unique().drop_nulls()  # thread, tag: global categorical codes
        return (frame[name].to_physical().fill_null(NO_CODE).to_numpy(),
                dict(zip(names.to_physical().to_list(), names.cast(pl.String).to_list(), strict=True)))

    keys = property(lambda self: self._get("keys"))
    timed = property(lambda self: self._get("timed"))
    levels = property(lambda self: self._get("levels"))

    def codes(self, column: str) -> tuple[np.ndarray, dict[int, str]]:
        """(uint32 code per line, code → text) for ``thread`` or ``tag``."""
        return self._get(column)  # type: ignore[return-value]

    def warm(self) -> None:
        """Convert everything now (in a worker), so the GUI thread never pays for it."""
        for name in ("keys", "timed", "levels", "thread", "tag"):
            self._get(name)


_COLUMNS: dict[int, FileColumns] = {}
_COLUMNS_LOCK = threading.Lock()


def columns_of(parsed: ParsedLog) -> FileColumns:
    """The FileColumns of ``parsed``, shared by every view of it while it lives."""
    with _COLUMNS_LOCK:
        columns = _COLUMNS.get(id(parsed))
        if columns is None or columns._parsed() is not parsed:
            columns = _COLUMNS[id(parsed)] = FileColumns(parsed)
            weakref.finalize(parsed, _COLUMNS.pop, id(parsed), None)
        return columns


@dataclass(frozen=True)
class Source:
    """One file of a view: its bundle path, parsed log, columns and time correction (µs)."""

    path: str
    parsed: ParsedLog
    columns: FileColumns
    shift: int = 0
    doubt: str = ""  # what was assumed about its clock ("" when nothing)


def _source(path: str, parsed: ParsedLog, offset: int, doubt_tz: bool) -> Source:
    flags = parsed.flags
    shift = -offset * 60_000_000 if offset and flags.tz_assumed else 0
    notes = [text for cond, text in ((flags.year_assumed, "year assumed"), (flags.date_assumed, "date assumed"),
                                     (doubt_tz and flags.tz_assumed and not shift, "time zone assumed"))
             if cond]
    return Source(path, parsed, columns_of(parsed), shift, ", ".join(notes))


class LogRows:
    """Rows of a log view. ``files``/``rows`` are None for one whole file in line order."""

    def __init__(self, sources: list[Source], files: np.ndarray | None = None, rows: np.ndarray | None = None,
                 *, merged: bool = False, matches: int | None = None) -> None:
        self.sources = sources
        self.merged = merged
        self.matches = matches  # rows that matched the filter (context rows not counted); None: no filter
        self._files = files
        self._rows = rows
        self._lock = threading.Lock()
        self._cache: dict[str, np.ndarray] = {}
        self._by_file: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # see _file_lines
        self.spans_days = self._spans_days()

    @classmethod
    def of_file(cls, path: str, parsed: ParsedLog, *, offset_minutes: int = 0) -> LogRows:
        """One file in line order; ``offset_minutes`` corrects an assumed time zone (as in merge)."""
        return cls([_source(path, parsed, offset_minutes, False)])

    @classmethod
    def merged_view(cls, logs: list[tuple[str, ParsedLog]], offsets: dict[str, int] | None = None) -> LogRows:
        """All ``logs`` as one timeline (``timeline.merge``: stable by time, then file, then line)."""
        return cls.of_timeline(merge(logs, offsets), offsets)

    @classmethod
    def of_timeline(cls, timeline: Timeline, offsets: dict[str, int] | None = None) -> LogRows:
        """The rows of a merged ``timeline`` (``offsets``: the ones it was merged with)."""
        stated = any(not parsed.flags.tz_assumed for _path, parsed in timeline.logs)
        sources = [_source(path, parsed, (offsets or {}).get(path, 0), stated) for path, parsed in timeline.logs]
        return cls(sources, timeline.files.astype(np.uint16), timeline.rows.astype(np.uint32), merged=True)

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self.sources[0].parsed.lines)

    def _at(self, i: int) -> tuple[Source, int]:
        if self._rows is None:
            return self.sources[0], i
        file = 0 if self._files is None else int(self._files[i])
        return self.sources[file], int(self._rows[i])

    def locate(self, i: int) -> tuple[str, int]:
        """(bundle path, 0-based line) of view row ``i``."""
        source, row = self._at(i)
        return source.path, row

    def time(self, i: int) -> datetime | None:
        """The time of row ``i`` on the view's clock (corrected by a time-zone override)."""
        source, row = self._at(i)
        if not source.columns.timed[row]:
            return None
        return _EPOCH + timedelta(microseconds=int(source.columns.keys[row]) + source.shift)

    def time_text(self, i: int) -> str:
        """``HH:MM:SS.mmm`` (with the date when the view spans days), ``*`` when the clock was assumed."""
        moment = self.time(i)
        if moment is None:
            return ""
        text = moment.strftime("%Y-%m-%d %H:%M:%S.%f" if self.spans_days else "%H:%M:%S.%f")[:-3]
        return text + "*" if self._at(i)[0].doubt else text

    def time_note(self, i: int) -> str:
        """Why the time of row ``i`` carries a ``*``, and the correction applied (tooltips)."""
        source = self._at(i)[0]
        shift = f"shifted {-source.shift / 3_600_000_000:+g} h by a time-zone override" if source.shift else ""
        return "; ".join(note for note in (source.doubt, shift) if note)

    def level(self, i: int) -> str | None:
        source, row = self._at(i)
        code = int(source.columns.levels[row])
        return LEVELS[code] if code >= 0 else None

    def thread(self, i: int, column: str = "thread") -> str:
        source, row = self._at(i)
        codes, names = source.columns.codes(column)
        return names.get(int(codes[row]), "")

    def tag(self, i: int) -> str:
        return self.thread(i, "tag")

    def message(self, i: int, max_chars: int = DISPLAY_CHARS) -> str:
        """The message part, as a cell shows it: controls visible, cut with '… (+N chars)'."""
        source, row = self._at(i)
        index, budget = source.parsed.index, max_chars * 4 + _PREFIX_BYTES
        text = index.text(row, limit=budget)
        start = _message_start(source.parsed, text)
        message = text[start:]
        full, head = index.length(row), message[:max_chars].translate(_CONTROLS)
        if full <= budget:
            return head if len(message) <= max_chars else f"{head}… (+{len(message) - max_chars:,} chars)"
        shown = len(text[: start + max_chars].encode(index.codec, errors="replace"))
        return f"{head}… (+{full - shown:,} bytes)"

    def full_text(self, i: int) -> str:
        source, row = self._at(i)
        return source.parsed.index.text(row)

    def _parts(self) -> Iterator[tuple[int, np.ndarray | slice, np.ndarray | slice]]:
        """(source number, its view positions, their lines) per file; slices for a whole file."""
        if self._rows is None or self._files is None:
            yield 0, slice(None), slice(None) if self._rows is None else self._rows
            return
        for number in range(len(self.sources)):
            where = np.flatnonzero(self._files == number)
            yield number, where, self._rows[where]

    def _spans_days(self) -> bool:
        keys = self.view_column("keys")
        keys = keys[keys != NO_TIME]
        return bool(len(keys)) and int(keys.min()) // 86_400_000_000 != int(keys.max()) // 86_400_000_000

    def view_column(self, name: str) -> np.ndarray:
        """``keys`` (µs on the view's clock, NO_TIME before a file's first stamp) or ``levels``
        (index into LEVELS, -1 none) of every view row, cached."""
        with self._lock:
            if name not in self._cache and self._rows is None:  # one whole file: no copy
                source = self.sources[0]
                column = getattr(source.columns, name)
                self._cache[name] = _shifted(column, source.shift) if name == "keys" else column
            if name not in self._cache:
                out = np.empty(len(self), dtype=np.int64 if name == "keys" else np.int8)
                for number, where, lines in self._parts():
                    source = self.sources[number]
                    values = getattr(source.columns, name)[lines]
                    out[where] = _shifted(values, source.shift) if name == "keys" else values
                self._cache[name] = out
            return self._cache[name]

    def row_at_time(self, moment: datetime) -> int:
        """The first row at or after ``moment`` (the last row when none is); clocks that go
        backwards are searched on their running maximum."""
        if not len(self):
            return 0
        keys = np.maximum.accumulate(self.view_column("keys"))
        return min(int(np.searchsorted(keys, micros(moment), side="left")), len(self) - 1)

    def view_row_of(self, path: str, line0: int, *, nearest: bool = False) -> int | None:
        """The view row showing line ``line0`` of ``path``; with ``nearest``, the next line of that
        file the view shows (or its last) when that line is hidden."""
        number = next((n for n, s in enumerate(self.sources) if s.path == path), None)
        if number is None or not len(self):
            return None
        if self._rows is None:
            return line0 if 0 <= line0 < len(self) else (len(self) - 1 if nearest else None)
        lines, positions = self._file_lines(number)
        at = int(np.searchsorted(lines, line0))
        if at < len(lines) and lines[at] == line0:
            return int(positions[at])
        return int(positions[min(at, len(lines) - 1)]) if nearest and len(lines) else None

    def _file_lines(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        """(lines of file ``number`` in the view, sorted; their view positions), cached."""
        with self._lock:
            if number not in self._by_file:
                _n, where, lines = next(part for part in self._parts() if part[0] == number)
                positions = np.arange(len(self))[where]
                lines = np.asarray(lines, dtype=np.int64)
                if len(lines) > 1 and not np.all(lines[1:] >= lines[:-1]):  # a clock went backwards
                    order = np.argsort(lines, kind="stable")
                    lines, positions = lines[order], positions[order]
                self._by_file[number] = (lines, positions)
            return self._by_file[number]

    def next_level_row(self, start: int, levels: Iterable[str], *, forward: bool = True) -> int | None:
        """The next (or previous) row after ``start`` whose level is one of ``levels``."""
        wanted = np.isin(self.view_column("levels"), [LEVELS.index(level) for level in levels])
        hits = np.flatnonzero(wanted[start + 1:]) + start + 1 if forward else np.flatnonzero(wanted[:max(start, 0)])
        return (int(hits[0] if forward else hits[-1])) if len(hits) else None

    def export_rows(self, selection: Iterable[int] | None = None) -> Iterator[ExportRow]:
        """Export tuples of the selected view rows (all when None), with the full message; the
        time is ISO on the view's clock."""
        for i in range(len(self)) if selection is None else (int(i) for i in selection):
            source, row = self._at(i)
            text, moment = source.parsed.index.text(row), self.time(i)
            yield (source.path, row + 1, moment.isoformat(timespec="milliseconds") if moment else None,
                   self.level(i), self.thread(i) or None, self.tag(i) or None,
                   text[_message_start(source.parsed, text):], text)

    def _select(self, per_file: list[np.ndarray]) -> np.ndarray:
        """Bool per view row from a bool per line of each file."""
        selected = np.zeros(len(self), dtype=bool)
        for number, where, lines in self._parts():
            selected[where] = per_file[number][lines]
        return selected

    def filtered(self, flt: LogFilter, *, levels: frozenset[str] | None = None, files: frozenset[str] | None = None,
                 progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> LogRows:
        """The rows of this view that pass ``flt``; context lines are taken within each file.

        ``since``/``until`` compare on the view's (corrected) clock. ``levels`` keeps those levels and
        lines without any (``min_level`` drops those); ``files`` limits a merged view to some files.
        """
        keeps, matches = _per_file(self.sources, lambda s, rep: _file_keep(s, flt, levels, files, rep), progress,
                                   cancel, "filtering")
        selected = self._select(keeps)
        rows = np.flatnonzero(selected).astype(np.uint32) if self._rows is None else self._rows[selected]
        files = self._files[selected] if self._files is not None else None
        return LogRows(self.sources, files, rows, merged=self.merged, matches=sum(matches))

    def search(self, pattern: str, ignore_case: bool = False, *, progress: ProgressFn = null_progress,
               cancel: CancelToken = NEVER) -> np.ndarray:
        """View rows whose raw line matches ``pattern`` (Rust regex syntax), ascending."""
        flt = LogFilter(match=pattern, ignore_case=ignore_case)
        masks, _counts = _per_file(self.sources, lambda s, rep: _regex_mask(s.parsed, flt, rep), progress, cancel,
                                   "searching")
        return np.flatnonzero(self._select(masks))


def _shifted(keys: np.ndarray, shift: int) -> np.ndarray:
    return keys if not shift else np.where(keys == NO_TIME, NO_TIME, keys + shift)


def _message_start(parsed: ParsedLog, text: str) -> int:
    fmt = parsed.format
    if fmt.is_json or "message" not in fmt.groups:
        return 0
    found = fmt.compiled.match(text)
    return found.start("message") if found and found.start("message") >= 0 else 0


def _per_file(sources: list[Source], work: object, progress: ProgressFn, cancel: CancelToken,
              note: str) -> tuple[list[np.ndarray], list[int]]:
    """Run ``work(source, report)`` per file with one progress scale; counts are 'N so far'."""
    total = sum(len(s.parsed.lines) for s in sources) or 1
    done, results, counts = 0, [], []
    for source in sources:
        def report(rows: int, base: int = done) -> None:
            cancel.raise_if_cancelled()
            progress(base + rows, total, f"{note}: {sum(counts):,} matches so far")
        mask, count = work(source, report)  # type: ignore[operator]
        results.append(mask)
        counts.append(count)
        done += len(source.parsed.lines)
        progress(done, total, f"{note}: {sum(counts):,} matches so far")
    return results, counts


def _regex_mask(parsed: ParsedLog, flt: LogFilter, report: object) -> tuple[np.ndarray, int]:
    """Bool per line of the regex part of ``flt``, chunk by chunk so a Stop lands quickly."""
    total = len(parsed.lines)
    mask = np.ones(total, dtype=bool)
    if not (flt.match or flt.exclude):
        return mask, total
    for start in range(0, total, CHUNK_ROWS):
        report(start)  # type: ignore[operator]
        part = line_mask(parsed.lines.slice(start, CHUNK_ROWS), flt)
        if part is not None:
            mask[start:start + len(part)] = part.fill_null(False).to_numpy()
    return mask, int(mask.sum())


def _file_keep(source: Source, vf: LogFilter, levels: frozenset[str] | None, files: frozenset[str] | None,
               report: object) -> tuple[np.ndarray, int]:
    """Lines of one file that the view keeps (with context), and how many matched on their own."""
    total = len(source.parsed.lines)
    if files is not None and source.path not in files:
        return np.zeros(total, dtype=bool), 0
    cols = source.columns
    mask = np.ones(total, dtype=bool)
    if levels is not None:
        mask &= np.isin(cols.levels, [LEVELS.index(level) for level in levels] + [-1])
    if vf.min_level:
        mask &= cols.levels >= LEVELS.index(vf.min_level)
    if vf.since or vf.until:  # NO_TIME is below any moment: lines before the first stamp drop out
        keys = _shifted(cols.keys, source.shift)
        mask &= (keys >= micros(vf.since or _EPOCH)) & (keys <= micros(vf.until or datetime.max))
    for column, wanted in (("thread", vf.threads), ("tag", vf.tags)):
        if wanted:
            codes, names = cols.codes(column)
            mask &= np.isin(codes, [code for code, name in names.items() if name in wanted])
    mask &= _regex_mask(source.parsed, vf, report)[0]
    rows = np.flatnonzero(mask)
    keep = np.zeros(total, dtype=bool)
    keep[with_context(rows, vf.context, total)] = True
    return keep, len(rows)

