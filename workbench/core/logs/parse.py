"""Parse a log into columns with Polars, block by block on both cores, with progress and cancel.

The frame holds only what filters and the timeline need, one row per line: ``ts``, ``level``,
``thread``, ``pid``, ``tag``, ``matched`` and ``record`` (the first line of the multi-line record the
line belongs to). The message is not copied: the line itself stays a zero-copy column over the
mapping, and the message part of a shown line is found with the format's Python regex.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from workbench.core.logs.formats import LEVELS, TIME_GROUPS, LogFormat, TimeFlags, load_formats
from workbench.core.logs.jsoncols import ISO_GROUPS, json_groups
from workbench.core.logs.lines import lines_of
from workbench.core.logs.sniff import SniffResult, sniff_head
from workbench.core.logs.timecols import timestamps
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.text import LineIndex

BLOCK_ROWS = 250_000  # per thread: bounds the temporaries (peak memory) and the time to a Stop
LEVEL_DTYPE = pl.Enum(list(LEVELS))
_CARRIED = ("ts", "level", "thread", "pid", "tag")  # continuation lines take these from their record


@dataclass
class ParsedLog:
    """A log file parsed into columns; valid while its LineIndex is open."""

    index: LineIndex
    format: LogFormat
    lines: pl.Series
    frame: pl.DataFrame
    sniff: SniffResult | None = None
    replaced_lines: int = 0
    warnings: list[str] = field(default_factory=list)
    date_source: str | None = None  # "file:line" of a header date used for time-of-day-only stamps

    def close(self) -> None:
        """Drop the columns that point into the mapping, then the mapping itself."""
        self.lines = pl.Series("line", [], dtype=pl.String)
        self.frame = self.frame.clear()
        self.index.close()

    @property
    def flags(self) -> TimeFlags:
        return self.format.time_flags

    def level_counts(self) -> dict[str, int]:
        """Records per level: a stack trace under a WARNING counts once, not once per line."""
        counts = dict.fromkeys(LEVELS, 0)
        starts = self.frame.filter(pl.col("record") == pl.int_range(pl.len(), dtype=pl.UInt32))
        for level, count in starts["level"].value_counts().iter_rows():
            if level is not None:
                counts[level] = count
        return counts

    def time_range(self) -> tuple[datetime | None, datetime | None]:
        """The first and the last timestamp in file order (clocks go backwards; a stray year happens)."""
        stamps = self.frame["ts"].drop_nulls()
        return (stamps[0], stamps[-1]) if len(stamps) else (None, None)

    def message(self, row: int) -> str:
        """The message part of line ``row`` (the whole line where the format has no message group)."""
        text = self.index.text(row)
        found = self.format.compiled.match(text) if not self.format.is_json else None
        return text[found.start("message"):] if found and "message" in self.format.groups else text


def _bulk_regex(fmt: LogFormat) -> str:
    """The format regex as the bulk parser runs it: a 'matched' marker, and nothing it does not read.

    Everything from the message group on is cut when no other group follows it (scanning the rest
    of each line for ``.*`` doubled the parse time), and ``ts`` stops capturing (its parts do).
    """
    regex = fmt.regex.replace("(?P<ts>", "(?:")
    head, found, tail = regex.partition("(?P<message>")
    regex = head if found and "(?P<" not in tail and _valid(head) else regex.replace("(?P<message>", "(?:")
    if regex.startswith("^"):
        return "^(?P<_m>)" + regex[1:]  # after the anchor, or the engine loses its anchored fast path
    return "(?P<_m>)" + regex


def _valid(regex: str) -> bool:
    """A cut regex is only usable when it still compiles (the message group was not nested)."""
    try:
        re.compile(regex)
    except re.error:
        return False
    return True


def _level_map(fmt: LogFormat) -> dict[str, str]:
    """Raw level texts in lower case: looked up case-blind, as ``LogFormat.level_of`` does."""
    return {raw.strip().lower(): level for raw, level in fmt.levels.items()}


def _parse_block(block: pl.Series, fmt: LogFormat, assumed: datetime) -> pl.DataFrame:
    if fmt.is_json:
        groups_frame = json_groups(block, fmt)
    else:
        groups_frame = block.str.extract_groups(_bulk_regex(fmt)).struct.unnest()
    groups = set(groups_frame.columns)
    if fmt.is_json:  # epoch numbers on some lines, ISO strings on others
        stamps = timestamps(groups_frame, {"epoch"}, assumed).fill_null(timestamps(groups_frame, ISO_GROUPS, assumed))
    else:
        stamps = timestamps(groups_frame, groups, assumed)
    stated = [groups_frame[name].is_not_null() for name in TIME_GROUPS if name in groups]
    written = pl.select(pl.any_horizontal(stated)).to_series() if stated else pl.repeat(False, len(block), eager=True)
    columns = {"ts": stamps, "matched": groups_frame["_m"].is_not_null(), "bad_time": written & stamps.is_null()}
    if "level" in groups:
        raw = groups_frame["level"].str.strip_chars().str.to_lowercase()
        columns["level"] = raw.replace_strict(_level_map(fmt), default=None, return_dtype=LEVEL_DTYPE)
    for name in ("thread", "pid", "tag"):
        if name in groups:
            columns[name] = groups_frame[name].str.strip_chars()
    return pl.DataFrame(columns)


def _empty_columns(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [pl.lit(None, dtype=LEVEL_DTYPE).alias("level")] if "level" not in frame.columns else []
    missing += [pl.lit(None, dtype=pl.String).alias(n) for n in ("thread", "pid", "tag") if n not in frame.columns]
    return frame.with_columns(missing).select("ts", "level", "thread", "pid", "tag", "matched", "bad_time")


def _with_records(frame: pl.DataFrame, lines: pl.Series, fmt: LogFormat) -> pl.DataFrame:
    """Attach continuation lines (stack traces, SDP, pretty JSON) to the record above them."""
    row = pl.int_range(pl.len(), dtype=pl.UInt32)
    if frame["matched"].all():  # nothing to attach: skip the gathers (the common case for SDK logs)
        return frame.with_columns(row.alias("record"))
    if fmt.continuation == "*":
        starts = pl.col("matched")
    elif fmt.continuation_re is not None:
        frame = frame.with_columns(lines.str.contains(fmt.continuation).alias("_cont"))
        starts = pl.col("matched") | ~pl.col("_cont")
    else:
        return frame.with_columns(row.alias("record"))
    frame = frame.with_columns(pl.when(starts).then(row).otherwise(None).forward_fill().alias("record"))
    frame = frame.with_columns(pl.col("record").fill_null(row)).drop("_cont", strict=False)
    carried = [pl.col(name).gather(pl.col("record")).alias(name) for name in _CARRIED]
    return frame.with_columns(carried)


def parse_log(index: LineIndex, fmt: LogFormat | str | None = None, *, assumed: datetime | None = None,
              progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> ParsedLog:
    """Parse every line of ``index``; ``fmt`` forces a format (an engineer's override), else it is sniffed.

    ``assumed`` supplies the year (and date) for stamps that lack them.
    """
    assumed = assumed or datetime(datetime.now().year, 1, 1)
    sniffed = None
    if isinstance(fmt, str):
        fmt = load_formats()[fmt]
    if fmt is None:
        sniffed = sniff_head(index)
        fmt = load_formats()[sniffed.format_id]
    lines, replaced = lines_of(index)
    frame = _parse_blocks(lines, fmt, assumed, progress, cancel)
    frame = _with_records(frame, lines, fmt)
    parsed = ParsedLog(index, fmt, lines, frame, sniffed, replaced)
    _note_quality(parsed)
    return parsed


def _parse_blocks(lines: pl.Series, fmt: LogFormat, assumed: datetime, progress: ProgressFn,
                  cancel: CancelToken) -> pl.DataFrame:
    """Blocks of rows on two threads: Polars releases the GIL, so both cores work."""
    if len(lines) == 0:
        return _empty_columns(_parse_block(pl.Series("line", [""]), fmt, assumed)).clear()
    starts = list(range(0, len(lines), BLOCK_ROWS))
    frames: list[pl.DataFrame] = []
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="workbench-parse") as pool:
        jobs = [pool.submit(_parse_guarded, lines[s : s + BLOCK_ROWS], fmt, assumed, cancel) for s in starts]
        for number, job in enumerate(jobs, start=1):
            frames.append(_empty_columns(job.result()))
            progress(min(number * BLOCK_ROWS, len(lines)), len(lines), "parsing columns")
    frame = pl.concat(frames, how="vertical")
    # Thread ids and tags repeat endlessly: categoricals take 4 bytes a row instead of a 16-byte view.
    return frame.with_columns(pl.col("thread", "pid", "tag").cast(pl.Categorical))


def _parse_guarded(block: pl.Series, fmt: LogFormat, assumed: datetime, cancel: CancelToken) -> pl.DataFrame:
    cancel.raise_if_cancelled()
    return _parse_block(block, fmt, assumed)


def _note_quality(parsed: ParsedLog) -> None:
    frame = parsed.frame
    total = frame.height
    if not total or parsed.format.id == "text":
        return
    unmatched = int(total - frame["matched"].sum())
    continued = int((frame["record"] != pl.int_range(total, dtype=pl.UInt32, eager=True)).sum())
    noise = unmatched - continued
    if noise / total >= 0.01:
        parsed.warnings.append(f"{noise:,} of {total:,} lines ({noise / total:.0%}) do not match "
                               f"{parsed.format.id}: they are kept as their own rows")
    if parsed.replaced_lines:
        parsed.warnings.append(f"{parsed.replaced_lines:,} lines had bytes that are not valid UTF-8 (shown as �)")
    undated = int(frame["bad_time"].sum())
    if undated:
        parsed.warnings.append(f"{undated:,} lines have an impossible timestamp (e.g. Feb 30): kept without time")

