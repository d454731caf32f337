"""Bottom panel: what the bundle says about the customer's setup, what went wrong reading it, and
the one message that asks the customer for everything still missing (core.missing)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.bundle import Bundle
from workbench.core.missing import ask_message
from workbench.core.report import build_report
from workbench.ui.widgets.panes import split_panes

NOTHING_MISSING = "Nothing is missing: the bundle has logs and every environment fact we look for."


_FACTS_PER_ROW = 2  # the panel is wide and short: facts side by side keep them all in view


def _facts_html(environment: dict) -> str:
    esc = html.escape
    cells = [f"<td style='color:gray'>{esc(name)}</td><td><b>{esc(fact['value'])}</b> "
             f"<span style='color:gray'>({esc(fact['source'])})</span>&nbsp;&nbsp;&nbsp;</td>"
             for name, fact in environment.items()]
    rows = ["".join(cells[i : i + _FACTS_PER_ROW]) for i in range(0, len(cells), _FACTS_PER_ROW)]
    return "<table cellspacing='0' cellpadding='1'>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _summary_html(bundle: Bundle, report: dict) -> str:
    """Warnings first (they change what can be trusted), then the environment facts with their
    sources. Every value is escaped: it is customer data."""
    esc = html.escape
    parts = [f"<b>{esc(str(bundle.source))}</b> — {esc(bundle.input_kind)}, {len(report['files'])} files"]
    warnings = report["warnings"]
    if warnings:
        items = "".join(f"<li>{esc(text)}</li>" for text in warnings)
        parts.append(f"<b style='color:#b26a00'>Warnings ({len(warnings)})</b><ul style='margin:0'>{items}</ul>")
    else:
        parts.append("<span style='color:gray'>No warnings while reading the bundle.</span>")
    env = report["environment"]
    if env:
        parts.append(_facts_html(env))
    else:
        parts.append("<i>No environment facts found (device, OS, SDK version, network…).</i>")
    return "".join(f"<p style='margin:0 0 4px 0'>{p}</p>" for p in parts)


class BundlePanel(QWidget):
    """Summary of the open bundle on the left, the follow-up question for the customer on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        self.ask = QPlainTextEdit(self)
        self.ask.setReadOnly(True)
        self.ask_title = QLabel("<b>Missing information</b> — ask the customer in one message:", self)
        self.copy_button = QPushButton("Copy message", self)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self._build_layout()
        self.set_bundle(None)

    def _build_layout(self) -> None:
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.ask_title, 1)
        title_row.addWidget(self.copy_button)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.ask)
        splitter = split_panes(self, Qt.Orientation.Horizontal, (self.summary, right), sizes=(620, 520))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addWidget(splitter)

    def set_bundle(self, bundle: Bundle | None) -> None:
        """Fill the panel from ``build_report`` so it says exactly what ``analyze`` says."""
        if bundle is None:
            self.summary.setHtml("<i>No bundle open.</i>")
            self.ask.setPlainText("")
            self.copy_button.setEnabled(False)
            return
        report = build_report(bundle)
        self.summary.setHtml(_summary_html(bundle, report))
        message = ask_message(report["missing_info"])
        self.ask.setPlainText(message or NOTHING_MISSING)
        self.copy_button.setEnabled(bool(message))

    @property
    def ask_text(self) -> str:
        return self.ask.toPlainText()

    @Slot()
    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.ask.toPlainText())
