"""Decode Tencent Mars ``.xlog`` containers (TRTC / LiteAV / IMSDK logs) into plain text. No Qt.

A Mars file is a run of blocks (rtc-domain §1.2, after ``decode_mars_nocrypt_log_file.py``)::

    magic(1) | seq(uint16 LE) | begin_hour(1) | end_hour(1) | length(uint32 LE) | key(4|64) | payload | 0x00

Payloads are plain, raw deflate (0x05: in uint16-length chunks), zstd, or encrypted (ECDH + TEA:
without the app's private key we can only count them). Like Mars' script we resync after damage where
two consecutive blocks validate, and write its ``[F]decode_log_file.py …`` lines where text is lost, so
parsers see the loss in place. We stream block by block from an mmap: memory is bounded by one block.
"""

from __future__ import annotations

import mmap
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import zstandard

from workbench.core.errors import Cancelled, InputError
from workbench.core.progress import NEVER, CancelToken, ProgressFn, null_progress

MAGIC_END = 0x00
KEY_LEN = {0x03: 4, 0x04: 4, 0x05: 4, **dict.fromkeys(range(0x06, 0x0E), 64)}
PLAIN = frozenset({0x03, 0x08})
DEFLATE = frozenset({0x04, 0x05, 0x09})
ENCRYPTED = frozenset({0x06, 0x07, 0x0A, 0x0C})
STREAMED = frozenset({0x04, 0x05, 0x09, 0x0D})  # async variants: one compressor may span blocks
MAX_PAYLOAD = 0xFFFFFF  # Mars blocks are ~150 KiB; a set top length byte is garbage (and regex-checkable)
SEQ_MODULUS = 65535  # seq runs 1..65535 then wraps to 1; 0 marks sync-mode blocks
_HEAD = struct.Struct("<HBBI")
_CANDIDATE = re.compile(rb"(?s)[\x03-\x0d](?=.{4}(?!\x00\x00\x00).{3}\x00)")  # length 1 .. MAX_PAYLOAD
_SCAN_WINDOW = 1 << 20
_CHUNK = 1 << 16
_ZSTD_FEED = 512  # zstd output per call is unbounded by the API: feed small pieces
_MAX_BLOCK_OUT = 64 << 20
_PROGRESS_STEP = 1 << 18
_SYNC_MARK = b"\x00\x00\xff\xff"  # the empty stored block that Z_SYNC_FLUSH / Z_FULL_FLUSH emit


@dataclass
class XlogReport:
    """What decoding found: block counts and every place where log text was lost."""

    blocks: int = 0
    decoded_blocks: int = 0
    encrypted_blocks: int = 0
    corrupt_regions: list[tuple[int, int]] = field(default_factory=list)
    sequence_gaps: list[tuple[int, int]] = field(default_factory=list)
    decode_errors: int = 0  # blocks whose header was fine but whose payload did not decode
    sequence_resets: int = 0  # seq went backwards: two processes (or a restart) wrote one file
    truncated: bool = False
    bytes_in: int = 0
    bytes_out: int = 0

    def messages(self) -> list[str]:
        """Human lines for findings and warnings, most important first; empty when all is well."""
        out = ["no xlog blocks found: not a Mars xlog file, or damaged beyond repair"] if not self.blocks else []
        if self.encrypted_blocks:
            out.append(f"{self.encrypted_blocks} of {self.blocks} blocks are encrypted: ask the customer "
                       "for the app's xlog private key or a decoded log")
        for first, last in self.sequence_gaps[:5]:
            n = _seq_count(first, last)
            out.append(f"log seq {first if n == 1 else f'{first}-{last}'} is missing ({_plural(n, 'block')})")
        if len(self.sequence_gaps) > 5:
            more = sum(_seq_count(a, b) for a, b in self.sequence_gaps[5:])
            out.append(f"{len(self.sequence_gaps) - 5} more sequence gaps ({_plural(more, 'block')})")
        if self.corrupt_regions:
            size = sum(length for _, length in self.corrupt_regions)
            out.append(f"{_plural(len(self.corrupt_regions), 'corrupt region')} skipped ({size:,} bytes)")
        if self.decode_errors:
            out.append(f"{_plural(self.decode_errors, 'block')} did not decode "
                       "(damaged, or legacy blocks encrypted with the app's key)")
        if self.truncated:
            out.append("the file is truncated: the last block was cut off, decoded up to the end of the file")
        if self.sequence_resets:
            out.append(f"log seq went backwards {self.sequence_resets} times: several processes or app "
                       "restarts wrote this file")
        return out


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class _Header:
    magic: int
    seq: int
    length: int
    payload_start: int
    end: int  # just after MAGIC_END, where the next block starts


def _seq_count(first: int, last: int) -> int:
    return (last - first) % SEQ_MODULUS + 1


def _parse_header(buf: bytes | mmap.mmap, pos: int, size: int) -> _Header | None:
    """The header at ``pos`` if its magic is known, it fits in the file and its length is plausible."""
    if pos >= size:
        return None
    key_len = KEY_LEN.get(buf[pos])
    if key_len is None or pos + 9 + key_len > size:
        return None
    seq, _begin_hour, _end_hour, length = _HEAD.unpack_from(buf, pos + 1)
    if length > MAX_PAYLOAD:
        return None
    start = pos + 9 + key_len
    return _Header(buf[pos], seq, length, start, start + length + 1)


def _complete(buf: bytes | mmap.mmap, h: _Header | None, size: int) -> bool:
    return h is not None and h.end <= size and buf[h.end - 1] == MAGIC_END


def _validates(buf: mmap.mmap, pos: int, size: int) -> bool:
    """Mars' resync rule: this block and the next validate, or this one ends at EOF (a next block that
    starts validly but runs past EOF counts too: it is the truncated tail). Empty blocks never count:
    Mars does not write them, and zero-filled key fields would otherwise parse as one."""
    h = _parse_header(buf, pos, size)
    if h is None or h.length == 0 or not _complete(buf, h, size):
        return False
    if h.end == size:
        return True
    nxt = _parse_header(buf, h.end, size)
    return nxt is not None and (nxt.end > size or _complete(buf, nxt, size))


def _why_bad(buf: mmap.mmap, pos: int, size: int) -> str:
    """A Mars-style reason why no block starts at ``pos``."""
    if buf[pos] not in KEY_LEN:
        return f"byte[{pos}]:0x{buf[pos]:02x} != MAGIC_NUM_START"
    header_len = 9 + KEY_LEN[buf[pos]]
    if pos + header_len > size:
        return f"header at {pos} needs {header_len} bytes, file ends after {size - pos}"
    length = _HEAD.unpack_from(buf, pos + 1)[3]
    if length > MAX_PAYLOAD:
        return f"log length:{length} is implausible"
    if (end := pos + header_len + length) >= size:
        return f"log length:{length}, end pos {end + 1} > len(buffer):{size}"
    return f"log length:{length}, buffer[{end}]:{buf[end]} != MAGIC_END"


def _resync(buf: mmap.mmap, start: int, size: int, cancel: CancelToken) -> int | None:
    """The first offset >= ``start`` where two blocks validate; scans in windows copied out of the map
    so no buffer export outlives an exception (an exported mmap cannot be closed)."""
    pos = start
    while pos < size:
        cancel.raise_if_cancelled()
        window = buf[pos:pos + _SCAN_WINDOW + 16]
        for match in _CANDIDATE.finditer(window):
            if match.start() >= _SCAN_WINDOW:
                break  # the next window sees it with its full header
            if _validates(buf, pos + match.start(), size):
                return pos + match.start()
        pos += _SCAN_WINDOW
    return None


def is_xlog(head: bytes) -> bool:
    """Cheap sniff on a file's first bytes: known magic, plausible length, and MAGIC_END where the
    first block ends when ``head`` reaches that far."""
    if len(head) < 9 or head[0] not in KEY_LEN:
        return False
    length = _HEAD.unpack_from(head, 1)[3]
    end = 9 + KEY_LEN[head[0]] + length  # index of MAGIC_END
    return length <= MAX_PAYLOAD and (end >= len(head) or head[end] == MAGIC_END)


def _block_cap(length: int) -> int:
    """Most decoded bytes one block may yield: beyond real log ratios, short of a decompression bomb."""
    return min(_MAX_BLOCK_OUT, 1024 * length + 4096)


def _run_inflate(d: zlib._Decompress, chunks: Iterator[bytes], cap: int) -> tuple[zlib._Decompress, list[bytes], str]:
    """Inflate ``chunks`` into a list of pieces; returns the (possibly new) inflater and an error reason."""
    parts, total = list[bytes](), 0
    try:
        for data in chunks:
            while data:
                piece = d.decompress(data, _CHUNK)
                parts.append(piece)
                total += len(piece)
                if total > cap:
                    return d, parts, f"decoded size exceeds {cap:,} bytes"
                if d.eof:  # a second deflate stream may start inside the same block
                    data, d = d.unused_data, zlib.decompressobj(-zlib.MAX_WBITS)
                else:
                    data = d.unconsumed_tail
    except zlib.error as exc:
        return d, parts, f"inflate failed ({exc})"
    return d, parts, ""


def _run_zstd(obj: zstandard.ZstdDecompressionObj, chunks: Iterator[bytes], cap: int) -> tuple[list[bytes], str]:
    """Zstd-decode ``chunks``; returns the pieces and an error reason ('' when fine)."""
    parts, total = list[bytes](), 0
    try:
        for chunk in chunks:
            for i in range(0, len(chunk), _ZSTD_FEED):
                piece = obj.decompress(chunk[i:i + _ZSTD_FEED])
                parts.append(piece)
                total += len(piece)
                if total > cap:
                    return parts, f"decoded size exceeds {cap:,} bytes"
    except zstandard.ZstdError as exc:
        return parts, f"zstd failed ({exc})"
    return parts, ""


class _Decoder:
    """One pass over a mapped file, writing text and placeholders to ``out`` and filling ``report``."""

    def __init__(self, buf: mmap.mmap, size: int, out: BinaryIO, cancel: CancelToken) -> None:
        self.buf, self.size, self.out, self.cancel = buf, size, out, cancel
        self.report = XlogReport(bytes_in=size)
        self.last_seq, self.at_line_start = 0, True
        self.inflater: zlib._Decompress | None = None  # carried across async deflate blocks
        self.clean_end = False  # the last deflate payload ended on a sync-flush marker
        self.zstd: zstandard.ZstdDecompressionObj | None = None  # carried across a run of 0x0D blocks

    def run(self, progress: ProgressFn) -> XlogReport:
        pos, reported = 0, 0
        progress(0, self.size, "decoding xlog")
        while pos < self.size:
            self.cancel.raise_if_cancelled()
            pos = self._step(pos)
            if pos - reported >= _PROGRESS_STEP:  # a call per block would flood on sync-mode files
                progress(pos, self.size, "decoding xlog")
                reported = pos
                if hasattr(self.buf, "madvise"):  # keep resident pages (RSS) small on 200 MB files
                    self.buf.madvise(mmap.MADV_DONTNEED, 0, pos - pos % mmap.PAGESIZE)
        progress(self.size, self.size, "xlog decoded")
        return self.report

    def _step(self, pos: int) -> int:
        """Decode the block at ``pos`` or skip damage; returns where to continue."""
        h = _parse_header(self.buf, pos, self.size)
        if _complete(self.buf, h, self.size):
            assert h is not None
            self._block(h, h.end - 1)
            return h.end
        reason = _why_bad(self.buf, pos, self.size)
        found = _resync(self.buf, pos + 1, self.size, self.cancel)
        if found is None and h is not None and h.end > self.size:
            self.report.truncated = True
            self._block(h, self.size)
            return self.size
        end = self.size if found is None else found
        if found is None and self.buf[pos] in KEY_LEN and h is None:
            self.report.truncated = True  # cut off inside a header
            reason = f"truncated: {reason}"
        self.report.corrupt_regions.append((pos, end - pos))
        self._reset_streams()
        self._placeholder(f"[F]decode_log_file.py decode error len={end - pos}, result:{reason}")
        return end

    def _block(self, h: _Header, payload_end: int) -> None:
        """Decode one block whose payload is ``buf[h.payload_start:payload_end]`` (short when truncated)."""
        self.report.blocks += 1
        self._check_seq(h.seq)  # before the text, so a gap's placeholder sits where the blocks are missing
        if h.magic in ENCRYPTED:
            self.report.encrypted_blocks += 1
            self._reset_streams()
            self._placeholder(f"[F]xlog block {h.seq} is encrypted (magic 0x{h.magic:02X}): key required")
            return
        error = self._decompress(h, payload_end) if h.magic not in PLAIN else ""
        for chunk in self._chunks(h, payload_end) if h.magic in PLAIN else ():
            self._write(chunk)
        cut = h.payload_start + h.length - payload_end
        if cut > 0:
            error = f"truncated: block seq {h.seq} needs {h.length} payload bytes, file ends after {h.length - cut}"
            self._reset_streams()
        if error:
            self.report.decode_errors += 0 if cut else 1
            self._placeholder(f"[F]decode_log_file.py decode error len={cut or h.length}, result:{error}")
        else:
            self.report.decoded_blocks += 1

    def _decompress(self, h: _Header, payload_end: int) -> str:
        """Decode a compressed payload and write it; returns an error reason ('' when fine)."""
        cap = _block_cap(h.length)
        attempts = self._inflate(h, payload_end, cap) if h.magic in DEFLATE else self._unzstd(h, payload_end, cap)
        parts, err = attempts[-1]
        if err:  # keep whichever attempt salvaged the most text
            parts, err = max(attempts, key=lambda a: sum(map(len, a[0])))
        for piece in parts:
            self._write(piece)
        if err and KEY_LEN[h.magic] == 4:
            err += "; legacy blocks fail like this when the app encrypts its logs"
        return err

    def _inflate(self, h: _Header, payload_end: int, cap: int) -> list[tuple[list[bytes], str]]:
        """Continue the async deflate stream or decode fresh, and the other if that fails. After a sync-flush
        marker continuing is exact (a new stream parses as more blocks of the old one); after an unclean end
        it would turn a new stream into garbage without an error, so fresh goes first there."""
        attempts: list[tuple[list[bytes], str]] = []
        carried = self.inflater
        order = [None] if carried is None else [carried, None] if self.clean_end else [None, carried]
        for start in order:
            inflater = start if start is not None else zlib.decompressobj(-zlib.MAX_WBITS)
            d, parts, err = _run_inflate(inflater, self._chunks(h, payload_end), cap)
            attempts.append((parts, err))
            if not err:
                break
        self.inflater = d if not err and h.magic in STREAMED else None
        self.clean_end = self.buf[payload_end - 4:payload_end] == _SYNC_MARK
        self.zstd = None
        return attempts

    def _unzstd(self, h: _Header, payload_end: int, cap: int) -> list[tuple[list[bytes], str]]:
        """0x0D continues the run's decompressor (fresh if that fails); 0x0B is always fresh."""
        attempts: list[tuple[list[bytes], str]] = []
        if self.zstd is not None and h.magic == 0x0D:
            attempts.append(_run_zstd(self.zstd, self._chunks(h, payload_end), cap))
        if not attempts or attempts[-1][1]:
            # read_across_frames: an async run may hold a frame per block or one frame across blocks
            self.zstd = zstandard.ZstdDecompressor(max_window_size=1 << 25).decompressobj(read_across_frames=True)
            attempts.append(_run_zstd(self.zstd, self._chunks(h, payload_end), cap))
        if attempts[-1][1] or h.magic != 0x0D:
            self.zstd = None
        self.inflater = None
        return attempts

    def _chunks(self, h: _Header, payload_end: int) -> Iterator[bytes]:
        """Payload pieces copied out of the map; 0x05 unwrapped from its uint16-length chunks."""
        pos, end = h.payload_start, min(payload_end, h.payload_start + h.length)
        if h.magic != 0x05:
            for start in range(pos, end, _CHUNK):
                yield self.buf[start:min(start + _CHUNK, end)]
            return
        while pos + 2 <= end:
            n = struct.unpack_from("<H", self.buf, pos)[0]
            yield self.buf[pos + 2:min(pos + 2 + n, end)]
            pos += 2 + n

    def _check_seq(self, seq: int) -> None:
        """Report missing seq numbers between async blocks (Mars: seq 0 is sync mode, 1 a restart)."""
        last, self.last_seq = self.last_seq, (seq or self.last_seq)
        if seq == 0 or last == 0:
            return
        if seq == 1:
            if last != SEQ_MODULUS:
                self._reset_streams()  # a new process started its own compressor
            return
        expected = last % SEQ_MODULUS + 1
        missing = (seq - expected) % SEQ_MODULUS
        if missing == 0:
            return
        self._reset_streams()
        if missing >= SEQ_MODULUS // 2:  # went backwards: not 30,000 lost blocks but another writer
            self.report.sequence_resets += 1
            return
        self.report.sequence_gaps.append((expected, seq - 1))
        self._placeholder(f"[F]decode_log_file.py log seq:{expected}-{seq - 1} is missing")

    def _reset_streams(self) -> None:
        self.inflater, self.zstd, self.clean_end = None, None, False

    def _write(self, data: bytes) -> None:
        if data:
            self.out.write(data)
            self.report.bytes_out += len(data)
            self.at_line_start = data.endswith(b"\n")

    def _placeholder(self, line: str) -> None:
        """Write a marker line, on a line of its own even when the text before it was cut mid-line."""
        prefix = b"" if self.at_line_start else b"\n"
        self._write(prefix + line.encode("utf-8", "replace") + b"\n")


def decode_xlog(src: Path, dst: Path, *, progress: ProgressFn = null_progress,
                cancel: CancelToken = NEVER) -> XlogReport:
    """Decode the xlog ``src`` into the text file ``dst`` and report what was lost.

    Never raises on damaged or hostile content (that goes into the report and placeholder lines);
    raises ``InputError`` when ``src`` cannot be read and ``Cancelled`` (removing ``dst``) on cancel.
    """
    try:
        src_file = open(src, "rb")  # noqa: SIM115 - closed below, after the map
    except OSError as exc:
        raise InputError(f"cannot read {src}", str(exc)) from exc
    try:
        with src_file, open(dst, "wb", buffering=1 << 20) as out:
            size = src_file.seek(0, 2)
            if size == 0:  # mmap refuses empty files
                progress(0, 0, "xlog decoded")
                return XlogReport()
            with mmap.mmap(src_file.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                return _Decoder(buf, size, out, cancel).run(progress)
    except Cancelled:
        dst.unlink(missing_ok=True)
        raise
