"""How the diagnosis panels look and word things: severity colours and icons, layer, fix-type and status labels.

The colours themselves live in ``ui/theme.py`` (style §3), shared with the cases window; every model
of the panel asks these functions, so a theme switch is one place to follow.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

from workbench.ui.icons import lettered_dot
from workbench.ui.theme import checklist_status_colors, current_theme, icon_fill, stale_badge_colors, support_colors

SEVERITIES = ("critical", "error", "warning", "info")
LAYERS = ("network", "codec", "device", "server", "bundle")
LAYER_LABELS = {"network": "Network transport", "codec": "Codec", "device": "Device",
                "server": "Server / config", "bundle": "Bundle (log integrity)"}
FIX_LABELS = {"config": "Config change", "upgrade": "SDK upgrade", "code": "Code change (customer's app)",
              "user": "End-user action", "ask": "Ask the customer for more"}
# Pre-filled states (core checklist STATUSES) and the engineer's decisions, as the panel shows them.
STATUS_LABELS = {"evidence": "evidence", "no_evidence": "no evidence", "not_checked": "not checked",
                 "confirmed": "confirmed", "rejected": "rejected"}
_SEVERITY_LETTERS = {"critical": "C", "error": "E", "warning": "W", "info": "i"}


def layer_label(layer: str) -> str:
    return LAYER_LABELS.get(layer, layer.capitalize() or "Other")


def fix_label(fix_type: str) -> str:
    return FIX_LABELS.get(fix_type, fix_type or "—")


def severity_colour(severity: str) -> QColor | None:
    return support_colors("severity", current_theme()).get(severity)


def status_colour(status: str) -> QColor | None:
    return checklist_status_colors(current_theme()).get(status)


def stale_colours() -> tuple[QColor, QColor]:
    """(background, text) of the "stale" badge."""
    return stale_badge_colors(current_theme())


def severity_icon(severity: str) -> QIcon | None:
    """A coloured dot with the severity's letter: severities tell apart without relying on colour alone."""
    if QApplication.instance() is None:  # pixmaps need a GUI application
        return None
    return lettered_dot(icon_fill("severity", severity), _SEVERITY_LETTERS.get(severity, "?"))
