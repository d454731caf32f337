"""Export log rows (a selection, or a whole filtered view) as raw text, CSV or JSON lines.

The caller turns view rows into :data:`ExportRow` tuples (it knows the bundle path, the 1-based
line and the parsed fields); this module only writes them, optionally redacted
(:func:`workbench.core.redact.redact` on the message and the raw text).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import Literal, TextIO

from workbench.core.errors import WorkbenchError
from workbench.core.progress import NEVER, CancelToken
from workbench.core.redact import redact

# (path in the bundle, 1-based line, ISO time, level, thread, tag, message, raw line text)
ExportRow = tuple[str, int, str | None, str | None, str | None, str | None, str, str]
ExportFormat = Literal["text", "csv", "jsonl"]
FORMATS: tuple[str, ...] = ("text", "csv", "jsonl")
COLUMNS = ("file", "line", "time", "level", "thread", "tag", "message")
RowWriter = Callable[[ExportRow], None]
_CANCEL_EVERY = 10_000  # rows between two looks at the cancel token


def export_rows(rows: Iterable[ExportRow], fmt: ExportFormat, out: TextIO, redacted: bool = False, *,
                cancel: CancelToken = NEVER) -> int:
    """Write ``rows`` to ``out`` in ``fmt``; the number of rows written.

    ``text`` writes the raw lines; ``csv`` a header and one quoted record per row; ``jsonl`` one
    object per row with the CSV's keys. Raises WorkbenchError for an unknown format and
    Cancelled when ``cancel`` is set (what was written so far stays written).
    """
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown export format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    writer = _WRITERS[fmt](out)
    written = 0
    for row in rows:
        if written % _CANCEL_EVERY == 0:
            cancel.raise_if_cancelled()
        writer(_redacted(row) if redacted else row)
        written += 1
    return written


def _redacted(row: ExportRow) -> ExportRow:
    path, line, time, level, thread, tag, message, text = row
    return (path, line, time, level, thread, tag, redact(message), redact(text))


def _text_writer(out: TextIO) -> RowWriter:
    def write(row: ExportRow) -> None:
        out.write(row[7].rstrip("\r\n"))
        out.write("\n")

    return write


def _csv_writer(out: TextIO) -> RowWriter:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)

    def write(row: ExportRow) -> None:
        writer.writerow(["" if value is None else value for value in row[:7]])

    return write


def _jsonl_writer(out: TextIO) -> RowWriter:
    def write(row: ExportRow) -> None:
        out.write(json.dumps(dict(zip(COLUMNS, row[:7], strict=True)), ensure_ascii=False))
        out.write("\n")

    return write


_WRITERS: dict[str, Callable[[TextIO], RowWriter]] = {"text": _text_writer, "csv": _csv_writer, "jsonl": _jsonl_writer}
