"""The window's menus and keyboard shortcuts for the log view (keys from ``ui/shortcuts.py``).

Every command is a ``QAction`` on the window, so the menu, the shortcut, the table's context menu
and the tests all trigger the same thing. Single-letter keys (``n``, ``e``, ``m``…) are window
shortcuts too: a focused line edit (filter, search) takes printable keys first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from workbench.ui import shortcuts as keys
from workbench.ui.shortcuts import ShortcutsDialog, sequences
from workbench.ui.widgets.log_commands import ERRORS

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


_WINDOW_WIDE = frozenset({"merged", "in_file", "in_merged", "dark", "shortcuts"})


def _action(window: MainWindow, name: str, text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcuts(sequences(shortcut))
    action.setCheckable(name in ("merged", "dark"))
    if name in _WINDOW_WIDE:
        action.triggered.connect(lambda _checked=False: slot())
    else:  # a log command does nothing while a raw file, an image or a message is shown
        action.triggered.connect(lambda _checked=False: window.viewer.showing_log and slot())
    window.addAction(action)  # shortcuts work while the window has focus, menus or not
    window.named_actions[name] = action
    return action


def build_log_actions(window: MainWindow) -> None:
    """Create the log actions (``window.named_actions[name]``) and the Edit, View, Go and Help menus."""
    view, logs, named = window.viewer.log, window.logs, window.named_actions
    commands = [
        ("copy", "&Copy lines", keys.COPY, view.copy_selection),
        ("export", "&Export lines…", keys.EXPORT, view.open_export_dialog),
        ("find", "&Find…", keys.SEARCH, view.open_search),
        ("next_hit", "Find &next", keys.NEXT_HIT, lambda: view.step_hit(True)),
        ("previous_hit", "Find &previous", keys.PREVIOUS_HIT, lambda: view.step_hit(False)),
        ("go_to_line", "Go to &line…", keys.GO_TO_LINE, lambda: view.open_jump("line")),
        ("go_to_time", "Go to &time…", keys.GO_TO_TIME, lambda: view.open_jump("time")),
        ("next_error", "Next &error", keys.NEXT_ERROR, lambda: view.step_level(ERRORS, True)),
        ("previous_error", "Previous error", keys.PREVIOUS_ERROR, lambda: view.step_level(ERRORS, False)),
        ("next_warning", "Next &warning", keys.NEXT_WARNING, lambda: view.step_level(("warning",), True)),
        ("previous_warning", "Previous warning", keys.PREVIOUS_WARNING, lambda: view.step_level(("warning",), False)),
        ("mark", "&Mark or unmark line", keys.MARK, view.toggle_mark),
        ("next_mark", "Next mar&k", keys.NEXT_MARK, lambda: view.step_mark(True)),
        ("previous_mark", "Previous mark", keys.PREVIOUS_MARK, lambda: view.step_mark(False)),
        ("merged", "&Merged timeline", keys.MERGED_VIEW, lambda: logs.set_merged(named["merged"].isChecked())),
        ("in_file", "Show this line in its &file", None, lambda: logs.set_merged(False)),
        ("in_merged", "Show this line in the merged &timeline", None, lambda: logs.set_merged(True)),
        ("dark", "&Dark theme", keys.DARK_THEME,
         lambda: logs.set_theme("dark" if named["dark"].isChecked() else "light")),
        ("shortcuts", "&Keyboard shortcuts", keys.HELP, lambda: ShortcutsDialog(window).open()),
    ]
    for name, text, shortcut, slot in commands:
        _action(window, name, text, shortcut, slot)
    _build_menus(window)
    for name in ("copy", "mark", "in_file", "in_merged", "export"):
        view.table.addAction(window.named_actions[name])


def _add(menu: QMenu, window: MainWindow, names: str) -> None:
    for name in names.split():
        if name == "-":
            menu.addSeparator()
        else:
            menu.addAction(window.named_actions[name])


def _build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    _add(bar.addMenu("&Edit"), window, "copy export - find next_hit previous_hit")
    view_menu = window.view_menu
    view_menu.addSeparator()
    _add(view_menu, window, "merged in_file in_merged - dark")
    _add(bar.addMenu("&Go"), window, "go_to_line go_to_time - next_error previous_error next_warning "
                                     "previous_warning - mark next_mark previous_mark")
    _add(bar.addMenu("&Help"), window, "shortcuts")


def key_text(action: QAction) -> str:
    """The shortcuts of ``action`` as the menus show them (for tests and tooltips)."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
