"""Where the app keeps its data, settings and logs.

``WORKBENCH_HOME`` overrides every location (tests and portable installs use it); otherwise the
platform's conventional folders from platformdirs are used.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from workbench.core.bundle.limits import Limits
from workbench.core.paths import resources_dir

__all__ = ["Settings", "config_dir", "data_dir", "log_dir", "resources_dir"]

APP_NAME = "rtc-support-workbench"
SCHEMA_VERSION = 1


def _home() -> Path | None:
    value = os.environ.get("WORKBENCH_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Settings:
    """User preferences (not UI state): a typed, versioned schema stored as JSON."""

    schema_version: int = SCHEMA_VERSION
    language: str = "en"
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def load(cls) -> Settings:
        path = config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or damaged settings fall back to defaults, never block start-up
        known_limits = {f.name for f in fields(Limits)}
        limits = Limits(**{k: v for k, v in raw.get("limits", {}).items() if k in known_limits})
        return cls(language=str(raw.get("language", "en")), limits=limits)

    def save(self) -> None:
        path = config_dir() / "settings.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash never leaves half a settings file
