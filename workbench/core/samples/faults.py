"""Hostile and broken archives, and the ``FAULTS`` registry of every hostile input.

Each ``write_*`` function creates one file in ``out_dir`` and returns its path. Big inputs (the
bombs, the 100k-entry zip) are streamed so memory stays low.
"""

from __future__ import annotations

import gzip
import json
import tarfile
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np

from workbench.core.samples import faults_text as ft
from workbench.core.samples import logs
from workbench.core.samples.base import (
    Sample,
    add_tar_bytes,
    add_tar_link,
    gzip_bytes,
    lf,
    open_tar,
    tar_bytes,
    tar_info,
    write_zip,
    zip_bytes,
    zip_info,
)
from workbench.core.samples.zipcrypto import RawEntry, build_zip

BOMB_SIZE = 200 * 1024 * 1024
CHUNK = 1024 * 1024
MANY_ENTRIES = 100_000
NESTED_LEVELS = 5


def _out(out_dir: Path, name: str) -> Path:
    """Create ``out_dir`` if needed and return the file path inside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / name


def _log(n: int = 60, seed: int = 31) -> bytes:
    """An ordinary Agora 4.x log of ``n`` lines as bytes (the readable file next to a trap)."""
    return lf(ft.agora_sample(n, seed))


def write_traversal_zip(out_dir: Path) -> Path:
    """``traversal.zip``: entries that escape the extraction folder, plus one normal log."""
    path = _out(out_dir, "traversal.zip")
    evil = b"this file must never be written outside the extraction folder\n"
    names = ["../../evil.txt", "/abs/evil.txt", "C:\\evil.txt", "..\\..\\evil-win.txt"]
    write_zip(path, [*((name, evil) for name in names), ("ok/agorasdk.log", _log())])
    return path


def write_traversal_tar(out_dir: Path) -> Path:
    """``traversal.tar``: members named ``../evil.txt`` and ``/etc/evil``, plus one normal log."""
    path = _out(out_dir, "traversal.tar")
    evil = b"escaped\n"
    with open_tar(path) as tar:
        add_tar_bytes(tar, "../evil.txt", evil)
        add_tar_bytes(tar, "/etc/evil", evil)
        add_tar_bytes(tar, "ok/agorasdk.log", _log())
    return path


def write_symlink_escape(out_dir: Path) -> Path:
    """``symlink.tar``: symlinks and hardlinks out of the tree, a file written through one."""
    path = _out(out_dir, "symlink.tar")
    with open_tar(path) as tar:
        add_tar_bytes(tar, "logs/agorasdk.log", _log())
        add_tar_link(tar, "latest.log", "logs/agorasdk.log")
        add_tar_link(tar, "logs/link", "/etc/passwd")
        add_tar_link(tar, "up", "../../..")
        add_tar_bytes(tar, "up/escaped.txt", b"written through the 'up' symlink\n")
        add_tar_link(tar, "shadow", "/etc/shadow", hard=True)
        add_tar_link(tar, "outside", "../outside", hard=True)
    return path


def write_device_files(out_dir: Path) -> Path:
    """``devices.tar``: a character device, a block device and a FIFO, plus one normal log."""
    path = _out(out_dir, "devices.tar")
    with open_tar(path) as tar:
        for name, kind, major, minor in (
            ("dev/zero", tarfile.CHRTYPE, 1, 5),
            ("dev/sda", tarfile.BLKTYPE, 8, 0),
            ("dev/fifo", tarfile.FIFOTYPE, 0, 0),
        ):
            info = tar_info(name, kind=kind, mode=0o666)
            info.devmajor, info.devminor = major, minor
            tar.addfile(info)
        add_tar_bytes(tar, "logs/agorasdk.log", _log())
    return path


def write_bomb_zip(out_dir: Path) -> Path:
    """``bomb.zip``: ``huge.log`` declares 200 MiB of zeros in about 200 KB, plus a small log."""
    path = _out(out_dir, "bomb.zip")
    zeros = bytes(CHUNK)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zip_info("readme.log"), _log(20))
        with zf.open(zip_info("huge.log"), "w") as fh:
            for _ in range(BOMB_SIZE // CHUNK):
                fh.write(zeros)
    return path


def write_bomb_gz(out_dir: Path) -> Path:
    """``bomb.log.gz``: one log line repeated to 200 MiB, gzip-compressed while streaming."""
    path = _out(out_dir, "bomb.log.gz")
    line = b"[03/02/24 09:15:02:118][2231][I]:[rp] remote uid 67890 audio: recv 32kbps, loss 0.0%\n"
    chunk = line * (CHUNK // len(line))
    with path.open("wb") as raw, gzip.GzipFile(filename="bomb.log", mode="wb", fileobj=raw, mtime=0) as gz:
        written = 0
        while written < BOMB_SIZE:
            gz.write(chunk)
            written += len(chunk)
    return path


def write_nested_bomb(out_dir: Path) -> Path:
    """``nested.zip``: zips nested 5 deep (level1 = this file), a log at every level."""
    path = _out(out_dir, "nested.zip")
    inner = b""
    for level in range(NESTED_LEVELS, 0, -1):
        entries = [(f"level{level}.log", _log(30, seed=50 + level))]
        if inner:
            entries.append((f"level{level + 1}.zip", inner))
        inner = zip_bytes(entries)
    path.write_bytes(inner)
    return path


def write_many_entries(out_dir: Path) -> Path:
    """``many.zip``: 100,000 tiny stored entries ``f/00000.txt`` … ``f/99999.txt``."""
    path = _out(out_dir, "many.zip")
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(MANY_ENTRIES):
            zf.writestr(zip_info(f"f/{i:05d}.txt", zipfile.ZIP_STORED), b"%d\n" % i)
    return path


def _three_logs() -> list[tuple[str, bytes]]:
    """Three ~50 KB Agora logs, for the truncated archives."""
    return [(f"logs/agorasdk.{i}.log", _log(600, seed=60 + i)) for i in range(3)]


def write_truncated_zip(out_dir: Path) -> Path:
    """``truncated.zip``: a 3-entry zip cut at 60 %: no central directory, an entry cut mid-data."""
    path = _out(out_dir, "truncated.zip")
    data = zip_bytes(_three_logs())
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def write_truncated_targz(out_dir: Path) -> Path:
    """``truncated.tar.gz``: a tar.gz of 3 logs cut at 60 %."""
    path = _out(out_dir, "truncated.tar.gz")
    data = tar_bytes(_three_logs(), gz=True)
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def write_truncated_gz(out_dir: Path) -> Path:
    """``truncated.log.gz``: a gzip'd ~200 KB log cut at 50 %."""
    path = _out(out_dir, "truncated.log.gz")
    data = gzip_bytes(_log(2400, seed=63), name="agorasdk.log")
    path.write_bytes(data[: len(data) // 2])
    return path


def write_corrupt_zip(out_dir: Path) -> Path:
    """``corrupt.zip``: 64 KiB of random bytes, nothing readable."""
    path = _out(out_dir, "corrupt.zip")
    path.write_bytes(np.random.default_rng(64).bytes(64 * 1024))
    return path


def write_empty_zip(out_dir: Path) -> Path:
    """``empty.zip``: a valid zip with no entries (just the end-of-central-directory record)."""
    path = _out(out_dir, "empty.zip")
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def _device_info() -> bytes:
    """A small device_info.json for the client archives."""
    info = {
        "device_model": "Galaxy S23",
        "manufacturer": "Samsung",
        "os": "Android",
        "os_version": "14",
        "sdk_vendor": "agora",
        "sdk_version": "4.3.0",
        "network_type": "Wi-Fi",
    }
    return (json.dumps(info, indent=2) + "\n").encode()


def write_encrypted_zip(out_dir: Path) -> Path:
    """``encrypted.zip``: ``agorasdk.log`` ZipCrypto-encrypted (password "secret"), info in clear."""
    path = _out(out_dir, "encrypted.zip")
    entries = [
        RawEntry(b"agorasdk.log", _log(300, seed=65), password=b"secret"),
        RawEntry(b"device_info.json", _device_info()),
    ]
    path.write_bytes(build_zip(entries, seed=65))
    return path


def write_nested_archives(out_dir: Path) -> Path:
    """``nested.tar.gz``: ``client.zip``, ``server/logs.tar`` (Jitsi jvb.log) and ``server/extra.log.gz``."""
    path = _out(out_dir, "nested.tar.gz")
    client = zip_bytes([("agorasdk.log", _log(200, seed=66)), ("device_info.json", _device_info())])
    jvb = lf(logs.jvb_lines(datetime(2024, 4, 22, 21, 59, 5, 179000), seed=67))
    server = tar_bytes([("jvb.log", jvb)])
    with open_tar(path, gz=True) as tar:
        add_tar_bytes(tar, "client.zip", client)
        add_tar_bytes(tar, "server/logs.tar", server)
        add_tar_bytes(tar, "server/extra.log.gz", gzip_bytes(_log(100, seed=68), name="extra.log"))
    return path


def _fault(name: str, description: str, write: Callable[[Path], Path]) -> tuple[str, Sample]:
    """A registry item for a fault (faults have no known answer)."""
    return name, Sample(name=name, description=description, write=write, known_answer={})


FAULTS: dict[str, Sample] = dict(
    [
        _fault("traversal-zip", "zip with ../, absolute and drive-letter entry names", write_traversal_zip),
        _fault("traversal-tar", "tar with ../evil.txt and /etc/evil members", write_traversal_tar),
        _fault(
            "symlink-escape",
            "tar with symlinks/hardlinks out of the tree and a file written through one",
            write_symlink_escape,
        ),
        _fault("device-files", "tar with character/block device and FIFO members", write_device_files),
        _fault("bomb-zip", "zip bomb: 200 MiB of zeros deflated to ~200 KB", write_bomb_zip),
        _fault("bomb-gz", "gzip bomb: one log line repeated to 200 MiB", write_bomb_gz),
        _fault("nested-bomb", "zip inside zip, 5 levels deep, a log at each level", write_nested_bomb),
        _fault("many-entries", "zip with 100,000 tiny stored entries", write_many_entries),
        _fault("truncated-zip", "zip cut at 60 %: no central directory", write_truncated_zip),
        _fault("truncated-targz", "tar.gz of 3 logs cut at 60 %", write_truncated_targz),
        _fault("truncated-gz", "gzip'd log cut at 50 %", write_truncated_gz),
        _fault("corrupt-zip", "random bytes named .zip", write_corrupt_zip),
        _fault(
            "gbk-names", "zip with GBK-encoded Chinese names and content, no UTF-8 flag", ft.write_gbk_names
        ),
        _fault("utf16", "zip of UTF-16 LE/BE logs with and without BOM", ft.write_utf16),
        _fault("invalid-utf8", "log with invalid UTF-8 sequences and a NUL byte", ft.write_invalid_utf8),
        _fault("cr-only", "log with bare CR line ends (old Mac style)", ft.write_cr_only),
        _fault("long-line", "log with one 63 MB line between normal lines", ft.write_long_line),
        _fault(
            "binary-log", "300 KB of high-entropy bytes named .log (encrypted SDK log)", ft.write_binary_log
        ),
        _fault(
            "encrypted-zip",
            "zip with a ZipCrypto-encrypted agorasdk.log (password 'secret')",
            write_encrypted_zip,
        ),
        _fault(
            "nested-archives", "tar.gz holding a zip, a tar (Jitsi jvb.log) and a .gz", write_nested_archives
        ),
        _fault("empty-zip", "valid zip with no entries", write_empty_zip),
    ]
)
