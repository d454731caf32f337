"""Light and dark themes: the application palette, level and token colours, the colours of
severities, SLA states, checklist statuses and case events, and the fonts (monospace, bold).

Colours live here and nowhere else: widgets and delegates ask for them by theme name, so a theme
switch (``apply_theme``) is one call. Level colours tint whole rows of the log (subtle for
debug/info, plain to see for warning/error/fatal) and stay readable with the theme's text colour;
token colours paint highlight spans (core's token types) on the theme's base colour.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ThemeName = Literal["light", "dark"]
THEMES: tuple[ThemeName, ...] = ("light", "dark")
THEME_PROPERTY = "workbench_theme"  # set on the QApplication by apply_theme

LEVELS = ("debug", "info", "warning", "error", "fatal")
TOKENS = ("json", "key", "value", "ip", "port", "uid", "channel", "error_code", "url", "string", "api",
          "number", "path", "level_word")

# Monospace families in order of preference: a CJK-capable one first, so Chinese log text keeps
# the grid (two cells per character) instead of falling back glyph by glyph.
MONOSPACE_FAMILIES = ("Noto Sans Mono CJK SC", "Sarasa Mono SC", "DejaVu Sans Mono")
# Behind the chosen family: fonts that carry Chinese glyphs when the family itself has none.
CJK_FALLBACK_FAMILIES = ("Noto Sans Mono CJK SC", "Sarasa Mono SC", "Noto Sans CJK SC", "Source Han Sans SC",
                         "WenQuanYi Zen Hei Mono", "WenQuanYi Micro Hei Mono", "Microsoft YaHei", "PingFang SC",
                         "Droid Sans Fallback")

_R = QPalette.ColorRole
_PALETTES: dict[str, dict[QPalette.ColorRole, str]] = {
    "light": {
        _R.Window: "#efefef", _R.WindowText: "#1b1b1b", _R.Base: "#ffffff", _R.AlternateBase: "#f6f7f9",
        _R.ToolTipBase: "#ffffdc", _R.ToolTipText: "#1b1b1b", _R.PlaceholderText: "#7a7a7a",
        _R.Text: "#1b1b1b", _R.Button: "#efefef", _R.ButtonText: "#1b1b1b", _R.BrightText: "#d00000",
        _R.Light: "#ffffff", _R.Midlight: "#e3e3e3", _R.Mid: "#b8b8b8", _R.Dark: "#9f9f9f", _R.Shadow: "#767676",
        _R.Highlight: "#308cc6", _R.HighlightedText: "#ffffff", _R.Link: "#0b62c4", _R.LinkVisited: "#6f42c1",
    },
    "dark": {
        _R.Window: "#26282b", _R.WindowText: "#e4e6ea", _R.Base: "#1c1d20", _R.AlternateBase: "#232427",
        _R.ToolTipBase: "#3a3d42", _R.ToolTipText: "#e4e6ea", _R.PlaceholderText: "#8b9099",
        _R.Text: "#e4e6ea", _R.Button: "#303236", _R.ButtonText: "#e4e6ea", _R.BrightText: "#ff6b6b",
        _R.Light: "#45484e", _R.Midlight: "#383b40", _R.Mid: "#2c2e32", _R.Dark: "#17181a", _R.Shadow: "#000000",
        _R.Highlight: "#2f65ca", _R.HighlightedText: "#ffffff", _R.Link: "#6cb4ff", _R.LinkVisited: "#c39bff",
    },
}
# Greyed-out widgets: a text colour between Text and Base, and a muted selection.
_DISABLED = {"light": ("#8c8c8c", "#c7c7c7"), "dark": ("#70757d", "#3a3d42")}

_LEVEL_ROWS = {
    "light": {"debug": "#f2f2f2", "info": "#f4f8fe", "warning": "#ffedb3", "error": "#ffcdcd", "fatal": "#f59a9a"},
    "dark": {"debug": "#202124", "info": "#1e2430", "warning": "#4d3e0c", "error": "#5c1c20", "fatal": "#80202a"},
}
# Bars of the time histogram: saturated, so a handful of errors shows against thousands of infos.
_LEVEL_CHART = {
    "light": {"debug": "#a0a4aa", "info": "#4a8fd9", "warning": "#f0a30a", "error": "#e03c3c", "fatal": "#8e24aa",
              "none": "#cfd2d6"},
    "dark": {"debug": "#6d7178", "info": "#3d7cc9", "warning": "#e0a020", "error": "#f05050", "fatal": "#c05ad6",
             "none": "#4a4d52"},
}
# File kinds in the bundle tree (the "Kind" column), and its warning text.
_FILE_KINDS = {
    "light": {"log": "#1f6fb2", "stats": "#6a3fb2", "device_info": "#2e7d32", "encrypted": "#c62828",
              "archive": "#995a00", "binary": "#707070", "warning": "#995a00"},
    "dark": {"log": "#6cb4ff", "stats": "#c39bff", "device_info": "#7ccf80", "encrypted": "#ff7b72",
             "archive": "#f0b04a", "binary": "#a0a8b4", "warning": "#f0b04a"},
}
_TOKENS = {
    "light": {"json": "#6f42c1", "key": "#005cc5", "value": "#116329", "ip": "#953800", "port": "#b35000",
              "uid": "#a0006e", "channel": "#0a7480", "error_code": "#cf222e", "url": "#0550ae",
              "string": "#0a3069", "api": "#8250df", "number": "#1a6f8a", "path": "#57606a",
              "level_word": "#8a5a00"},
    "dark": {"json": "#d2a8ff", "key": "#79c0ff", "value": "#7ee787", "ip": "#ffa657", "port": "#ffc27a",
             "uid": "#ff8ac4", "channel": "#56d4dd", "error_code": "#ff7b72", "url": "#58a6ff",
             "string": "#a5d6ff", "api": "#f0c674", "number": "#b3e5fc", "path": "#a0a8b4",
             "level_word": "#e3b341"},
}

# Finding severities as text, in the diagnosis dock and in a case's findings.
_SEVERITY_TEXT = {
    "light": {"critical": "#8e24aa", "error": "#c62828", "warning": "#995a00", "info": "#1f6fb2"},
    "dark": {"critical": "#c05ad6", "error": "#ff7b72", "warning": "#f0b04a", "info": "#6cb4ff"},
}
# SLA states (core.cases.sla.STATES) as row backgrounds: > 1 h green-ish, < 1 h amber, < 30 min orange,
# breached red, paused grey, met plain (no colour at all: nothing is owed).
_SLA_ROWS = {
    "light": {"ok": "#dff3dc", "lt_1h": "#ffedb0", "lt_30m": "#ffcf9e", "breached": "#f7b3b3", "paused": "#e1e1e1"},
    "dark": {"ok": "#1f3b24", "lt_1h": "#4d3e0c", "lt_30m": "#5c3310", "breached": "#5c1c20", "paused": "#35373b"},
}
# A stronger tone of the same colour for the text of the state cell itself.
_SLA_TEXT = {
    "light": {"ok": "#1d6b2a", "lt_1h": "#8a5a00", "lt_30m": "#b34700", "breached": "#b00020", "paused": "#5f6368",
              "met": "#5f6368"},
    "dark": {"ok": "#7ccf80", "lt_1h": "#e3b341", "lt_30m": "#ffa657", "breached": "#ff7b72", "paused": "#a0a8b4",
             "met": "#a0a8b4"},
}
# Checklist statuses (pre-filled and decided) borrow the SLA states' text colours: decided items
# green/red, pre-filled evidence amber, the rest grey. Both checklists (dock and case) use them.
CHECKLIST_STATUS_TONES = {"confirmed": "ok", "rejected": "breached", "evidence": "lt_1h", "no_evidence": "paused",
                          "not_checked": "paused"}
# Case timeline event kinds.
_EVENT_KINDS = {
    "light": {"created": "#0a7480", "customer_message": "#1f6fb2", "public_reply": "#2e7d32",
              "internal_note": "#8a6d00", "status_change": "#6a3fb2", "priority_change": "#c25400",
              "reopened": "#c62828"},
    "dark": {"created": "#56d4dd", "customer_message": "#6cb4ff", "public_reply": "#7ccf80",
             "internal_note": "#e3b341", "status_change": "#c39bff", "priority_change": "#ffa657",
             "reopened": "#ff7b72"},
}
# The "stale" badge of a knowledge-base article: (background, text).
_STALE_BADGE = {"light": ("#ffe2b0", "#7a4300"), "dark": ("#5c3a0c", "#ffd28a")}
# Icon fills stay saturated and the same in both themes: a white letter or a square on them reads
# on a selected (highlighted) row too.
_SEVERITY_ICONS = {"critical": "#8e24aa", "error": "#d32f2f", "warning": "#e69500", "info": "#2f7fd0"}
_SLA_ICONS = {"ok": "#2e9d44", "lt_1h": "#e0a800", "lt_30m": "#f06a00", "breached": "#d0202e", "paused": "#8a8f96"}
ICON_FALLBACK = "#757575"  # the fill of an icon for a severity, state or kind no table knows
SupportColours = Literal["severity", "sla_row", "sla_text", "event_kind"]
_SUPPORT_TABLES = {"severity": _SEVERITY_TEXT, "sla_row": _SLA_ROWS, "sla_text": _SLA_TEXT, "event_kind": _EVENT_KINDS}


def _check(name: str) -> str:
    if name not in _PALETTES:
        raise ValueError(f"unknown theme {name!r}: expected one of {', '.join(THEMES)}")
    return name


def palette(name: ThemeName) -> QPalette:
    """The full QPalette of theme ``name`` (all groups; disabled widgets greyed out)."""
    roles = _PALETTES[_check(name)]
    result = QPalette()
    for role, colour in roles.items():
        result.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    disabled_text, disabled_highlight = (QColor(c) for c in _DISABLED[name])
    for role in (_R.WindowText, _R.Text, _R.ButtonText, _R.PlaceholderText):
        result.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    result.setColor(QPalette.ColorGroup.Disabled, _R.Highlight, disabled_highlight)
    return result


def apply_theme(app: QApplication, name: ThemeName) -> None:
    """Switch the whole application to theme ``name``: Fusion style plus our palette.

    Fusion draws the same on every platform and follows the palette fully, which a native style
    (Windows, macOS) does not: a dark palette on a native style leaves light controls behind.
    """
    pal = palette(name)
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt ≥ 6.8: native dialogs and title bars follow too
        hints.setColorScheme(Qt.ColorScheme.Dark if name == "dark" else Qt.ColorScheme.Light)
    app.setPalette(pal)
    app.setProperty(THEME_PROPERTY, name)


def current_theme(app: QApplication | None = None) -> ThemeName:
    """The theme last applied to ``app``; without one, guessed from the palette's lightness."""
    app = app or QApplication.instance()
    if app is None:
        return "light"
    name = app.property(THEME_PROPERTY)
    if name in _PALETTES:
        return name
    return theme_of(app.palette())


def theme_of(pal: QPalette) -> ThemeName:
    """The theme a palette looks like: "dark" when its base colour is dark (for self-drawn widgets)."""
    return "dark" if pal.color(_R.Base).lightness() < 128 else "light"


def _colours(table: dict[str, dict[str, str]], name: str) -> dict[str, QColor]:
    return {key: QColor(value) for key, value in table[_check(name)].items()}


def level_colors(name: ThemeName) -> dict[str, QColor]:
    """Row background per level (debug, info, warning, error, fatal) for theme ``name``."""
    return _colours(_LEVEL_ROWS, name)


def chart_level_colors(name: ThemeName) -> dict[str, QColor]:
    """Bar colour per level for charts (the histogram), plus "none" for lines without a level."""
    return _colours(_LEVEL_CHART, name)


def token_colors(name: ThemeName) -> dict[str, QColor]:
    """Foreground colour per highlight token type (``TOKENS``) for theme ``name``."""
    return _colours(_TOKENS, name)


def file_kind_colors(name: ThemeName) -> dict[str, QColor]:
    """Text colour per file kind of the bundle tree (log, stats, device_info, encrypted, archive,
    binary) and for its "warning" text."""
    return _colours(_FILE_KINDS, name)


def support_colors(what: SupportColours, name: ThemeName) -> dict[str, QColor]:
    """Colour per value of ``what`` for theme ``name``: "severity" (finding severities as text),
    "sla_row" (row background per SLA state; none for met), "sla_text" (text per SLA state, met
    included), "event_kind" (case timeline event kinds)."""
    return _colours(_SUPPORT_TABLES[what], name)


def checklist_status_colors(name: ThemeName) -> dict[str, QColor]:
    """Text colour per checklist status: the colour of the SLA state it borrows (``CHECKLIST_STATUS_TONES``)."""
    text = _SLA_TEXT[_check(name)]
    return {status: QColor(text[state]) for status, state in CHECKLIST_STATUS_TONES.items()}


def stale_badge_colors(name: ThemeName) -> tuple[QColor, QColor]:
    """(background, text) of the "stale" badge of a knowledge-base article."""
    background, text = _STALE_BADGE[_check(name)]
    return QColor(background), QColor(text)


def icon_fill(what: Literal["severity", "sla"], value: str) -> QColor:
    """Fill of the icon of a finding severity's dot or an SLA state's square (the same in both themes)."""
    return QColor((_SEVERITY_ICONS if what == "severity" else _SLA_ICONS).get(value, ICON_FALLBACK))


def bold_font() -> QFont:
    """The application font, bold: group rows of a tree, a badge cell."""
    font = QFont()
    font.setBold(True)
    return font


@cache
def _monospace_families() -> tuple[str, ...]:
    """Installed families for log text: the preferred monospace one, then CJK fallbacks."""
    installed = set(QFontDatabase.families())
    first = next((f for f in MONOSPACE_FAMILIES if f in installed), None)
    if first is None:
        first = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    fallbacks = [f for f in CJK_FALLBACK_FAMILIES if f in installed] + list(chinese[:1])
    return tuple(dict.fromkeys([first, *fallbacks]))  # ordered, without repeats


def monospace_font(point_size: int = 10) -> QFont:
    """A fixed-pitch font for log text that also renders Chinese (through a CJK fallback family)."""
    font = QFont()
    font.setFamilies(list(_monospace_families()))
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    font.setPointSize(point_size)
    return font
