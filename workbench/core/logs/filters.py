"""Composable filters over parsed logs, answering with numpy arrays of row numbers.

A filter never copies lines: it evaluates Polars expressions on the frame (level, time, thread,
tag) and Rust regexes on the zero-copy line column, then turns the mask into row numbers, optionally
widened by ±N lines of context. Regex errors become a clear message: Polars uses Rust regex syntax,
which has no look-around and no backreferences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import polars as pl

from workbench.core.errors import WorkbenchError
from workbench.core.logs.formats import LEVELS
from workbench.core.logs.parse import ParsedLog


@dataclass(frozen=True)
class LogFilter:
    """What to keep. Empty fields keep everything; all given fields must hold (AND)."""

    min_level: str | None = None
    match: str | None = None  # regex the line must contain
    exclude: str | None = None  # regex the line must not contain
    ignore_case: bool = False
    since: datetime | None = None
    until: datetime | None = None
    threads: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    context: int = 0  # lines kept before and after each match

    @property
    def needs_columns(self) -> bool:
        """Whether the parsed columns are needed, or the raw lines suffice (regex only)."""
        return bool(self.min_level or self.since or self.until or self.threads or self.tags)


def check_regex(pattern: str, ignore_case: bool = False) -> str:
    """The pattern as Polars will run it; WorkbenchError with a helpful message if it is invalid."""
    full = f"(?i){pattern}" if ignore_case else pattern
    try:
        pl.Series([""], dtype=pl.String).str.contains(full)
    except pl.exceptions.ComputeError as exc:
        lines = [line.strip() for line in str(exc).splitlines()]
        detail = next((line[len("error: "):] for line in lines if line.startswith("error: ")), "invalid pattern")
        hint = "Rust regex syntax: no look-around (?=, ?!, ?<=) and no backreferences (\\1)"
        raise WorkbenchError(f"invalid regular expression {pattern!r} ({detail})", hint) from exc
    return full


def level_at_least(level: str) -> pl.Expr:
    if level not in LEVELS:
        raise WorkbenchError(f"unknown level {level!r}", f"use one of {', '.join(LEVELS)}")
    return pl.col("level").to_physical() >= LEVELS.index(level)  # Enum order is severity order


def _frame_mask(parsed: ParsedLog, flt: LogFilter) -> pl.Series | None:
    conditions = []
    if flt.min_level:
        conditions.append(level_at_least(flt.min_level).fill_null(False))
    if flt.since:
        conditions.append((pl.col("ts") >= flt.since).fill_null(False))
    if flt.until:
        conditions.append((pl.col("ts") <= flt.until).fill_null(False))
    if flt.threads:
        conditions.append(pl.col("thread").cast(pl.String).is_in(list(flt.threads)).fill_null(False))
    if flt.tags:
        conditions.append(pl.col("tag").cast(pl.String).is_in(list(flt.tags)).fill_null(False))
    if not conditions:
        return None
    return parsed.frame.select(pl.all_horizontal(conditions).alias("keep"))["keep"]


def line_mask(lines: pl.Series, flt: LogFilter) -> pl.Series | None:
    """The regex part of a filter, on raw lines (no parsing needed)."""
    mask = None
    if flt.match:
        mask = lines.str.contains(check_regex(flt.match, flt.ignore_case))
    if flt.exclude:
        excluded = ~lines.str.contains(check_regex(flt.exclude, flt.ignore_case))
        mask = excluded if mask is None else mask & excluded
    return mask


def with_context(rows: np.ndarray, context: int, total: int) -> np.ndarray:
    """``rows`` widened by ``context`` lines on each side, sorted and unique."""
    if context <= 0 or len(rows) == 0:
        return rows
    keep = np.zeros(total, dtype=bool)
    for shift in range(-context, context + 1):
        keep[np.clip(rows + shift, 0, total - 1)] = True
    return np.flatnonzero(keep)


def apply_filter(parsed: ParsedLog, flt: LogFilter) -> np.ndarray:
    """Row numbers (0-based lines) of ``parsed`` that pass ``flt``, in file order."""
    masks = [m for m in (_frame_mask(parsed, flt), line_mask(parsed.lines, flt)) if m is not None]
    total = len(parsed.lines)
    if not masks:
        return np.arange(total, dtype=np.int64)
    mask = masks[0] if len(masks) == 1 else masks[0] & masks[1]
    rows = np.flatnonzero(mask.fill_null(False).to_numpy())
    return with_context(rows, flt.context, total)
