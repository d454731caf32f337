"""Thin pytest-friendly wrappers around ``workbench.core.samples``.

    from helpers.bundles import make_fault, make_sample

    def test_rejects_traversal(tmp_path):
        bundle = make_fault("traversal-zip", tmp_path)

Each call writes a fresh copy; for the big faults (``bomb-*``, ``many-entries``, ``long-line``)
prefer a session-scoped fixture built with ``tmp_path_factory`` so they are written once.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from workbench.core.samples import FAULTS, SAMPLES, Sample, write_sample

__all__ = [
    "AGORA4_LINE",
    "BIG_FAULTS",
    "FAULTS",
    "JVB_LINE",
    "LOGCAT_LINE",
    "SAMPLES",
    "Sample",
    "check_png",
    "known_answer",
    "make_fault",
    "make_sample",
    "write_sample",
]

AGORA4_LINE = re.compile(r"^\[\d\d/\d\d/\d\d \d\d:\d\d:\d\d:\d{3}\]\[\d+\]\[[IWEUAD]\]:")
LOGCAT_LINE = re.compile(r"^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} +\d+ +\d+ [VDIWEF] [^:]+: ")
JVB_LINE = re.compile(
    r"^JVB \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (SEVERE|WARNING|INFO|FINE|FINER): \[\d+\] "
)

# Faults that take a noticeable time or disk space (200 MiB declared, 100k entries, a 63 MB line).
BIG_FAULTS = frozenset({"bomb-zip", "bomb-gz", "many-entries", "long-line"})


def make_sample(name: str, tmp_path: Path) -> Path:
    """Write the realistic sample ``name`` under ``tmp_path`` and return the bundle path."""
    if name not in SAMPLES:
        raise KeyError(f"unknown sample {name!r}; samples: {', '.join(sorted(SAMPLES))}")
    return SAMPLES[name].write(tmp_path / name)


def make_fault(name: str, tmp_path: Path) -> Path:
    """Write the hostile input ``name`` under ``tmp_path`` and return its path."""
    if name not in FAULTS:
        raise KeyError(f"unknown fault {name!r}; faults: {', '.join(sorted(FAULTS))}")
    return FAULTS[name].write(tmp_path / name)


def known_answer(name: str) -> dict:
    """What a correct triage of the sample ``name`` finds."""
    return SAMPLES[name].known_answer


def check_png(data: bytes, width: int, height: int) -> None:
    """Assert ``data`` is a valid 8-bit RGB PNG of the given size (chunk CRCs, IDAT length)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, payload = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + payload)
        kinds.append(kind)
        idat += payload if kind == b"IDAT" else b""
        if kind == b"IHDR":
            assert struct.unpack(">II", payload[:8]) == (width, height)
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert len(zlib.decompress(idat)) == height * (1 + 3 * width)
