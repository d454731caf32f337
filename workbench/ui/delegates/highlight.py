"""Paints a message cell with core's highlight spans in theme colours, and search hits behind them.

Only visible rows are painted, so ``highlight()`` (plain Python ``re``) runs on a few dozen short
display strings per repaint; spans are cached by text. Selected rows keep the selection's text
colour: token colours on the selection background would be unreadable.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from workbench.core.logs.highlight import Span, highlight
from workbench.ui.theme import ThemeName, token_colors

HIT_COLOURS = {"light": QColor("#ffe36e"), "dark": QColor("#7a6400")}
_CACHE_SIZE = 4000  # distinct display texts whose spans are kept (a few screens' worth)
_TEXT_MARGIN = 4  # what QCommonStyle leaves left of an item's text (px)

ModelIndex = QModelIndex | QPersistentModelIndex


class HighlightDelegate(QStyledItemDelegate):
    """Draws the cell as usual without its text, then the text run by run in token colours."""

    def __init__(self, parent: QWidget | None = None, theme: ThemeName = "light") -> None:
        super().__init__(parent)
        self._spans: dict[str, list[Span]] = {}
        self._search: re.Pattern[str] | None = None
        self._theme: ThemeName = theme
        self._colours = token_colors(theme)

    @property
    def search(self) -> re.Pattern[str] | None:
        return self._search

    def set_theme(self, theme: ThemeName) -> None:
        self._theme = theme
        self._colours = token_colors(theme)

    def set_search(self, pattern: re.Pattern[str] | None) -> None:
        """Paint the hits of ``pattern`` (a Python regex; None: no search) behind the text."""
        self._search = pattern

    def spans(self, text: str) -> list[Span]:
        found = self._spans.get(text)
        if found is None:
            if len(self._spans) >= _CACHE_SIZE:
                self._spans.clear()
            found = self._spans[text] = highlight(text)
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text.replace("\t", " ")  # same length: span offsets stay valid
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.setClipRect(rect)
        painter.setFont(opt.font)
        metrics = QFontMetricsF(opt.font)
        left = rect.x() + _TEXT_MARGIN - 1
        self._paint_hits(painter, metrics, text, left, QRectF(rect))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        plain = opt.palette.color(role)
        baseline = rect.y() + (rect.height() + metrics.ascent() - metrics.descent()) / 2
        self._paint_runs(painter, metrics, text, QPointF(left, baseline), rect.right(), plain, selected)
        painter.restore()

    def _paint_hits(self, painter: QPainter, metrics: QFontMetricsF, text: str, left: float, rect: QRectF) -> None:
        if self._search is None:
            return
        colour = HIT_COLOURS[self._theme]
        for hit in self._search.finditer(text):
            if hit.end() == hit.start():
                continue
            x = left + metrics.horizontalAdvance(text[: hit.start()])
            if x > rect.right():
                break
            width = metrics.horizontalAdvance(hit.group())
            painter.fillRect(QRectF(x, rect.y() + 1, width, rect.height() - 2), colour)

    def _paint_runs(self, painter: QPainter, metrics: QFontMetricsF, text: str, origin: QPointF, right: float,
                    plain: QColor, selected: bool) -> None:
        x, at = origin.x(), 0
        runs: list[tuple[int, int, QColor]] = []
        for span in [] if selected else self.spans(text):
            if span.start > at:
                runs.append((at, span.start, plain))
            runs.append((span.start, span.start + span.length, self._colours.get(span.token, plain)))
            at = span.start + span.length
        runs.append((at, len(text), plain))
        for start, end, colour in runs:
            if start >= end:
                continue
            part = text[start:end]
            painter.setPen(colour)
            painter.drawText(QPointF(x, origin.y()), part)
            x += metrics.horizontalAdvance(part)
            if x > right:
                break
