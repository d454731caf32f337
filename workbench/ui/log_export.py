"""Export of the selected rows or of the whole (filtered) view: a small dialog and a worker function.

Writing runs in the view's *export* lane (a filtered view of 10M lines takes seconds); the file is
written next to its target and moved into place at the end, so a Stop or a crash never leaves half
a file under the name the user chose.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from workbench.core.logs.export import ExportRow, export_rows
from workbench.core.logs.view import LogRows
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress

FORMATS = {"text": ("Raw text", ".log"), "csv": ("CSV", ".csv"), "jsonl": ("JSON lines", ".jsonl")}
_REPORT_EVERY = 5_000


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    fmt: str  # text | csv | jsonl
    redacted: bool
    selection_only: bool


def _counted(rows: Iterable[ExportRow], total: int, progress: ProgressFn) -> Iterator[ExportRow]:
    for number, row in enumerate(rows, start=1):
        if number % _REPORT_EVERY == 0:
            progress(number, total, f"exporting: {number:,} of {total:,} lines")
        yield row


def write_export(rows: LogRows, positions: np.ndarray | None, request: ExportRequest, *,
                 progress: ProgressFn = null_progress, cancel: CancelToken = NEVER) -> int:
    """Worker side: write the rows (all when ``positions`` is None); the number written."""
    total = len(rows) if positions is None else len(positions)
    partial = request.path.with_name(request.path.name + ".part")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            count = export_rows(_counted(rows.export_rows(positions), total, progress), request.fmt,  # type: ignore[arg-type]
                                out, request.redacted, cancel=cancel)
        os.replace(partial, request.path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return count


class ExportDialog(QDialog):
    """What to export (selection or view), as what (text, CSV, JSON lines), redacted or not, where."""

    def __init__(self, parent: QWidget | None, selected: int, shown: int, folder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export lines")
        self.selection = QRadioButton(f"Selected lines ({selected:,})", self)
        self.view = QRadioButton(f"All shown lines ({shown:,})", self)
        (self.selection if selected > 1 else self.view).setChecked(True)
        self.selection.setEnabled(selected > 0)
        self.format = QComboBox(self)
        for key, (title, _suffix) in FORMATS.items():
            self.format.addItem(title, key)
        self.redact = QCheckBox("Redact (IP addresses, accounts, tokens, app ids…)", self)
        self.path = QLineEdit(str(Path(folder) / "export.log"), self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._on_browse_clicked)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        scope = QHBoxLayout()
        scope.addWidget(self.selection)
        scope.addWidget(self.view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Lines:", scope)
        form.addRow("Format:", self.format)
        form.addRow("", self.redact)
        form.addRow("File:", where)
        form.addRow(self.buttons)

    def request(self) -> ExportRequest:
        return ExportRequest(Path(self.path.text()).expanduser(), str(self.format.currentData()),
                             self.redact.isChecked(), self.selection.isChecked())

    def _on_format_changed(self, _index: int) -> None:
        suffix = FORMATS[str(self.format.currentData())][1]
        self.path.setText(str(Path(self.path.text()).with_suffix(suffix)))

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export lines", self.path.text())
        if path:
            self.path.setText(path)
