"""Shared pieces of the sample generator: the ``Sample`` record and deterministic archive writers.

Everything here writes the same bytes every time: zip entries carry a fixed ``date_time`` and fixed
Unix permissions, tar members a fixed mtime/uid/gid/owner, gzip streams ``mtime=0`` and a fixed
embedded name. Nothing here imports Qt.
"""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

ZIP_DATE_TIME = (2026, 3, 2, 9, 15, 0)
TAR_MTIME = 1772442900  # 2026-03-02 09:15:00 UTC
FILE_MODE = 0o644
DIR_MODE = 0o755


@dataclass(frozen=True)
class Sample:
    """A named bundle recipe: ``write(out_dir)`` creates the bundle and returns its path."""

    name: str
    description: str
    write: Callable[[Path], Path]
    known_answer: dict = field(default_factory=dict)


def zip_info(name: str, compress: int = zipfile.ZIP_DEFLATED, mode: int = FILE_MODE) -> zipfile.ZipInfo:
    """A ``ZipInfo`` with the fixed date, Unix permissions and the given compression."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = compress
    info.create_system = 3
    info.external_attr = (0o100000 | mode) << 16
    return info


def write_zip(
    target: Path | BinaryIO,
    entries: Iterable[tuple[str, bytes]],
    compress: int = zipfile.ZIP_DEFLATED,
) -> None:
    """Write ``(name, data)`` entries to a zip file (a path or an open binary file)."""
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in entries:
            zf.writestr(zip_info(name, compress), data)


def zip_bytes(entries: Iterable[tuple[str, bytes]], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The bytes of a zip holding ``entries`` (for archives nested inside other archives)."""
    buf = io.BytesIO()
    write_zip(buf, entries, compress)
    return buf.getvalue()


def tar_info(
    name: str, size: int = 0, kind: bytes = tarfile.REGTYPE, mode: int = FILE_MODE
) -> tarfile.TarInfo:
    """A ``TarInfo`` with fixed owner and mtime; ``kind`` is a tarfile type constant."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.type = kind
    info.mode = mode
    info.mtime = TAR_MTIME
    info.uid = info.gid = 1000
    info.uname = info.gname = "support"
    return info


def add_tar_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    """Add a regular file member with the given content."""
    tar.addfile(tar_info(name, len(data)), io.BytesIO(data))


def add_tar_link(tar: tarfile.TarFile, name: str, target: str, hard: bool = False) -> None:
    """Add a symlink (or, with ``hard``, a hardlink) member pointing at ``target``."""
    info = tar_info(name, kind=tarfile.LNKTYPE if hard else tarfile.SYMTYPE, mode=0o777)
    info.linkname = target
    tar.addfile(info)


@contextmanager
def open_tar(target: Path | BinaryIO, gz: bool = False) -> Iterator[tarfile.TarFile]:
    """A GNU-format tar writer; with ``gz`` the stream is gzip-compressed with ``mtime=0``."""
    with _binary_sink(target) as raw:
        if not gz:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
                yield tar
            return
        with (
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gzf,
            tarfile.open(fileobj=gzf, mode="w", format=tarfile.GNU_FORMAT) as tar,
        ):
            yield tar


def tar_bytes(entries: Iterable[tuple[str, bytes]], gz: bool = False) -> bytes:
    """The bytes of a tar (or tar.gz) holding regular-file ``entries``."""
    buf = io.BytesIO()
    with open_tar(buf, gz=gz) as tar:
        for name, data in entries:
            add_tar_bytes(tar, name, data)
    return buf.getvalue()


@contextmanager
def _binary_sink(target: Path | BinaryIO) -> Iterator[BinaryIO]:
    """Open ``target`` for binary writing when it is a path; pass file objects through."""
    if isinstance(target, Path):
        with target.open("wb") as fh:
            yield fh
    else:
        yield target


def gzip_bytes(data: bytes, name: str = "") -> bytes:
    """Gzip ``data`` with ``mtime=0`` and the given embedded file name."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0) as gzf:
        gzf.write(data)
    return buf.getvalue()


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid solid-colour 8-bit RGB PNG, written with zlib and struct only."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width  # filter type 0 (None) per scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def crlf(lines: Iterable[str]) -> bytes:
    """Join lines with CRLF (plus a final CRLF) and encode as UTF-8."""
    return "".join(f"{line}\r\n" for line in lines).encode("utf-8")


def lf(lines: Iterable[str], encoding: str = "utf-8") -> bytes:
    """Join lines with LF (plus a final LF) and encode."""
    return "".join(f"{line}\n" for line in lines).encode(encoding)
