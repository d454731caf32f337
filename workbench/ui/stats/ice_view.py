"""The ICE tab: a plain-words verdict, then candidates, candidate pairs and ICE server errors.

Candidate rows are tinted by type (host, srflx, prflx, relay), so "only host candidates" shows as
one colour; the selected pair is bold. Addresses are shown in full here (the engineer needs them)
and masked by "Copy (redacted)", which is how they leave the workbench.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from workbench.core.stats.ice import IceSummary
from workbench.ui.stats.colors import candidate_color, verdict_color
from workbench.ui.stats.ice_text import CANDIDATE_COLUMNS, PAIR_COLUMNS, error_columns, ice_text, ice_verdict
from workbench.ui.stats.table_model import Column, RowTableModel, table_view
from workbench.ui.theme import theme_of

EMPTY_VERDICT = "No PeerConnection selected"
CANDIDATE_TYPES = ("host", "srflx", "prflx", "relay")


def _columns(spec: Sequence[tuple[str, Any, bool]]) -> list[Column]:
    return [Column(header, text, right) for header, text, right in spec]


def _boxed(title: str, view: QTableView) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view)
    return box


class IceView(QWidget):
    """Shows one PeerConnection's :class:`IceSummary` (``set_ice``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pc_id = ""
        self.ice: IceSummary | None = None
        self.benign_codes: frozenset[int] = frozenset()
        self.level = "ok"
        self.verdict_label = QLabel(EMPTY_VERDICT)
        self.servers_label = QLabel()
        self.type_key = QLabel()
        self.copy_button = QPushButton("Copy (redacted)")
        self.local_model = RowTableModel(_columns(CANDIDATE_COLUMNS), self)
        self.remote_model = RowTableModel(_columns(CANDIDATE_COLUMNS), self)
        self.pair_model = RowTableModel(_columns(PAIR_COLUMNS), self)
        self.error_model = RowTableModel(_columns(error_columns(frozenset())), self)
        self.local_table, self.remote_table = table_view(self.local_model), table_view(self.remote_model)
        self.pair_table, self.error_table = table_view(self.pair_model), table_view(self.error_model)
        self.local_box = _boxed("Local candidates", self.local_table)
        self.remote_box = _boxed("Remote candidates", self.remote_table)
        self.pair_box = _boxed("Candidate pairs", self.pair_table)
        self.error_box = _boxed("ICE server errors", self.error_table)
        self._build()
        self._tint_rows()
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.set_ice("", None)

    def _build(self) -> None:
        font = QFont(self.verdict_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.verdict_label.setFont(font)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.servers_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.servers_label, 1)
        top.addWidget(self.type_key)
        top.addWidget(self.copy_button)
        sides = QSplitter(Qt.Orientation.Horizontal)
        sides.addWidget(self.local_box)
        sides.addWidget(self.remote_box)
        parts = QSplitter(Qt.Orientation.Vertical)
        for widget in (sides, self.pair_box, self.error_box):
            parts.addWidget(widget)
        parts.setStretchFactor(0, 3)
        parts.setStretchFactor(1, 2)
        parts.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict_label)
        layout.addLayout(top)
        layout.addWidget(parts, 1)

    def _tint_rows(self) -> None:
        def tint(candidate: Any) -> Any:
            return candidate_color(theme_of(self.palette()), candidate.type)

        self.local_model.tint = tint
        self.remote_model.tint = tint
        self.pair_model.tint = lambda pair: tint(pair.local) if pair.local is not None else None
        self.pair_model.bold = lambda pair: bool(pair.selected)

    def set_ice(self, pc_id: str, ice: IceSummary | None, benign_codes: frozenset[int] = frozenset()) -> None:
        """Show ``ice`` of PeerConnection ``pc_id``; None empties the tables."""
        self.pc_id, self.ice, self.benign_codes = pc_id, ice, benign_codes
        self.error_model.columns = _columns(error_columns(benign_codes))
        self.local_model.set_rows(ice.local if ice else [])
        self.remote_model.set_rows(ice.remote if ice else [])
        self.pair_model.set_rows(sorted(ice.pairs, key=lambda p: not p.selected) if ice else [])
        self.error_model.set_rows(ice.errors if ice else [])
        self.copy_button.setEnabled(ice is not None)
        self.local_box.setTitle(f"Local candidates ({len(self.local_model.rows)})")
        self.remote_box.setTitle(f"Remote candidates ({len(self.remote_model.rows)})")
        self.pair_box.setTitle(f"Candidate pairs ({len(self.pair_model.rows)})")
        self.error_box.setTitle(f"ICE server errors ({len(self.error_model.rows)})")
        if ice is None:
            self.level = "ok"
            self.verdict_label.setText(EMPTY_VERDICT)
            self.servers_label.clear()
        else:
            self.level, text = ice_verdict(ice, benign_codes)
            self.verdict_label.setText(text)
            self.servers_label.setText(f"ICE servers: {', '.join(ice.ice_servers) or 'none configured'}")
        self._apply_palette()
        for table in (self.local_table, self.remote_table, self.pair_table, self.error_table):
            table.resizeColumnsToContents()

    @property
    def verdict(self) -> str:
        return self.verdict_label.text()

    def redacted_text(self) -> str:
        """The verdict and all four tables as text, with addresses masked."""
        if self.ice is None:
            return ""
        return ice_text(self.pc_id, self.ice, self.benign_codes, redacted=True)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.redacted_text())

    def _apply_palette(self) -> None:
        theme = theme_of(self.palette())
        self.verdict_label.setStyleSheet(f"color: {verdict_color(theme, self.level).name()};")
        self.type_key.setText(" ".join(f"<span style='background:{candidate_color(theme, kind).name()}'>"
                                       f"&nbsp;{kind}&nbsp;</span>" for kind in CANDIDATE_TYPES))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            for model in (self.local_model, self.remote_model, self.pair_model):
                model.set_rows(model.rows)  # row tints come from the theme
