"""The file tree's context menu: force a log's format, or correct its time zone (re-parse / re-merge).

Sniffing picks the right format for almost every log; when it does not (a customer's custom
prefix, a vendor's new layout), the engineer forces one here. A log whose clock was assumed
(no zone in the stamps) can be moved on the merged timeline by giving its UTC offset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from workbench.core.logs.formats import load_formats
from workbench.ui.models.file_tree import NAME, FileRole

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

# UTC offsets offered in the menu (minutes east of UTC): the zones support engineers meet most.
OFFSETS = (-480, -420, -360, -300, -240, -180, 60, 120, 180, 240, 330, 420, 480, 540, 600)


def offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def tree_menu(window: MainWindow, path: str) -> QMenu | None:
    """The menu for the tree row of ``path`` (None when it is not a text log)."""
    bundle = window.bundle
    item = bundle.file(path) if bundle is not None and any(f.path == path for f in bundle.files) else None
    if item is None or item.kind != "log" or not item.is_text:
        return None
    session = window.logs.session
    menu = QMenu(window)
    formats = menu.addMenu("Parse as format")
    group = QActionGroup(formats)
    current = session.format_of(path)
    forced = path in session.formats
    auto = formats.addAction("Automatic (sniffed)")
    auto.setCheckable(True)
    auto.setChecked(not forced)
    auto.triggered.connect(lambda: session.set_format(path, None))
    group.addAction(auto)
    formats.addSeparator()
    for format_id, fmt in load_formats().items():
        action = formats.addAction(f"{format_id} — {fmt.title}")
        action.setCheckable(True)
        action.setChecked(forced and format_id == current)
        action.setData(format_id)
        action.triggered.connect(lambda _checked=False, f=format_id: session.set_format(path, f))
        group.addAction(action)
    zones = menu.addMenu("Time zone of this log")
    parsed = session.state.parsed.get(path) if session.state is not None else None
    if parsed is not None and not parsed.flags.tz_assumed:
        zones.setEnabled(False)  # its stamps state their zone: already on UTC in the merged view
    zone_group = QActionGroup(zones)
    chosen = session.offsets.get(path, 0)
    for minutes in (None, *OFFSETS):
        text = "As written (UTC, no correction)" if minutes is None else offset_text(minutes)
        action = zones.addAction(text)
        action.setCheckable(True)
        action.setChecked((minutes or 0) == chosen)
        action.setData(minutes)
        action.triggered.connect(lambda _checked=False, m=minutes: session.set_offset(path, m))
        zone_group.addAction(action)
    return menu


def show_tree_menu(window: MainWindow, position: QPoint) -> None:
    """``customContextMenuRequested`` of the tree: the menu of the row under the mouse."""
    index = window.tree.indexAt(position)
    item = index.siblingAtColumn(NAME).data(FileRole) if index.isValid() else None
    menu = tree_menu(window, item.path) if item is not None else None
    if menu is not None:
        menu.exec(window.tree.viewport().mapToGlobal(position))
        menu.deleteLater()
