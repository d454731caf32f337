"""Cases in the GUI: case list with live SLA colours, case view, reply editor (issue 8).

The main window opens it with one call and may connect the viewer signals::

    window = open_cases_window(self)
    window.open_bundle_requested.connect(self.open_path)

Calling ``open_cases_window`` again while the window is open raises that window instead of
opening a second one on the same store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from workbench.core.cases.store import CaseStore
from workbench.ui.cases.window import CasesWindow

__all__ = ["CasesWindow", "open_cases_window"]

_open: list[CasesWindow] = []  # the window open_cases_window made last (deleted on close)


def open_cases_window(parent: QWidget | None = None, store: CaseStore | None = None) -> CasesWindow:
    """Show the cases window on ``store`` (default: the data folder's ``cases.db``) and return it.

    The window deletes itself when closed, saving the open draft and closing the store it opened.
    """
    for window in list(_open):
        if not isValid(window) or not window.isVisible():
            _open.remove(window)
        elif store is None or window.store is store:
            window.raise_()
            window.activateWindow()
            return window
    window = CasesWindow(store, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open.append(window)
    window.show()
    return window
