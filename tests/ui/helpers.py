"""Bundle builders shared by the GUI tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbench.core.samples import write_sample


def write_sample_bundle(out_dir: Path) -> Path:
    """The project's Android/Agora training bundle (a zip with logs, device info, note, screenshot)."""
    return write_sample("android-agora", out_dir)


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path
