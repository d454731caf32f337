"""Small pieces of the main window that need no window state: docks and dropped paths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

DOCK_MIN_HEIGHT = 120


def bottom_dock(window: QMainWindow, title: str, name: str, widget: QWidget,
                beside: QDockWidget | None = None) -> QDockWidget:
    """A closable, movable dock at the bottom, tabbed with ``beside`` when given."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState()/restoreState() find docks by name
    # Rich panels ask for a tall minimum; the log view above them matters more: they scroll instead.
    widget.setMinimumHeight(DOCK_MIN_HEIGHT)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    if beside is not None:
        window.tabifyDockWidget(beside, dock)
    return dock


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
