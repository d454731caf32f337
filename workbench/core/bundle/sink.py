"""Where extracted bytes go: numbered files in the private work folder, under hard limits.

Every byte written passes through :meth:`Sink.write_stream`, which enforces the size, ratio, entry
and free-disk limits *while* copying, so a bomb is stopped after a few MB of output, not after the
disk is full.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.bundle.limits import Limits
from workbench.core.progress import CancelToken

_MB = 1024 * 1024


def human_size(n: float) -> str:
    """1536 -> '1.5 KB': sizes in messages a person reads."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"


class EntryRefused(Exception):
    """This one entry breaks a limit; it is skipped, the rest of the bundle goes on."""


class BundleLimitReached(Exception):
    """The whole bundle hit a limit (entries, total size, disk); extraction stops here."""


@dataclass
class Stored:
    local: Path
    size: int
    sha256: str
    complete: bool = True  # False when the source ended early (truncated archive)


class Sink:
    """Allocates file names and counts bytes and entries for one bundle."""

    def __init__(self, folder: Path, limits: Limits, cancel: CancelToken) -> None:
        self.folder = folder
        self.limits = limits
        self.cancel = cancel
        self.entries = 0
        self.total_bytes = 0
        self._unchecked_bytes = 0  # written since the last free-disk check
        folder.mkdir(parents=True, exist_ok=True)

    def claim_entry(self) -> None:
        if self.entries >= self.limits.max_entries:
            raise BundleLimitReached(f"more than {self.limits.max_entries:,} files: the rest were not opened")
        self.entries += 1

    def new_path(self, suffix: str = "") -> Path:
        return self.folder / f"{self.entries:06d}{suffix}"

    def write_stream(self, chunks: Iterable[bytes], compressed_size: int | None,
                     compressed_done: Callable[[], int] | None = None) -> Stored:
        """Copy ``chunks`` to a new file; raise EntryRefused (file removed) if a limit is broken.

        ``compressed_size`` is the entry's stored size when the archive declares it;
        ``compressed_done()`` reports compressed bytes consumed so far for streams that do not.
        """
        target = self.new_path()
        digest = hashlib.sha256()
        size = 0
        try:
            with open(target, "wb") as out:
                for chunk in chunks:
                    self.cancel.raise_if_cancelled()
                    size += len(chunk)
                    self._check(size, compressed_size, compressed_done)
                    digest.update(chunk)
                    out.write(chunk)
                    self._count_for_disk_check(len(chunk))
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        self.total_bytes += size
        return Stored(target, size, digest.hexdigest())

    def _check(self, size: int, compressed_size: int | None, compressed_done: Callable[[], int] | None) -> None:
        limits = self.limits
        if size > limits.max_entry_bytes:
            raise EntryRefused(f"larger than {human_size(limits.max_entry_bytes)}")
        if self.total_bytes + size > limits.max_total_bytes:
            raise BundleLimitReached(
                f"bundle expands beyond {human_size(limits.max_total_bytes)}: the rest was not extracted")
        if size > limits.ratio_floor_bytes:
            packed = compressed_size if compressed_size is not None else (
                compressed_done() if compressed_done else None)
            if packed is not None and size > limits.max_ratio * max(packed, 1):
                raise EntryRefused(f"expands more than {limits.max_ratio}× (a zip bomb?)")

    def _count_for_disk_check(self, written: int) -> None:
        """statvfs every 64 MB written: cheap, and the margin is far larger than 64 MB."""
        self._unchecked_bytes += written
        if self._unchecked_bytes < 64 * _MB:
            return
        self._unchecked_bytes = 0
        free = shutil.disk_usage(self.folder).free
        if free < self.limits.min_free_bytes:
            raise BundleLimitReached(
                f"less than {human_size(self.limits.min_free_bytes)} left on the temp disk: extraction stopped")
