"""Settings and folders: WORKBENCH_HOME wins, settings survive a restart, damage falls back to defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core import settings
from workbench.core.bundle import Limits


def test_workbench_home_overrides_every_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    for folder in (settings.data_dir(), settings.config_dir(), settings.log_dir()):
        assert folder.is_dir() and folder.is_relative_to(tmp_path)


def test_settings_round_trip_and_unknown_keys_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    saved = settings.Settings(language="zh_CN", limits=Limits(max_entries=50))
    saved.save()
    loaded = settings.Settings.load()
    assert loaded.language == "zh_CN" and loaded.limits.max_entries == 50
    path = settings.config_dir() / "settings.json"
    path.write_text(path.read_text().replace('"max_entries": 50', '"max_entries": 7, "retired_key": 1'))
    assert settings.Settings.load().limits.max_entries == 7


def test_damaged_settings_file_falls_back_to_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    (settings.config_dir() / "settings.json").write_text("{not json")
    assert settings.Settings.load() == settings.Settings()


def test_resources_folder_is_found() -> None:
    assert (settings.resources_dir() / "samples").is_dir()
