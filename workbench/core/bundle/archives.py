"""Container detection and uniform member iteration over zip, tar and single compressed streams.

Readers only *describe* members and hand out their bytes as chunk iterators; what is safe to keep is
decided by intake.py, and where the bytes go by sink.py.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import mmap
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import zstandard

from workbench.core.bundle.names import decode_zip_name
from workbench.core.bundle.zipscan import scan_local_headers

_DECOMPRESSORS = {
    "gzip": lambda: zlib.decompressobj(47),  # 32+15: gzip or zlib header, auto-detected
    "bzip2": bz2.BZ2Decompressor,
    "xz": lzma.LZMADecompressor,
    "zstd": lambda: zstandard.ZstdDecompressor().decompressobj(),
}
_CODEC_ERRORS = (zlib.error, OSError, EOFError, lzma.LZMAError, zstandard.ZstdError, ValueError)

CHUNK = 1024 * 1024
STREAMS = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}
STREAM_SUFFIXES = {"gzip": (".gz", ".gzip"), "bzip2": (".bz2",), "xz": (".xz",), "zstd": (".zst", ".zstd")}
UNSUPPORTED = {b"7z\xbc\xaf\x27\x1c": "7z", b"Rar!\x1a\x07": "RAR"}


@dataclass
class Member:
    """One entry of an archive, as the archive describes it."""

    name: str
    type: str  # file | dir | symlink | hardlink | device | fifo | other
    link_target: str = ""
    encrypted: bool = False
    compressed_size: int | None = None
    chunks: Callable[[], Iterator[bytes]] | None = None
    compressed_done: Callable[[], int] | None = None
    complete: Callable[[], bool] = lambda: True


def container_type(path: Path) -> str:
    """'zip', 'tar', 'gzip', 'bzip2', 'xz', 'zstd', '7z', 'RAR' or '' for a plain file, by magic bytes."""
    with open(path, "rb") as handle:
        head = handle.read(265)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    for magic, name in ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
                        (b"\x28\xb5\x2f\xfd", "zstd")):
        if head.startswith(magic):
            return name
    for magic, name in UNSUPPORTED.items():
        if head.startswith(magic):
            return name
    return ""


def open_stream(path: Path, kind: str):
    """Decompressing reader over a single-stream file (gzip, bzip2, xz, zstd)."""
    if kind == "zstd":
        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
    return STREAMS[kind](path, "rb")


def read_chunks(handle, holder: dict) -> Iterator[bytes]:
    """Chunks from ``handle``; a read error (cut stream, bad CRC) ends them and is kept in holder."""
    # read1, not read: a buffered read() that hits a cut stream drops the bytes it already had.
    read = getattr(handle, "read1", handle.read)
    try:
        while chunk := read(CHUNK):
            yield chunk
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile, tarfile.TarError, zstandard.ZstdError,
            ValueError) as exc:
        holder["error"] = describe_error(exc)


def describe_error(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError) or "end-of-stream" in text or "Compressed file ended" in text:
        return "file is cut short (truncated download?)"
    return text


def tolerant_chunks(path: Path, kind: str, holder: dict) -> Iterator[bytes]:
    """Decompressed bytes of a single-stream file, as far as they go.

    Unlike GzipFile, a cut or corrupt tail ends the output instead of discarding the last buffer;
    ``holder["error"]`` says why it ended early. Concatenated gzip members are followed.
    """
    decompressor = _DECOMPRESSORS[kind]()
    with open(path, "rb") as handle:
        while raw := handle.read(CHUNK):
            while raw:
                try:
                    out = decompressor.decompress(raw)
                except _CODEC_ERRORS as exc:
                    holder["error"] = describe_error(exc)
                    return
                if out:
                    yield out
                leftover = getattr(decompressor, "unused_data", b"") if getattr(decompressor, "eof", False) else b""
                raw = leftover.lstrip(b"\x00")  # padding after a gzip member is not a new member
                if raw:
                    decompressor = _DECOMPRESSORS[kind]()
    if not getattr(decompressor, "eof", True):
        holder["error"] = "file is cut short (truncated download?)"


def _skip_and_take(chunks: Iterator[bytes], skip: int, length: int) -> Iterator[bytes]:
    """Bytes ``skip`` .. ``skip + length`` of a chunk stream."""
    position = 0
    for chunk in chunks:
        start, end = max(skip - position, 0), min(skip + length - position, len(chunk))
        position += len(chunk)
        if start < end:
            yield chunk[start:end]
        if position >= skip + length:
            return


def iter_zip(path: Path) -> Iterator[Member]:
    """Members of a zip; falls back to a local-header scan when the central directory is broken."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        yield from _iter_damaged_zip(path)
        return
    with archive:
        for info in archive.infolist():
            yield _zip_member(archive, info)


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Member:
    name = decode_zip_name(info.filename, bool(info.flag_bits & 0x800))
    mode = info.external_attr >> 16
    if info.is_dir():
        return Member(name, "dir")
    if stat.S_ISLNK(mode):
        target = archive.read(info).decode("utf-8", errors="replace") if info.file_size < 4096 else ""
        return Member(name, "symlink", link_target=target)
    if info.flag_bits & 0x1:
        return Member(name, "file", encrypted=True)
    holder: dict = {}

    def chunks() -> Iterator[bytes]:
        with archive.open(info) as handle:
            yield from read_chunks(handle, holder)

    return Member(name, "file", compressed_size=info.compress_size, chunks=chunks,
                  complete=lambda: "error" not in holder)


def _iter_damaged_zip(path: Path) -> Iterator[Member]:
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        if size == 0:
            return
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        for entry in scan_local_headers(data):
            name = decode_zip_name(entry.name_bytes.decode("cp437"), bool(entry.flags & 0x800))
            if name.endswith("/"):
                continue
            if entry.flags & 0x1:
                yield Member(name, "file", encrypted=True)
                continue
            yield Member(name, "file", compressed_size=entry.compressed_size or None,
                         chunks=entry.chunks, complete=lambda e=entry: e.complete)
    finally:
        data.close()


_TAR_TYPES = {tarfile.REGTYPE: "file", tarfile.AREGTYPE: "file", tarfile.CONTTYPE: "file",
              tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink", tarfile.LNKTYPE: "hardlink",
              tarfile.CHRTYPE: "device", tarfile.BLKTYPE: "device", tarfile.FIFOTYPE: "fifo"}


def iter_tar(path: Path, compression: str = "") -> Iterator[Member]:
    """Members of a tar (optionally compressed), read as a stream so a cut file yields its head."""
    raw = open(path, "rb")  # noqa: SIM115 - closed in finally; the position measures compressed input
    try:
        stream = raw if not compression else (
            zstandard.ZstdDecompressor().stream_reader(raw) if compression == "zstd"
            else {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[compression](fileobj=raw))
        with tarfile.open(fileobj=stream, mode="r|", encoding="utf-8", errors="surrogateescape") as archive:
            for info in archive:
                yield _tar_member(archive, info, raw, (path, compression))
    finally:
        raw.close()


def _tar_member(archive: tarfile.TarFile, info: tarfile.TarInfo, raw, source: tuple[Path, str]) -> Member:
    name = info.name.encode("utf-8", "surrogateescape").decode("utf-8", errors="replace")
    kind = _TAR_TYPES.get(info.type, "other")
    if kind != "file":
        return Member(name, kind, link_target=info.linkname)
    holder: dict = {}
    start = raw.tell()

    def chunks() -> Iterator[bytes]:
        handle = archive.extractfile(info)
        taken = 0
        for chunk in read_chunks(handle, holder):
            taken += len(chunk)
            yield chunk
        if "error" in holder:  # tarfile drops a cut member's bytes: read them again from the source
            salvage: dict = {}
            yield from _skip_and_take(_uncompressed(*source, salvage), info.offset_data + taken, info.size - taken)

    return Member(name, "file", chunks=chunks, compressed_done=lambda: raw.tell() - start,
                  complete=lambda: "error" not in holder)


def _uncompressed(path: Path, compression: str, holder: dict) -> Iterator[bytes]:
    if compression:
        yield from tolerant_chunks(path, compression, holder)
        return
    with open(path, "rb") as handle:
        yield from read_chunks(handle, holder)


def single_stream_member(path: Path, rel: str, kind: str) -> Member:
    """A compressed single file (``x.log.gz``) as one member named without its suffix."""
    name = rel
    for suffix in STREAM_SUFFIXES[kind]:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    else:
        name = f"{name}.unpacked"
    holder: dict = {}

    def chunks() -> Iterator[bytes]:
        yield from tolerant_chunks(path, kind, holder)

    return Member(name, "stream", compressed_size=path.stat().st_size, chunks=chunks,
                  complete=lambda: "error" not in holder)
