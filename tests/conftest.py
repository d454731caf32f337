"""Shared test set-up: offscreen Qt, a private WORKBENCH_HOME, and the corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import anywhere in the test session (picard, qutebrowser do the same).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, data and logs of every test go to a fresh folder, never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real public logs (../shared/corpus); skips when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}: these tests need the shared/ folder beside the checkout")
    return CORPUS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "corpus" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)
