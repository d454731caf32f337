"""Find the rows of one parsed log that each rule regex matches, with as few passes as possible.

1. One literal pass over all lines (the union of every regex's needles, see ``needles.py``) on both
   cores leaves the candidate rows: usually a small fraction of the file.
2. One Aho-Corasick pass over the candidates says which needles each candidate contains, so every
   regex then runs only on the candidates holding one of *its* needles.
3. Patterns whose rows nobody needs (``unless``/``requires`` conditions, absence targets) stop at
   their first match.

A regex without a needle runs over all lines (the resource tests keep shipped rules from that).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from workbench.core.progress import NEVER, CancelToken
from workbench.core.rules.needles import alternation, needles_of

BLOCK_ROWS = 1_000_000  # per thread: bounds each pass's temporaries and the time to a Stop
_EXISTS_CHUNK = 65_536  # rows tried at a time when only the first match matters
_THREADS = 2  # the target machine has two cores; Polars releases the GIL inside these string kernels
_EMPTY = np.empty(0, dtype=np.int64)


def _blocks(count: int) -> list[int]:
    return list(range(0, count, BLOCK_ROWS))


def _contains_block(lines: pl.Series, pattern: str, cancel: CancelToken) -> np.ndarray:
    cancel.raise_if_cancelled()
    return lines.str.contains(pattern).fill_null(False).to_numpy()


def contains_rows(lines: pl.Series, pattern: str, cancel: CancelToken = NEVER) -> np.ndarray:
    """Rows of ``lines`` matching ``pattern``, blocks on both cores."""
    if len(lines) <= BLOCK_ROWS:
        return np.flatnonzero(_contains_block(lines, pattern, cancel))
    with ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="workbench-rules") as pool:
        parts = list(pool.map(lambda s: _contains_block(lines[s : s + BLOCK_ROWS], pattern, cancel),
                              _blocks(len(lines))))
    return np.flatnonzero(np.concatenate(parts))


def _needle_block(lines: pl.Series, start: int, needles: list[str], cancel: CancelToken) -> pl.DataFrame:
    cancel.raise_if_cancelled()
    found = lines.str.extract_many(needles, overlapping=True)
    rows = pl.int_range(start, start + len(lines), dtype=pl.Int64, eager=True)
    return pl.DataFrame({"row": rows, "needle": found}).explode("needle").drop_nulls("needle")


def rows_by_needle(lines: pl.Series, needles: list[str], cancel: CancelToken = NEVER) -> dict[str, np.ndarray]:
    """``{needle: rows of lines containing it}`` from one Aho-Corasick pass (overlaps included)."""
    with ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="workbench-rules") as pool:
        parts = list(pool.map(lambda s: _needle_block(lines[s : s + BLOCK_ROWS], s, needles, cancel),
                              _blocks(len(lines))))
    grouped = pl.concat(parts).group_by("needle").agg(pl.col("row"))
    return {needle: np.asarray(rows, dtype=np.int64) for needle, rows in grouped.iter_rows()}


def _union(size: int, parts: list[np.ndarray]) -> np.ndarray:
    """Sorted distinct rows of ``parts`` (a mask: np.unique's hashing was the slowest step at 1 GB)."""
    if not parts:
        return _EMPTY
    if len(parts) == 1 and len(parts[0]) < 2:
        return parts[0]
    mask = np.zeros(size, dtype=bool)
    for part in parts:
        mask[part] = True
    return np.flatnonzero(mask)


def _first_match(subset: pl.Series, rows: np.ndarray, pattern: str, cancel: CancelToken) -> np.ndarray:
    """The first of ``rows`` (indices into ``subset``) matching ``pattern``, as a 0- or 1-element array."""
    for start in range(0, len(rows), _EXISTS_CHUNK):
        cancel.raise_if_cancelled()
        chunk = rows[start : start + _EXISTS_CHUNK]
        hits = np.flatnonzero(subset.gather(chunk).str.contains(pattern).fill_null(False).to_numpy())
        if len(hits):
            return chunk[hits[:1]]
    return _EMPTY


def scan_lines(lines: pl.Series, patterns: list[str], exists: set[str] | frozenset[str] = frozenset(),
               cancel: CancelToken = NEVER) -> dict[str, np.ndarray]:
    """``{pattern: sorted rows (0-based)}``; patterns in ``exists`` only get their first row."""
    unique = list(dict.fromkeys(patterns))
    needles = {p: needles_of(p) for p in unique}
    literal = sorted(set().union(*(n for n in needles.values() if n)))
    result: dict[str, np.ndarray] = {}
    candidates = contains_rows(lines, alternation(literal), cancel) if literal else _EMPTY
    if len(candidates):
        subset = lines.gather(candidates)
        holding = rows_by_needle(subset, literal, cancel)
        for pattern in (p for p in unique if needles[p]):
            rows = _union(len(subset), [holding[n] for n in needles[pattern] if n in holding])
            if not len(rows):
                continue
            if pattern in exists:
                result[pattern] = candidates[_first_match(subset, rows, pattern, cancel)]
            else:
                cancel.raise_if_cancelled()
                matched = subset.gather(rows).str.contains(pattern).fill_null(False).to_numpy()
                result[pattern] = candidates[rows[matched]]
    for pattern in unique:
        if needles[pattern] is None:
            result[pattern] = contains_rows(lines, pattern, cancel)
        result.setdefault(pattern, _EMPTY)
    return result
