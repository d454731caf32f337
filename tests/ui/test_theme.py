"""Themes: a genuinely dark dark theme, readable level tints, a colour per token, a CJK-capable font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from workbench.ui.theme import (
    LEVELS,
    THEMES,
    TOKENS,
    apply_theme,
    chart_level_colors,
    current_theme,
    file_kind_colors,
    level_colors,
    monospace_font,
    palette,
    theme_of,
    token_colors,
)

Role = QPalette.ColorRole


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 … 21); 4.5 is the bar for body text."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_theme_is_really_dark_and_readable(themed_app: QApplication) -> None:
    apply_theme(themed_app, "dark")
    pal = themed_app.palette()
    assert themed_app.style().name().lower() == "fusion"
    assert current_theme(themed_app) == "dark"
    for role in (Role.Window, Role.Base, Role.Button, Role.AlternateBase):
        assert pal.color(role).lightness() < 70, role
    for text, back in ((Role.Text, Role.Base), (Role.WindowText, Role.Window), (Role.ButtonText, Role.Button),
                       (Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase)):
        assert contrast(pal.color(text), pal.color(back)) >= 4.5, (text, back)
    assert contrast(pal.color(Role.Link), pal.color(Role.Base)) >= 4.5
    disabled = pal.color(QPalette.ColorGroup.Disabled, Role.Text)
    assert disabled != pal.color(Role.Text)  # greyed-out widgets look greyed out


def test_light_theme_is_light_and_switching_back_works(themed_app: QApplication) -> None:
    apply_theme(themed_app, "dark")
    apply_theme(themed_app, "light")
    pal = themed_app.palette()
    assert pal.color(Role.Base).lightness() > 230
    assert contrast(pal.color(Role.Text), pal.color(Role.Base)) >= 7
    assert current_theme(themed_app) == "light"
    assert theme_of(palette("dark")) == "dark" and theme_of(palette("light")) == "light"


def test_unknown_theme_is_refused(themed_app: QApplication) -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(themed_app, "solarized")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", THEMES)
def test_every_level_has_a_row_tint_readable_with_the_theme_text(name: str) -> None:
    colours = level_colors(name)
    pal = palette(name)
    base, text = pal.color(Role.Base), pal.color(Role.Text)
    assert set(colours) == set(LEVELS)
    for level, colour in colours.items():
        assert colour.isValid()
        assert contrast(text, colour) >= 4.5, level
    # Subtle for the common levels, plain to see for the ones that matter.
    for level in ("debug", "info"):
        assert contrast(colours[level], base) < 1.2, level
    for level in ("warning", "error", "fatal"):
        assert _distance(colours[level], base) > 60, level
    assert len({c.name() for c in colours.values()}) == len(colours)


def _distance(a: QColor, b: QColor) -> float:
    return ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2) ** 0.5


@pytest.mark.parametrize("name", THEMES)
def test_every_token_has_its_own_colour_readable_on_the_base(name: str) -> None:
    colours = token_colors(name)
    base = palette(name).color(Role.Base)
    assert set(colours) == set(TOKENS)
    assert len({c.name() for c in colours.values()}) == len(TOKENS)  # tokens tell apart
    for token, colour in colours.items():
        assert colour.isValid()
        assert contrast(colour, base) >= 4.5, token


@pytest.mark.parametrize("name", THEMES)
def test_chart_colours_cover_every_level_and_lines_without_one(name: str) -> None:
    assert set(chart_level_colors(name)) == {*LEVELS, "none"}


@pytest.mark.parametrize("name", THEMES)
def test_file_kind_colours_are_readable_on_the_base(name: str) -> None:
    base = palette(name).color(Role.Base)
    colours = file_kind_colors(name)
    assert {"log", "stats", "device_info", "encrypted", "archive", "binary", "warning"} <= set(colours)
    for kind, colour in colours.items():
        assert contrast(colour, base) >= 4.5, kind


def test_monospace_font_is_fixed_pitch_and_renders_chinese(qapp: QApplication) -> None:
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no font with Chinese glyphs is installed on this machine")
    font = monospace_font(11)
    assert font.pointSize() == 11
    assert QFontInfo(font).fixedPitch()
    metrics = QFontMetrics(font)
    assert metrics.inFont("声")
    assert metrics.inFont("W")
    assert metrics.horizontalAdvance("iiii") == metrics.horizontalAdvance("WWWW")
    # Chinese comes from a family we chose on purpose, not from whatever Qt falls back to.
    assert set(font.families()) & set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
