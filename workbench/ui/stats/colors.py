"""Colours of the stats panel, per theme: curves, strip states, candidate types.

They follow ``ui/theme.py``'s scheme (a table per theme, looked up by the theme's name) and stay
beside the panel because only the panel uses them. Curve colours are saturated in light and
lighter in dark so every line reads on the theme's base colour; state colours say what they
mean at a glance (green connected, amber checking, orange disconnected, red failed).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from workbench.ui.theme import ThemeName

_CURVES = {
    "light": ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
              "#7f7f7f", "#bcbd22"),
    "dark": ("#5aa9f0", "#ff6b6b", "#63d471", "#ffa94d", "#b197fc", "#d9a679", "#f783ac", "#3bc9db",
             "#b8bec6", "#d8d84a"),
}
_STATES = {
    "light": {"new": "#b0b4ba", "checking": "#f2c12e", "connecting": "#f2c12e", "connected": "#3a9d4f",
              "completed": "#2e7d32", "disconnected": "#f08c00", "failed": "#d32f2f", "closed": "#5f6368",
              "none": "#e6e8eb", "bandwidth": "#7e57c2", "cpu": "#c2185b", "other": "#607d8b"},
    "dark": {"new": "#5f636a", "checking": "#d4a820", "connecting": "#d4a820", "connected": "#43a957",
             "completed": "#2e8b3a", "disconnected": "#f0962a", "failed": "#f05050", "closed": "#8a8f98",
             "none": "#42464c", "bandwidth": "#a487e0", "cpu": "#f06292", "other": "#90a4ae"},
}
_CANDIDATES = {
    "light": {"host": "#e3effc", "srflx": "#e3f4e5", "prflx": "#fff5d6", "relay": "#f1e4f6"},
    "dark": {"host": "#1d3350", "srflx": "#1f3d25", "prflx": "#483d12", "relay": "#3d2348"},
}
_VERDICT = {"light": {"bad": "#c62828", "warn": "#995a00", "ok": "#2e7d32"},
            "dark": {"bad": "#ff7b72", "warn": "#f0b04a", "ok": "#7ccf80"}}


def curve_color(theme: ThemeName, index: int) -> QColor:
    """The ``index``-th curve colour of a plot (cycles)."""
    table = _CURVES[theme]
    return QColor(table[index % len(table)])


def state_color(theme: ThemeName, state: str) -> QColor:
    """Strip colour of an ICE/connection state or a limitation reason (unknown ones: ``other``)."""
    table = _STATES[theme]
    return QColor(table.get(state, table["other"]))


def candidate_color(theme: ThemeName, kind: str) -> QColor:
    """Row tint of a candidate type (host, srflx, prflx, relay); an invalid colour (no tint) otherwise."""
    value = _CANDIDATES[theme].get(kind)
    return QColor(value) if value else QColor()


def verdict_color(theme: ThemeName, level: str) -> QColor:
    """Text colour of the ICE verdict: ``bad``, ``warn`` or ``ok``."""
    return QColor(_VERDICT[theme][level])
