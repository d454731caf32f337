"""Small painted icons for table cells: a coloured dot with a letter, a coloured square.

Both are made once per colour (and letter) and kept: a view asks for the decoration of every
visible row on each repaint. Pixmaps need a GUI application; callers used headless (a model in a
test without a QApplication) check for one first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

DOT_PX = 16
SQUARE_PX = 12


def lettered_dot(fill: QColor, letter: str) -> QIcon:
    """A dot in ``fill`` with a white ``letter``: kinds tell apart without relying on colour alone."""
    return _lettered_dot(fill.name(), letter)


def square(fill: QColor) -> QIcon:
    """A small rounded square in ``fill``."""
    return _square(fill.name())


@cache
def _lettered_dot(fill: str, letter: str) -> QIcon:
    def draw(painter: QPainter) -> None:
        painter.drawEllipse(1, 1, DOT_PX - 2, DOT_PX - 2)
        font = painter.font()
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(QRectF(0, 0, DOT_PX, DOT_PX), Qt.AlignmentFlag.AlignCenter, letter)

    return _painted(DOT_PX, fill, draw)


@cache
def _square(fill: str) -> QIcon:
    return _painted(SQUARE_PX, fill, lambda painter: painter.drawRoundedRect(QRectF(0, 0, SQUARE_PX, SQUARE_PX), 3, 3))


def _painted(size: int, fill: str, draw: Callable[[QPainter], None]) -> QIcon:
    """A ``size`` px square icon, transparent but for what ``draw`` paints with ``fill`` (no outline)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(fill))
    draw(painter)
    painter.end()
    return QIcon(pixmap)
