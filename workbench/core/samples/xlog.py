"""Write Tencent Mars ``.xlog`` test files from the documented block layout (rtc-domain §1.2). No Qt.

Block: ``magic(1) | seq(uint16 LE) | begin_hour(1) | end_hour(1) | length(uint32 LE) | key(4|64) |
payload | 0x00``. Faults (dropped, encrypted, corrupt, truncated blocks) are placed by block index so
tests know exactly which lines are lost. Deterministic: same arguments, same bytes.
"""

from __future__ import annotations

import random
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

import zstandard

KEY_LEN = {0x03: 4, 0x04: 4, 0x05: 4, **dict.fromkeys(range(0x06, 0x0E), 64)}
NO_CRYPT = (0x03, 0x04, 0x05, 0x08, 0x09, 0x0B, 0x0D)
_HOUR = re.compile(r"^\[\w\]\[\d{4}-\d\d-\d\d [+-]\d+\.\d (\d\d):")


def _next_seq(seq: int) -> int:
    """Mars counts 1..65535 and then wraps to 1 (0 is reserved for sync-mode blocks)."""
    return 1 if seq >= 65535 else seq + 1


def _hour(line: str) -> int:
    match = _HOUR.match(line)
    return int(match.group(1)) if match else 0


def block_bytes(magic: int, seq: int, payload: bytes, *, hours: tuple[int, int] = (9, 9), key: bytes = b"") -> bytes:
    """One block with the given magic, seq and (already encoded) payload; ``key`` defaults to zeros."""
    key = key.ljust(KEY_LEN[magic], b"\0")[:KEY_LEN[magic]]
    return struct.pack("<BHBBI", magic, seq, hours[0], hours[1], len(payload)) + key + payload + b"\0"


class _Encoder:
    """Turns each block's text into a payload; ``shared_stream`` keeps one compressor across blocks
    (Mars async mode: flushed, not finished, at each block end)."""

    def __init__(self, magic: int, shared_stream: bool) -> None:
        self.magic = magic
        self.shared = shared_stream and magic in (0x04, 0x05, 0x09, 0x0D)  # sync 0x0B: a frame per block
        self.deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        self.zstd = zstandard.ZstdCompressor(level=3).compressobj()

    def encode(self, text: bytes) -> bytes:
        if self.magic in (0x03, 0x08):
            return text
        if self.magic in (0x04, 0x09):
            return self._deflate(text)
        if self.magic == 0x05:  # the block's deflate stream cut into uint16-length chunks, one per line
            comp = self.deflate if self.shared else zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            pieces = [comp.compress(line) + comp.flush(zlib.Z_SYNC_FLUSH) for line in text.splitlines(keepends=True)]
            return b"".join(_chunked(piece) for piece in pieces + ([] if self.shared else [comp.flush()]))
        if not self.shared:
            return zstandard.ZstdCompressor(level=3).compress(text)
        return self.zstd.compress(text) + self.zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)

    def _deflate(self, text: bytes) -> bytes:
        if not self.shared:
            one = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            return one.compress(text) + one.flush()
        return self.deflate.compress(text) + self.deflate.flush(zlib.Z_SYNC_FLUSH)


def _chunked(data: bytes) -> bytes:
    return b"".join(struct.pack("<H", len(data[i:i + 65535])) + data[i:i + 65535]
                    for i in range(0, len(data), 65535))


def _encrypted_block(rng: random.Random, magic: int, seq: int, text_len: int, hours: tuple[int, int]) -> bytes:
    """Stand-in for an ECDH/TEA block: random key and payload bytes (a quarter of the text's size)."""
    return block_bytes(magic, seq, rng.randbytes(max(16, text_len // 4)), hours=hours, key=rng.randbytes(64))


def write_xlog(
    path: Path,
    lines: list[str],
    *,
    magic: int = 0x09,
    lines_per_block: int = 50,
    start_seq: int = 1,
    corrupt_after_block: int | None = None,
    drop_blocks: set[int] | frozenset[int] = frozenset(),
    encrypted_blocks: set[int] | frozenset[int] = frozenset(),
    truncate_bytes: int = 0,
    shared_stream: bool = False,
) -> Path:
    """Write ``lines`` (newline added where missing) as an xlog file. Block ``i`` holds lines
    ``i*lines_per_block …`` with seq ``start_seq + i`` (wrapping); ``drop_blocks`` are left out (a seq
    gap), ``encrypted_blocks`` get magic 0x0A (0x06 for plain magics) and random bytes,
    ``corrupt_after_block=k`` puts 37 garbage bytes after block k, ``truncate_bytes`` cuts the end."""
    if magic not in NO_CRYPT:
        raise ValueError(f"magic 0x{magic:02x} is not a no-crypt variant; use encrypted_blocks")
    rng = random.Random(start_seq * 7919 + magic)
    encoder = _Encoder(magic, shared_stream)
    out, seq = bytearray(), start_seq
    groups = [lines[i:i + lines_per_block] for i in range(0, len(lines), max(1, lines_per_block))]
    for index, group in enumerate(groups):
        text = "".join(line if line.endswith("\n") else line + "\n" for line in group).encode("utf-8")
        hours = (_hour(group[0]), _hour(group[-1]))
        if index in encrypted_blocks:
            block = _encrypted_block(rng, 0x06 if magic in (0x03, 0x08) else 0x0A, seq, len(text), hours)
            encoder = _Encoder(magic, shared_stream)  # mixed files come from separate runs: a new stream
        else:
            block = block_bytes(magic, seq, encoder.encode(text), hours=hours)
        if index not in drop_blocks:
            out += block
        if index == corrupt_after_block:
            out += rng.randbytes(37)
        seq = _next_seq(seq)
    data = bytes(out[:len(out) - truncate_bytes] if truncate_bytes else out)
    Path(path).write_bytes(data)
    return Path(path)


# (weight, level, tag, file:line, function, body template) of a TRTC session's routine lines
_ROUTINE: list[tuple[int, str, str, str, str, Callable[[random.Random], str]]] = [
    (30, "I", "TRTC", "TRTCCloudImpl.cpp:2214", "onStatistics", lambda r: (
        f"onStatistics appCpu:{r.randint(8, 45)} systemCpu:{r.randint(20, 80)} rtt:{r.randint(20, 180)} "
        f"upLoss:{r.randint(0, 5)} downLoss:{r.randint(0, 8)} sendBytes:{r.randint(10**5, 10**7)}")),
    (25, "I", "TRTC", "TRTCNetwork.cpp:871", "onNetworkQuality", lambda r: (
        f"onNetworkQuality localQuality:{r.choice([1, 1, 2, 3])} remoteQuality:[user_{r.randint(10, 99)}:"
        f"{r.choice([1, 2, 2, 3, 4])}]")),
    (15, "D", "LiteAV", "TXCAudioEngine.cpp:512", "OnCaptureData", lambda r: (
        f"audio capture frames:{r.randint(4000, 9000)} sampleRate:48000 channels:1 volume:{r.randint(0, 100)}")),
    (10, "I", "LiteAV", "TXCVideoEncoder.cpp:330", "setBitrate", lambda r: (
        f"setBitrate {r.choice([600, 900, 1200, 1500])}kbps fps:{r.choice([15, 20, 24])} "
        f"res:{r.choice(['960x540', '1280x720'])}")),
    (5, "W", "TRTC", "TRTCCloudImpl.cpp:1960", "onWarning", lambda r: (
        f"onWarning code:{r.choice([1101, 1102, 2105, 5102])} "
        f"msg:{r.choice(['network busy', 'video decode lag', 'reconnecting'])}")),
    (5, "I", "TRTC", "TRTCCloudImpl.cpp:1433", "onUserVideoAvailable", lambda r: (
        f"onUserVideoAvailable userId:user_{r.randint(10, 99)} available:{r.randint(0, 1)}")),
    (2, "E", "TRTC", "TRTCCloudImpl.cpp:1952", "onError", lambda r: (
        f"onError code:{r.choice([-1308, -3301, -100013])} "
        f"msg:{r.choice(['enter room timeout', 'start screen capture failed', 'service suspended'])}")),
]


def _session(rng: random.Random, room: int, user: str) -> Iterator[tuple[str, str, str, str, str]]:
    """An endless TRTC session: version, enterRoom with a -3301 retry, then routine traffic."""
    yield "I", "TRTC", "TRTCCloud.cpp:98", "getSDKVersion", "LiteAV SDK version:11.7.0.13946 platform:android"
    yield ("I", "TRTC", "TRTCCloud.cpp:123", "enterRoom",
           f"enterRoom roomId {room} userId {user} sdkAppId 1400188366 scene 0 role 20")
    yield "E", "TRTC", "TRTCCloudImpl.cpp:1952", "onError", "onError code:-3301 msg:enter room timeout, retrying"
    yield "I", "TRTC", "TRTCCloudImpl.cpp:1211", "onEnterRoom", f"onEnterRoom result:{rng.randint(300, 1800)}"
    yield "I", "TRTC", "TRTCCloud.cpp:412", "startLocalAudio", "startLocalAudio quality:2"
    weights = [w for w, *_ in _ROUTINE]
    while True:
        _, level, tag, where, func, body = rng.choices(_ROUTINE, weights)[0]
        yield level, tag, where, func, body(rng)


def trtc_lines(n: int, seed: int = 0) -> list[str]:
    """``n`` realistic decoded TRTC xlog lines (Mars format, each ending in a newline); deterministic."""
    rng = random.Random(seed)
    clock = datetime(2024, 3, 2, 9, 15, 2, 118000)
    entries = list(islice(_session(rng, rng.randint(1000, 99999), f"user_{rng.randint(100, 999)}"), n))
    if n >= 8:
        entries[-1] = ("I", "TRTC", "TRTCCloud.cpp:201", "exitRoom", "exitRoom")
    lines = []
    for level, tag, where, func, body in entries:
        tid = rng.choice(["1*", "1*", "15102", "15117"])  # Mars marks the main thread with '*'
        stamp = clock.strftime("%Y-%m-%d +8.0 %H:%M:%S.") + f"{clock.microsecond // 1000:03d}"
        lines.append(f"[{level}][{stamp}][15041, {tid}][{tag}][{where}, {func}][{body}\n")
        clock += timedelta(milliseconds=rng.randint(1, 900))
    return lines
