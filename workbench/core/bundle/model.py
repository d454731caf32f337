"""What a bundle is once opened: its files with their kinds, and what was refused or is missing."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress
from workbench.core.text import LineIndex, TextInfo, open_text

KINDS = ("log", "stats", "device_info", "screenshot", "note", "archive", "encrypted", "binary")


@dataclass(frozen=True)
class Fact:
    """One environment fact and where it was read (``file:line``, 1-based)."""

    value: str
    source: str


@dataclass
class BundleFile:
    """One file of the bundle. ``local`` is None when its bytes could not be taken (encrypted)."""

    path: str  # inside the bundle, "/" separated; nested archives appear as folders
    local: Path | None
    size: int
    sha256: str = ""
    kind: str = "binary"
    format: str = ""
    text: TextInfo | None = None
    lines: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def encoding(self) -> str:
        return self.text.encoding.label if self.text and self.text.encoding else ""

    @property
    def line_ending(self) -> str:
        return self.text.line_ending if self.text else ""

    @property
    def is_text(self) -> bool:
        return self.local is not None and self.text is not None and not self.text.binary


@dataclass
class Bundle:
    """An opened bundle. Use as a context manager: ``close()`` removes the private work folder."""

    source: Path
    input_kind: str  # zip | tar | dir | file
    workdir: Path
    files: list[BundleFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    environment: dict[str, Fact] = field(default_factory=dict)

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def file(self, path: str) -> BundleFile:
        for item in self.files:
            if item.path == path:
                return item
        raise KeyError(path)

    def text_files(self) -> list[BundleFile]:
        return [f for f in self.files if f.is_text]

    def first_log(self) -> BundleFile | None:
        """The file to show first: the largest log, else any text file."""
        logs = [f for f in self.files if f.kind == "log" and f.is_text]
        candidates = logs or self.text_files()
        return max(candidates, key=lambda f: f.size) if candidates else None

    def open_index(self, item: BundleFile, *, progress: ProgressFn = null_progress,
                   cancel: CancelToken = NEVER) -> LineIndex:
        """The LineIndex of a text file of this bundle (UTF-16 is transcoded inside the work folder)."""
        if not item.is_text:
            raise WorkbenchError(f"{item.path} is not a readable text file ({item.kind})")
        return open_text(item.local, item.text, self.workdir / "utf8", progress=progress, cancel=cancel)
