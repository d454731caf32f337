"""Recently opened bundles, kept in QSettings (UI state, not the typed settings of core).

The list is stored as a JSON string rather than a QSettings list: an INI file reads a one-item
list back as a plain string, and JSON reads back the same in every backend.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

MAX_RECENT = 10
KEY = "recent/bundles"


def default_settings() -> QSettings:
    """The application's own settings store (same organisation/application as ``ui/app.py``)."""
    # Imported here: app.py imports the main window, which imports this module.
    from workbench.ui.app import APPLICATION, ORGANIZATION

    return QSettings(ORGANIZATION, APPLICATION)


class RecentBundles:
    """Most recently opened bundles first, at most ``MAX_RECENT``; missing paths are left out."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else default_settings()

    def _stored(self) -> list[str]:
        raw = self._settings.value(KEY, "")
        try:
            value = json.loads(raw) if isinstance(raw, str) and raw else []
        except ValueError:  # a hand-edited or foreign value: start over rather than fail to start
            return []
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def _store(self, paths: list[str]) -> None:
        self._settings.setValue(KEY, json.dumps(paths[:MAX_RECENT], ensure_ascii=False))
        self._settings.sync()

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` (made absolute) first; an earlier entry for it moves up instead of repeating."""
        entry = str(Path(path).expanduser().absolute())
        self._store([entry, *(p for p in self.paths() if p != entry)])

    def paths(self) -> list[str]:
        """The remembered paths that still exist, most recent first."""
        return [p for p in self._stored() if os.path.exists(p)][:MAX_RECENT]

    def clear(self) -> None:
        self._settings.remove(KEY)
        self._settings.sync()

    def populate_menu(self, menu: QMenu, open_callback: Callable[[str], object]) -> None:
        """Fill ``menu`` with one action per recent path (calling ``open_callback(path)``) and
        "Clear list". Call it from ``menu.aboutToShow`` so the menu is fresh each time."""
        menu.clear()
        paths = self.paths()
        for number, path in enumerate(paths, start=1):
            name = Path(path).name or path
            prefix = f"&{number} " if number < 10 else "1&0 "
            action = menu.addAction(f"{prefix}{name.replace('&', '&&')}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: open_callback(p))
        if not paths:
            menu.addAction("No recent bundles").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("&Clear list")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(lambda _checked=False: self.clear())
        menu.setToolTipsVisible(True)
