"""Limits that keep a hostile or broken bundle from filling the disk or hanging the app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    """Defaults fit real bundles (tens of files, up to a few GB of logs) with a wide margin."""

    max_total_bytes: int = 8 * 1024**3  # all extracted files together
    max_entry_bytes: int = 4 * 1024**3  # one extracted file
    max_ratio: int = 250  # uncompressed/compressed per entry; text logs compress 5–30×
    ratio_floor_bytes: int = 32 * 1024**2  # the ratio is only enforced past this size
    max_entries: int = 20_000  # files taken from one bundle, all archives together
    max_depth: int = 3  # archives inside archives opened up to this depth
    min_free_bytes: int = 512 * 1024**2  # stop extracting before the temp disk is this full
