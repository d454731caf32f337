"""``workbench filter``: matching lines of a bundle's merged timeline, or their number.

A filter that only needs regexes on one file takes the fast path (index + one Rust regex pass, no
parsing), which is what keeps a one-shot ``--match --count`` within a small factor of ``grep -c``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from workbench.core.bundle.model import Bundle
from workbench.core.errors import WorkbenchError
from workbench.core.logs.bundle_logs import matching_logs, parse_bundle_logs
from workbench.core.logs.filters import LogFilter, line_mask
from workbench.core.logs.lines import lines_of, lines_with_ends
from workbench.core.logs.timeline import merge
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress


@dataclass(frozen=True)
class Hit:
    path: str
    line: int  # 1-based
    text: str


def parse_time(text: str | None) -> datetime | None:
    """``--since``/``--until``: ISO date and time (``2024-03-02 09:15``, ``2024-03-02T09:15:02.118``)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise WorkbenchError(f"cannot read the time {text!r}", "use YYYY-MM-DD HH:MM[:SS[.fff]]") from exc


def _selected(bundle: Bundle, pattern: str | None) -> list[str]:
    logs = [f.path for f in bundle.files if f.kind == "log" and f.is_text]
    if pattern:
        return matching_logs(logs, pattern)
    if not logs:
        raise WorkbenchError("the bundle has no readable log file", "run `workbench analyze` to see the files")
    return logs


# Regex parts that can match a line's final LF: only patterns free of them may run on lines with LF.
_EOL_SENSITIVE = re.compile(r"\$|\\[sSWDPnzZ]|\[\^|\(\?[a-zA-Z]*s|\\x0[aA]|\\u000[aA]|\\[0-9]|:space:|:cntrl:")


def _eol_safe(flt: LogFilter) -> bool:
    return not any(p and _EOL_SENSITIVE.search(p) for p in (flt.match, flt.exclude))


def count_fast(bundle: Bundle, path: str, flt: LogFilter, cancel: CancelToken = NEVER) -> int:
    """Regex-only count on one file: no parsing, and no copy of the lines when the pattern allows."""
    with bundle.open_index(bundle.file(path), cancel=cancel) as index:
        lines = lines_with_ends(index) if _eol_safe(flt) else None
        if lines is None:
            lines, _bad = lines_of(index)
        mask = line_mask(lines, flt)
        return len(lines) if mask is None else int(mask.fill_null(False).sum())


def run_filter(bundle: Bundle, flt: LogFilter, *, file_glob: str | None = None,
               formats: dict[str, str] | None = None, offsets: dict[str, int] | None = None,
               progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> Iterator[Hit]:
    """Matching lines of the selected logs, merged in time order.

    ``formats`` forces formats per bundle path; ``offsets`` corrects assumed time zones (minutes).
    """
    paths = set(_selected(bundle, file_glob))
    with parse_bundle_logs(bundle, overrides=formats, progress=progress, cancel=cancel, only=paths) as logs:
        timeline = merge(sorted(logs.parsed.items()), offsets).filtered(flt)
        for position in range(len(timeline)):
            path, row, parsed = timeline.entry(position)
            yield Hit(path, row + 1, parsed.index.text(row))


def count_filter(bundle: Bundle, flt: LogFilter, *, file_glob: str | None = None,
                 formats: dict[str, str] | None = None, offsets: dict[str, int] | None = None,
                 progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> int:
    paths = _selected(bundle, file_glob)
    if not flt.needs_columns and flt.context == 0:
        return int(np.sum([count_fast(bundle, path, flt, cancel) for path in paths]))
    hits = run_filter(bundle, flt, file_glob=file_glob, formats=formats, offsets=offsets, progress=progress,
                      cancel=cancel)
    return sum(1 for _hit in hits)
