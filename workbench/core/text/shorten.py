"""Text cut down to one line for a cell, a list entry or a quoted log line."""

from __future__ import annotations


def one_line(text: object, limit: int = 200) -> str:
    """``text`` on one line: whitespace runs (newlines included) collapsed to one space, cut to
    ``limit`` characters with the cut marked by "…"."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
