"""Hostile *content*: odd encodings, broken bytes, odd line ends, a giant line and binary "logs".

Each ``write_*`` function creates its file in ``out_dir`` and returns the path. The archive-level
faults live in ``faults.py``, which also holds the ``FAULTS`` registry.
"""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path

import numpy as np

from workbench.core.samples import logs
from workbench.core.samples.base import lf
from workbench.core.samples.zipcrypto import RawEntry, build_zip

START = datetime(2024, 3, 2, 9, 15, 2, 118000)
LONG_LINE_CHUNK = 3 * 1024 * 1024  # raw bytes per chunk; base64 makes it 4 MiB of text
LONG_LINE_CHUNKS = 15  # 15 x 4 MiB = 62.9 MB in one line
BINARY_LOG_SIZE = 300 * 1024

GBK_MESSAGES = (
    "加入频道成功",
    "网络质量差，正在重连",
    "音频设备启动失败",
    "远端用户已离开频道",
    "本地视频采集已开始",
)


def _out(out_dir: Path, name: str) -> Path:
    """Create ``out_dir`` if needed and return the file path inside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / name


def agora_sample(n: int, seed: int) -> list[str]:
    """``n`` ordinary Agora 4.x lines without platform details or incident."""
    return logs.agora4_lines(n, START, seed, platform=False, incident=False)


def gbk_log() -> bytes:
    """A short Agora 4.x log with Chinese messages, GBK-encoded, CRLF line ends."""
    lines = agora_sample(40, seed=41)
    for i, msg in enumerate(GBK_MESSAGES):
        ts, _rest = lines[i * 7 + 3].split("]", 1)
        lines[i * 7 + 3] = f"{ts}][2231][{'W' if i == 2 else 'I'}]:{msg}"
    return "".join(f"{line}\r\n" for line in lines).encode("gbk")


def write_gbk_names(out_dir: Path) -> Path:
    """``gbk.zip``: Chinese names as raw GBK bytes (no UTF-8 flag) plus one CP437 name."""
    path = _out(out_dir, "gbk.zip")
    entries = [
        RawEntry("日志/声网.log".encode("gbk"), gbk_log()),
        RawEntry("说明.txt".encode("gbk"), "客户反馈：通话中听不到对方声音。\r\n".encode("gbk")),
        RawEntry("Müller/bericht.log".encode("cp437"), lf(agora_sample(20, seed=42))),
    ]
    path.write_bytes(build_zip(entries))
    return path


def write_utf16(out_dir: Path) -> Path:
    """``utf16.zip``: the same kind of log as UTF-16-LE and -BE with BOM, and LE without BOM."""
    path = _out(out_dir, "utf16.zip")

    def text(seed: int) -> str:
        return "".join(f"{line}\r\n" for line in agora_sample(200, seed))

    entries = [
        RawEntry(b"utf16le.log", b"\xff\xfe" + text(43).encode("utf-16-le")),
        RawEntry(b"utf16be.log", b"\xfe\xff" + text(44).encode("utf-16-be")),
        RawEntry(b"utf16le-nobom.log", text(45).encode("utf-16-le")),
    ]
    path.write_bytes(build_zip(entries))
    return path


def write_invalid_utf8(out_dir: Path) -> Path:
    """``invalid-utf8.log``: Agora lines with stray bytes, a cut multi-byte char and a NUL."""
    path = _out(out_dir, "invalid-utf8.log")
    lines = [line.encode("utf-8") for line in agora_sample(120, seed=46)]
    lines[10] = lines[10][:40] + b"\xff\xfe" + lines[10][40:]
    lines[20] = lines[20] + b" device \xe9\x9f end"  # first two bytes of a 3-byte char, then ASCII
    lines[30] = lines[30] + b" bad tail \xc0\xaf \x80"  # overlong '/' and a lone continuation byte
    lines[40] = lines[40][:35] + b"\x00" + lines[40][35:]
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def write_cr_only(out_dir: Path) -> Path:
    """``cr-only.log``: lines separated by a bare CR, as old Mac tools wrote them."""
    path = _out(out_dir, "cr-only.log")
    path.write_bytes("".join(f"{line}\r" for line in agora_sample(200, seed=47)).encode())
    return path


def write_long_line(out_dir: Path) -> Path:
    """``long-line.log``: normal lines, one 63 MB line (a JSON blob with base64), normal lines."""
    path = _out(out_dir, "long-line.log")
    lines = agora_sample(10, seed=48)
    rng = np.random.default_rng(48)
    with path.open("wb") as fh:
        fh.write(lf(lines[:5]))
        stamp = lines[5].split("]", 1)[0]
        fh.write(f'{stamp}][2231][I]:[rtc_stats] upload {{"type":"dump","payload":"'.encode())
        for _ in range(LONG_LINE_CHUNKS):
            fh.write(base64.b64encode(rng.bytes(LONG_LINE_CHUNK)))
        fh.write(b'"}\n')
        fh.write(lf(lines[6:]))
    return path


def write_binary_log(out_dir: Path) -> Path:
    """``binary.log``: 300 KB of high-entropy bytes, like an encrypted SDK log."""
    path = _out(out_dir, "binary.log")
    path.write_bytes(np.random.default_rng(49).bytes(BINARY_LOG_SIZE))
    return path
