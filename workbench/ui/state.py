"""UI state (window layout, theme, recent bundles) in one INI file under the config folder.

Kept apart from the typed settings of core (style §3, picard's 'persist' vs 'setting'), and under
``config_dir()`` so ``WORKBENCH_HOME`` (tests, portable installs) moves it too.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from workbench.core.settings import config_dir

FILE_NAME = "ui-state.ini"


def ui_settings() -> QSettings:
    return QSettings(str(config_dir() / FILE_NAME), QSettings.Format.IniFormat)
