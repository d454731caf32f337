"""How the diagnosis panels look and word things: severity colours and icons, layer, fix-type and status labels.

The colours would belong in ``ui/theme.py`` (style §3: colours live there); they stay here until the
theme owner takes them over, so this package is built without editing a file it does not own. Every
model of the panel asks these functions, so a theme switch is one place to follow.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from workbench.ui.theme import current_theme

SEVERITIES = ("critical", "error", "warning", "info")
LAYERS = ("network", "codec", "device", "server", "bundle")
LAYER_LABELS = {"network": "Network transport", "codec": "Codec", "device": "Device",
                "server": "Server / config", "bundle": "Bundle (log integrity)"}
FIX_LABELS = {"config": "Config change", "upgrade": "SDK upgrade", "code": "Code change (customer's app)",
              "user": "End-user action", "ask": "Ask the customer for more"}
# Pre-filled states (core checklist STATUSES) and the engineer's decisions, as the panel shows them.
STATUS_LABELS = {"evidence": "evidence", "no_evidence": "no evidence", "not_checked": "not checked",
                 "confirmed": "confirmed", "rejected": "rejected"}

_SEVERITY_COLOURS = {
    "light": {"critical": "#8e24aa", "error": "#c62828", "warning": "#a35f00", "info": "#1f6fb2"},
    "dark": {"critical": "#c05ad6", "error": "#ff7b72", "warning": "#f0b04a", "info": "#6cb4ff"},
}
# Icon fills stay saturated in both themes: a white letter on them reads on a selected row too.
_SEVERITY_ICONS = {"critical": "#8e24aa", "error": "#d32f2f", "warning": "#e69500", "info": "#2f7fd0"}
_SEVERITY_LETTERS = {"critical": "C", "error": "E", "warning": "W", "info": "i"}
_STATUS_COLOURS = {
    "light": {"confirmed": "#1d6b2a", "rejected": "#b00020", "evidence": "#8a5a00", "no_evidence": "#5f6368",
              "not_checked": "#5f6368"},
    "dark": {"confirmed": "#7ccf80", "rejected": "#ff7b72", "evidence": "#e3b341", "no_evidence": "#a0a8b4",
             "not_checked": "#a0a8b4"},
}
_STALE = {"light": ("#ffe2b0", "#7a4300"), "dark": ("#5c3a0c", "#ffd28a")}  # (background, text)


def theme() -> str:
    """The current theme name ("light" without an application: models used headless)."""
    return current_theme(QApplication.instance()) if QApplication.instance() else "light"


def layer_label(layer: str) -> str:
    return LAYER_LABELS.get(layer, layer.capitalize() or "Other")


def fix_label(fix_type: str) -> str:
    return FIX_LABELS.get(fix_type, fix_type or "—")


def severity_colour(severity: str) -> QColor | None:
    colour = _SEVERITY_COLOURS[theme()].get(severity)
    return QColor(colour) if colour else None


def status_colour(status: str) -> QColor | None:
    colour = _STATUS_COLOURS[theme()].get(status)
    return QColor(colour) if colour else None


def stale_colours() -> tuple[QColor, QColor]:
    """(background, text) of the "stale" badge."""
    background, text = _STALE[theme()]
    return QColor(background), QColor(text)


def severity_icon(severity: str) -> QIcon | None:
    """A coloured dot with the severity's letter: severities tell apart without relying on colour alone."""
    if QApplication.instance() is None:  # pixmaps need a GUI application
        return None
    return _severity_icon(severity)


@cache
def _severity_icon(severity: str) -> QIcon:
    size = 16
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_SEVERITY_ICONS.get(severity, "#757575")))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    font = painter.font()
    font.setPixelSize(10)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _SEVERITY_LETTERS.get(severity, "?"))
    painter.end()
    return QIcon(pixmap)


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line for a cell: whitespace runs collapsed, cut with "…"."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
