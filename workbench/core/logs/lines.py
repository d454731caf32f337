"""A file's lines as a Polars String column, built over the LineIndex's mapping without a Python loop.

The mapped bytes and the line offsets become an Arrow ``large_binary`` array (nanoarrow, zero-copy),
which Polars imports; ``cast(String)`` is the UTF-8 check (notes/spikes.md: Polars does not check
UTF-8 on import, and a bad byte would panic later). Invalid UTF-8 rows and non-UTF-8 encodings
(GB18030) are decoded in Python, with replacement, for just those rows.
"""

from __future__ import annotations

import nanoarrow as na
import numpy as np
import polars as pl

from workbench.core.text import LineIndex

_UTF8 = ("utf-8", "utf-8-sig")
_BLOCK = 65_536  # rows checked together; only a block with bad bytes takes the slow path


def _binary_lines(index: LineIndex) -> pl.Series:
    offsets = np.empty(len(index) + 1, dtype=np.int64)
    offsets[:-1] = index.starts
    offsets[-1] = index.size
    data = np.frombuffer(index.mapping, dtype=np.uint8)
    array = na.c_array_from_buffers(na.large_binary(), len(index), [None, offsets, data])
    return pl.Series("raw", array)


def lines_of(index: LineIndex) -> tuple[pl.Series, int]:
    """(lines without their line ends, number of lines that needed replacement characters)."""
    if len(index) == 0:
        return pl.Series("line", [], dtype=pl.String), 0
    raw = _binary_lines(index)
    if index.codec not in _UTF8:  # GB18030: Polars only speaks UTF-8
        text, bad = _decoded(index, 0, len(index)), 0
    else:
        try:
            text, bad = _without_line_ends(index, raw.cast(pl.String)), 0
        except pl.exceptions.ComputeError:  # invalid UTF-8 somewhere: the slow path, block by block
            text, bad = _checked_utf8(index, raw)
    text = text.alias("line")
    if index.codec == "utf-8-sig":
        text = pl.concat([text[:1].str.strip_chars_start("\ufeff"), text[1:]])
    return text, bad


def _without_line_ends(index: LineIndex, text: pl.Series) -> pl.Series:
    """Lines minus their LF. Files with no CR at all (most logs) take a cheap constant cut that
    only shortens each string view; CRLF, CR-only and mixed files take the general strip."""
    if index.separator != b"\n" or index.mapping.find(b"\r") != -1:
        return text.str.strip_chars_end("\r\n")
    if index.mapping[-1:] == b"\n":
        return text.str.head(-1)
    return pl.concat([text[:-1].str.head(-1), text[-1:]])  # the last line has no LF to cut


def _checked_utf8(index: LineIndex, raw: pl.Series) -> tuple[pl.Series, int]:
    """Lines of a file with invalid UTF-8: good blocks cast, bad blocks decoded with replacement."""
    parts, bad = [], 0
    for start in range(0, len(index), _BLOCK):
        block = raw[start : start + _BLOCK]
        try:
            parts.append(block.cast(pl.String).str.strip_chars_end("\r\n"))
        except pl.exceptions.ComputeError:
            parts.append(_decoded(index, start, len(block)))
            bad += sum(1 for line in parts[-1] if "\ufffd" in line)
    return pl.concat(parts), bad


def _decoded(index: LineIndex, start: int, count: int) -> pl.Series:
    """Rows decoded in Python with replacement characters: the slow path for damaged or GBK text."""
    codec = "utf-8" if index.codec == "utf-8-sig" else index.codec
    lines = [index.raw(row, limit=index.size).decode(codec, errors="replace") for row in range(start, start + count)]
    return pl.Series("line", lines, dtype=pl.String)


def lines_with_ends(index: LineIndex) -> pl.Series | None:
    """Lines *with* their LF, without any copy: for one-shot regex counts on LF-only UTF-8 files.

    None when the file has CRs or invalid UTF-8 (then use :func:`lines_of`).
    """
    if len(index) == 0 or index.codec not in _UTF8 or index.mapping.find(b"\r") != -1:
        return None
    try:
        return _binary_lines(index).cast(pl.String).alias("line")
    except pl.exceptions.ComputeError:
        return None
