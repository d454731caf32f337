"""The keyboard map and its cheat-sheet; the recent-bundles list of the File menu (QSettings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from workbench.ui import shortcuts
from workbench.ui.recent import MAX_RECENT, RecentBundles, default_settings
from workbench.ui.shortcuts import SHORTCUTS, ShortcutsDialog, display_text, sequences

# -- shortcuts ------------------------------------------------------------------------------------


def test_dialog_lists_every_shortcut(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.columnCount() == 2
    assert dialog.rows() == SHORTCUTS
    shown = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert shown == [display_text(keys) for keys, _action in SHORTCUTS]


def test_no_key_sequence_is_used_twice() -> None:
    seen: dict[str, str] = {}
    for keys, action in SHORTCUTS:
        for sequence in sequences(keys):
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text} is bound to both {seen.get(text)!r} and {action!r}"
            seen[text] = action


def test_every_key_text_parses_to_a_single_chord() -> None:
    for keys, _action in SHORTCUTS:
        for sequence in sequences(keys):
            assert sequence.count() == 1 and not sequence.isEmpty(), keys


@pytest.mark.parametrize(("keys", "expected"), [
    (shortcuts.OPEN, ["Ctrl+O"]), (shortcuts.SEARCH, ["/", "Ctrl+F"]), (shortcuts.NEXT_HIT, ["F3", "N"]),
    (shortcuts.PREVIOUS_HIT, ["Shift+F3", "Shift+N"]), (shortcuts.MARK, ["M"]),
    (shortcuts.NEXT_MARK, ["Ctrl+B"]), (shortcuts.PREVIOUS_MARK, ["Ctrl+Shift+B"]),
    (shortcuts.GO_TO_LINE, ["Ctrl+L"]), (shortcuts.GO_TO_TIME, ["Ctrl+T"]),
    (shortcuts.NEXT_ERROR, ["E"]), (shortcuts.PREVIOUS_ERROR, ["Shift+E"]),
    (shortcuts.NEXT_WARNING, ["W"]), (shortcuts.PREVIOUS_WARNING, ["Shift+W"]),
    (shortcuts.MERGED_VIEW, ["Ctrl+M"]), (shortcuts.EXPORT, ["Ctrl+E"]), (shortcuts.HELP, ["?", "F1"]),
    (shortcuts.DARK_THEME, ["Ctrl+Shift+D"]),
])
def test_the_lnav_and_klogg_habits_are_there(keys: str, expected: list[str]) -> None:
    assert any(keys == listed for listed, _action in SHORTCUTS)
    assert [s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences(keys)] == expected


# -- recent bundles -------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """A private INI file: the user's real settings are never read or written."""
    return QSettings(str(tmp_path / "workbench.ini"), QSettings.Format.IniFormat)


def _files(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"bundle-{number}.zip"
        path.write_bytes(b"PK")
        paths.append(str(path))
    return paths


def test_recent_is_most_recent_first_without_repeats(settings: QSettings, tmp_path: Path) -> None:
    a, b, c = _files(tmp_path / "b", 3)
    recent = RecentBundles(settings)
    for path in (a, b, c, a):
        recent.add(path)
    assert recent.paths() == [a, c, b]
    assert RecentBundles(settings).paths() == [a, c, b]  # stored, not only kept in memory
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert RecentBundles(reread).paths() == [a, c, b]  # and on disk


def test_recent_keeps_ten_and_drops_missing_files(settings: QSettings, tmp_path: Path) -> None:
    paths = _files(tmp_path / "b", MAX_RECENT + 3)
    recent = RecentBundles(settings)
    for path in paths:
        recent.add(path)
    assert recent.paths() == paths[::-1][:MAX_RECENT]
    Path(paths[-1]).unlink()
    assert recent.paths() == paths[::-1][1:MAX_RECENT]
    recent.clear()
    assert recent.paths() == []


def test_one_entry_and_odd_values_read_back(settings: QSettings, tmp_path: Path) -> None:
    (only,) = _files(tmp_path / "中文 & more", 1)
    recent = RecentBundles(settings)
    recent.add(only)
    assert RecentBundles(QSettings(settings.fileName(), QSettings.Format.IniFormat)).paths() == [only]
    settings.setValue("recent/bundles", "not json [")
    assert recent.paths() == []


def test_menu_opens_the_chosen_bundle_and_clears(settings: QSettings, tmp_path: Path, qtbot: QtBot) -> None:
    a, b = _files(tmp_path / "b", 2)
    recent = RecentBundles(settings)
    recent.add(a)
    recent.add(b)
    menu = QMenu()
    qtbot.addWidget(menu)
    opened: list[str] = []
    recent.populate_menu(menu, opened.append)
    actions = [action for action in menu.actions() if not action.isSeparator()]
    assert [action.toolTip() for action in actions[:2]] == [b, a]
    assert actions[0].text() == "&1 bundle-1.zip"
    actions[1].trigger()
    assert opened == [a]
    actions[-1].trigger()  # "Clear list"
    assert recent.paths() == []
    recent.populate_menu(menu, opened.append)
    entries = [action for action in menu.actions() if not action.isSeparator()]
    assert [action.isEnabled() for action in entries] == [False, False]  # "No recent bundles", "Clear list"


def test_default_settings_are_the_applications_own() -> None:
    store = default_settings()
    assert (store.organizationName(), store.applicationName()) == ("RTC Support", "RTC Support Workbench")
