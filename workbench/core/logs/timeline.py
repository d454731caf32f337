"""All logs of a bundle as one timeline: a stable merge by timestamp across files.

Lines without a time of their own (continuations, noise) keep the time of the line above, so a
stack trace stays under its record. A per-file offset (minutes) corrects logs whose time zone had to
be assumed — a phone writing local UTC+8 beside a server writing UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from workbench.core.logs.filters import LogFilter, apply_filter
from workbench.core.logs.parse import ParsedLog


@dataclass
class Timeline:
    """Merged rows: ``files[i]`` is the log number and ``rows[i]`` the line in it, in time order."""

    logs: list[tuple[str, ParsedLog]]
    files: np.ndarray
    rows: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def entry(self, position: int) -> tuple[str, int, ParsedLog]:
        """(bundle path, 0-based line, parsed log) of merged row ``position``."""
        path, parsed = self.logs[int(self.files[position])]
        return path, int(self.rows[position]), parsed

    def filtered(self, flt: LogFilter) -> Timeline:
        """The merged rows that pass ``flt`` (context lines are taken within each file)."""
        sizes = [len(parsed.lines) for _path, parsed in self.logs]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        keep = np.zeros(sum(sizes), dtype=bool)
        for number, (_path, parsed) in enumerate(self.logs):
            keep[starts[number] + apply_filter(parsed, flt)] = True
        selected = keep[starts[self.files] + self.rows]
        return Timeline(self.logs, self.files[selected], self.rows[selected])


def _sort_key(parsed: ParsedLog, offset_minutes: int) -> pl.Series:
    key = parsed.frame["ts"].forward_fill()
    if offset_minutes and parsed.flags.tz_assumed:
        key = key.dt.offset_by(f"{-offset_minutes}m")  # local time minus its UTC offset = UTC
    return key


def merge(logs: list[tuple[str, ParsedLog]], offsets: dict[str, int] | None = None) -> Timeline:
    """Merge ``logs`` (bundle path, parsed) by time; ties keep file order, then line order."""
    offsets = offsets or {}
    parts = []
    for number, (path, parsed) in enumerate(logs):
        size = len(parsed.lines)
        parts.append(pl.DataFrame({
            "key": _sort_key(parsed, offsets.get(path, 0)),
            "file": pl.repeat(number, size, dtype=pl.UInt16, eager=True),
            "row": pl.int_range(size, dtype=pl.UInt32, eager=True),
        }))
    if not parts:
        return Timeline([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    merged = pl.concat(parts).sort(["key", "file", "row"], nulls_last=True, maintain_order=True)
    return Timeline(logs, merged["file"].to_numpy().astype(np.int64), merged["row"].to_numpy().astype(np.int64))
