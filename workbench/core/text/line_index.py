"""Line-start offsets over a memory-mapped file, built with numpy in chunks.

Opening a 1 GB log costs one pass of ``buf == b'\\n'`` per 64 MB chunk (about 0.6 s) and 8 bytes
per line; every later read is a slice of the mapping. Nothing is decoded until it is shown.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from pathlib import Path

import numpy as np

from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress

CHUNK_BYTES = 16 * 1024 * 1024  # small enough for a quick Stop, large enough for numpy
LONG_LINE_BYTES = 1024 * 1024  # longer lines are kept whole but cut for display
DISPLAY_CHARS = 500
_VISIBLE_CONTROLS = {c: 0x2400 + c for c in range(32) if c != 9}  # U+2400 control pictures
_VISIBLE_CONTROLS[0x7F] = 0x2421


class LineIndex:
    """Random access to the lines of one byte-compatible text file (UTF-8, GB18030, ASCII…).

    ``starts[i]`` is the byte offset where line ``i`` (0-based) begins; line ends are the next start
    or the end of the file. The end-of-line bytes (LF, CRLF or CR) are not part of a line.
    """

    def __init__(self, path: Path, starts: np.ndarray, mapping: mmap.mmap | None, size: int,
                 *, codec: str = "utf-8", separator: bytes = b"\n") -> None:
        self.path = path
        self.starts = starts
        self.size = size
        self.codec = codec
        self.separator = separator
        self._map = mapping

    @classmethod
    def build(cls, path: Path | str, *, codec: str = "utf-8", separator: bytes = b"\n",
              progress: ProgressFn = null_progress, cancel: CancelToken = NEVER,
              chunk_bytes: int = CHUNK_BYTES, head_bytes: int | None = None) -> LineIndex:
        """Index ``path``; ``separator`` is ``b"\\n"`` (LF and CRLF files) or ``b"\\r"`` (CR-only).

        ``head_bytes`` indexes only the start of the file (the first screen while the rest builds);
        its last line may then be cut.
        """
        path = Path(path)
        size = os.path.getsize(path)
        if head_bytes is not None:
            size = min(size, head_bytes)
        if size == 0:
            return cls(path, np.zeros(0, dtype=np.int64), None, 0, codec=codec, separator=separator)
        with open(path, "rb") as handle:
            mapping = mmap.mmap(handle.fileno(), 0 if head_bytes is None else size, access=mmap.ACCESS_READ)
        try:
            starts = _line_starts(mapping, size, separator[0], progress, cancel, chunk_bytes)
        except BaseException:
            mapping.close()
            raise
        return cls(path, starts, mapping, size, codec=codec, separator=separator)

    def __len__(self) -> int:
        return len(self.starts)

    def close(self) -> None:
        """Release the mapping. Columns built zero-copy over it (Polars lines) keep it alive until
        they are dropped too; then the mapping goes with its last user."""
        if self._map is not None:
            with contextlib.suppress(BufferError):
                self._map.close()
            self._map = None

    def __enter__(self) -> LineIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def mapping(self) -> mmap.mmap | bytes:
        """The mapped file (an empty bytes object for an empty file); valid until close()."""
        return self._map if self._map is not None else b""

    @property
    def bytes_per_line(self) -> float:
        return self.starts.nbytes / max(len(self.starts), 1)

    def span(self, row: int) -> tuple[int, int]:
        """Byte range ``[start, end)`` of line ``row`` without its end-of-line bytes."""
        start = int(self.starts[row])
        end = int(self.starts[row + 1]) if row + 1 < len(self.starts) else self.size
        if end > start and self._map[end - 1] == self.separator[0]:
            end -= 1
        if self.separator == b"\n" and end > start and self._map[end - 1] == 13:
            end -= 1  # CRLF
        return start, end

    def length(self, row: int) -> int:
        """Full length of line ``row`` in bytes, even when display cuts it."""
        start, end = self.span(row)
        return end - start

    def raw(self, row: int, limit: int = LONG_LINE_BYTES) -> bytes:
        """The bytes of line ``row``, at most ``limit`` of them."""
        start, end = self.span(row)
        return self._map[start : min(end, start + limit)]

    def text(self, row: int, limit: int = LONG_LINE_BYTES) -> str:
        """Line ``row`` decoded (invalid bytes become U+FFFD), cut at ``limit`` bytes."""
        return self.raw(row, limit).decode(self.codec, errors="replace")

    def display(self, row: int, max_chars: int = DISPLAY_CHARS) -> str:
        """What a table cell shows: controls made visible, long lines cut with '… (+N chars)'.

        Called on every paint, so it decodes at most ``4 * max_chars`` bytes: beyond that the rest
        is counted in bytes rather than decoded just to count characters.
        """
        budget = max_chars * 4  # the most bytes max_chars characters can take in UTF-8
        full = self.length(row)
        text = self.text(row, limit=budget)
        if full <= budget and len(text) <= max_chars:
            return text.translate(_VISIBLE_CONTROLS)
        head = text[:max_chars]
        if full <= budget:
            return f"{head.translate(_VISIBLE_CONTROLS)}… (+{len(text) - max_chars:,} chars)"
        rest = full - len(head.encode(self.codec, errors="replace"))
        return f"{head.translate(_VISIBLE_CONTROLS)}… (+{rest:,} bytes)"


def _line_starts(mapping: mmap.mmap, size: int, separator: int, progress: ProgressFn,
                 cancel: CancelToken, chunk_bytes: int) -> np.ndarray:
    """Offsets of every line start: 0 plus one past each separator (except a final one)."""
    pieces = [np.zeros(1, dtype=np.int64)]
    for offset in range(0, size, chunk_bytes):
        cancel.raise_if_cancelled()
        count = min(chunk_bytes, size - offset)
        chunk = np.frombuffer(mapping, dtype=np.uint8, count=count, offset=offset)
        ends = np.flatnonzero(chunk == separator)
        pieces.append(ends.astype(np.int64) + (offset + 1))
        del chunk  # release the buffer export so the mapping can be closed later
        progress(offset + count, size, "indexing lines")
    starts = np.concatenate(pieces)
    if starts[-1] == size:  # a final separator ends the last line; it does not open a new one
        starts = starts[:-1]
    return starts
