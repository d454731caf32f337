"""Mars xlog decoding: every no-crypt variant, encrypted/missing/corrupt/truncated blocks, hostile input."""

from __future__ import annotations

import random
import re
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import Cancelled
from workbench.core.logs.xlog import XlogReport, decode_xlog, is_xlog
from workbench.core.progress import CancelToken
from workbench.core.samples.xlog import NO_CRYPT, block_bytes, trtc_lines, write_xlog

MARS_LINE = re.compile(  # rtc-domain §1 row 5
    r"^\[([VDIWEF])\]\[(\d{4}-\d\d-\d\d [+-]\d+\.\d \d\d:\d\d:\d\d\.\d{3})\]\[(\d+), (\d+)(\*?)\]"
    r"\[([^\]]*)\]\[([^,]*), ([^,]*)\]\[(.*)$"
)
LINES = trtc_lines(400, seed=7)
PER_BLOCK = 50  # so 8 blocks, seq 1..8


def _text(lines: list[str]) -> bytes:
    return "".join(lines).encode()


def _block_lines(i: int) -> list[str]:
    return LINES[i * PER_BLOCK:(i + 1) * PER_BLOCK]


def _spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each block of a well-formed file, walked with the documented layout."""
    spans, pos = [], 0
    while pos < len(data):
        key = 4 if data[pos] in (0x03, 0x04, 0x05) else 64
        end = pos + 9 + key + struct.unpack_from("<I", data, pos + 5)[0] + 1
        spans.append((pos, end))
        pos = end
    return spans


def _decode(tmp_path: Path, src: Path, **kwargs) -> tuple[XlogReport, bytes]:
    dst = tmp_path / (src.name + ".txt")
    report = decode_xlog(src, dst, **kwargs)
    return report, dst.read_bytes()


def test_trtc_lines_are_mars_format_and_deterministic() -> None:
    assert trtc_lines(60, seed=3) == trtc_lines(60, seed=3) != trtc_lines(60, seed=4)
    for line in LINES:
        assert line.endswith("\n") and MARS_LINE.match(line.rstrip("\n")), line
    bodies = "".join(LINES)
    assert "enterRoom roomId" in bodies and "onEnterRoom" in bodies and "onError code:-3301" in bodies
    assert "onNetworkQuality" in bodies and LINES[-1].rstrip().endswith("[exitRoom")


@pytest.mark.parametrize("shared", [False, True], ids=["block-streams", "shared-stream"])
@pytest.mark.parametrize("magic", NO_CRYPT, ids=[f"0x{m:02x}" for m in NO_CRYPT])
def test_every_no_crypt_variant_round_trips(tmp_path: Path, magic: int, shared: bool) -> None:
    src = write_xlog(tmp_path / "a.xlog", LINES, magic=magic, lines_per_block=PER_BLOCK, shared_stream=shared)
    data = src.read_bytes()
    assert data == write_xlog(tmp_path / "b.xlog", LINES, magic=magic, shared_stream=shared).read_bytes()
    assert is_xlog(data[:4096]) and is_xlog(data[:12])
    report, text = _decode(tmp_path, src)
    assert text == _text(LINES)
    assert (report.blocks, report.decoded_blocks, report.encrypted_blocks) == (8, 8, 0)
    assert report.messages() == [] and not report.truncated and report.bytes_out == len(text)


@pytest.mark.parametrize(("magic", "crypt"), [(0x09, 0x0A), (0x08, 0x06), (0x0D, 0x0A)])
def test_encrypted_blocks_are_counted_and_marked(tmp_path: Path, magic: int, crypt: int) -> None:
    src = write_xlog(tmp_path / "e.xlog", LINES, magic=magic, encrypted_blocks={1, 2, 5}, shared_stream=True)
    report, text = _decode(tmp_path, src)
    want = []
    for i in range(8):
        want += ([f"[F]xlog block {i + 1} is encrypted (magic 0x{crypt:02X}): key required\n"]
                 if i in (1, 2, 5) else _block_lines(i))
    assert text == _text(want)
    assert (report.blocks, report.decoded_blocks, report.encrypted_blocks) == (8, 5, 3)
    assert report.messages()[0] == ("3 of 8 blocks are encrypted: ask the customer for the app's xlog "
                                    "private key or a decoded log")


def test_missing_blocks_give_a_sequence_gap_and_placeholder(tmp_path: Path) -> None:
    src = write_xlog(tmp_path / "g.xlog", LINES, drop_blocks={2, 3}, start_seq=17)
    report, text = _decode(tmp_path, src)
    want = [*LINES[:100], "[F]decode_log_file.py log seq:19-20 is missing\n", *LINES[200:]]
    assert text == _text(want)
    assert report.sequence_gaps == [(19, 20)] and report.decoded_blocks == 6
    assert report.messages() == ["log seq 19-20 is missing (2 blocks)"]


def test_sequence_wraps_after_65535(tmp_path: Path) -> None:
    whole = write_xlog(tmp_path / "w.xlog", LINES, start_seq=65533)  # 65533, 65534, 65535, 1, 2, ...
    assert _decode(tmp_path, whole)[0].sequence_gaps == []
    src = write_xlog(tmp_path / "g.xlog", LINES, start_seq=65534, drop_blocks={1, 2})  # lose 65535 and 1
    report, text = _decode(tmp_path, src)
    assert report.sequence_gaps == [(65535, 1)]
    assert report.messages() == ["log seq 65535-1 is missing (2 blocks)"]
    assert b"[F]decode_log_file.py log seq:65535-1 is missing\n" in text


def test_sequence_going_backwards_is_a_reset_not_a_gap(tmp_path: Path) -> None:
    first = write_xlog(tmp_path / "a.xlog", LINES[:100], start_seq=40).read_bytes()
    second = write_xlog(tmp_path / "b.xlog", LINES[100:200], start_seq=7).read_bytes()
    (tmp_path / "two.xlog").write_bytes(first + second)  # two writers appended to one file
    report, text = _decode(tmp_path, tmp_path / "two.xlog")
    assert text == _text(LINES[:200]) and report.sequence_gaps == [] and report.sequence_resets == 1


def test_smashed_header_is_skipped_by_resync(tmp_path: Path) -> None:
    data = bytearray(write_xlog(tmp_path / "c.xlog", LINES).read_bytes())
    start, end = _spans(bytes(data))[3]
    data[start + 5:start + 9] = b"\xff\xff\xff\x7f"  # block 3's length field
    (tmp_path / "c.xlog").write_bytes(data)
    report, text = _decode(tmp_path, tmp_path / "c.xlog")
    assert report.corrupt_regions == [(start, end - start)]
    assert report.sequence_gaps == [(4, 4)] and report.decoded_blocks == 7
    assert text.startswith(_text(LINES[:150]) + b"[F]decode_log_file.py decode error len=")
    assert text.endswith(b"[F]decode_log_file.py log seq:4-4 is missing\n" + _text(LINES[200:]))
    assert "1 corrupt region skipped" in " ".join(report.messages())


def test_garbage_between_blocks_is_one_corrupt_region(tmp_path: Path) -> None:
    clean = write_xlog(tmp_path / "a.xlog", LINES).read_bytes()
    src = write_xlog(tmp_path / "b.xlog", LINES, corrupt_after_block=4)
    report, text = _decode(tmp_path, src)
    offset = _spans(clean)[4][1]
    assert report.corrupt_regions == [(offset, 37)] and report.decoded_blocks == 8
    assert text.replace(re.search(rb"\[F\][^\n]*\n", text).group(0), b"") == _text(LINES)
    assert report.messages() == ["1 corrupt region skipped (37 bytes)"]


def test_damaged_compressed_payload_loses_only_that_block(tmp_path: Path) -> None:
    data = bytearray(write_xlog(tmp_path / "d.xlog", LINES, magic=0x04).read_bytes())
    start, end = _spans(bytes(data))[2]
    middle = (start + end) // 2
    data[middle:middle + 24] = bytes(range(200, 224))
    (tmp_path / "d.xlog").write_bytes(data)
    report, text = _decode(tmp_path, tmp_path / "d.xlog")
    assert report.decode_errors == 1 and report.decoded_blocks == 7 and report.corrupt_regions == []
    assert text.startswith(_text(LINES[:100])) and text.endswith(_text(LINES[150:]))
    assert b"[F]decode_log_file.py decode error len=" in text


@pytest.mark.parametrize("magic", [0x08, 0x09, 0x0D])
def test_truncated_file_decodes_complete_blocks_and_says_so(tmp_path: Path, magic: int) -> None:
    src = write_xlog(tmp_path / "t.xlog", LINES, magic=magic, truncate_bytes=300)
    report, text = _decode(tmp_path, src)
    assert report.truncated and report.blocks == 8 and report.decoded_blocks == 7
    assert text.startswith(_text(LINES[:350]))
    assert re.search(rb"\[F\]decode_log_file.py decode error len=\d+, result:truncated", text)
    assert any("truncated" in m for m in report.messages())
    if magic == 0x08:  # plain text: what is there comes out
        assert text[len(_text(LINES[:350])):].startswith(_text(LINES[350:])[:200])


def test_file_cut_inside_a_header(tmp_path: Path) -> None:
    data = write_xlog(tmp_path / "h.xlog", LINES).read_bytes()
    start, _ = _spans(data)[-1]
    (tmp_path / "h.xlog").write_bytes(data[:start + 20])
    report, text = _decode(tmp_path, tmp_path / "h.xlog")
    assert report.truncated and report.decoded_blocks == 7 and report.corrupt_regions == [(start, 20)]
    assert text.startswith(_text(LINES[:350]))


def test_random_bytes_and_text_are_not_xlog(tmp_path: Path) -> None:
    noise = random.Random(5).randbytes(200_000)
    text_file = "".join(LINES).encode()
    for name, data in [("noise", noise), ("text", text_file), ("tab", b"\t" + text_file), ("empty", b"")]:
        assert not is_xlog(data[:4096]), name
        (tmp_path / name).write_bytes(data)
        report, _ = _decode(tmp_path, tmp_path / name)
        assert report.decoded_blocks == 0, name
        assert report.messages()[0].startswith("no xlog blocks found"), name
    assert not is_xlog(b"\x09\x01\x00\x09\x09\xff\xff\xff\xff")  # implausible length
    assert not is_xlog(block_bytes(0x08, 1, b"abc")[:-1] + b"\x01")  # no MAGIC_END


def test_a_large_garbage_region_resyncs_fast_in_bounded_memory(tmp_path: Path) -> None:
    lines = trtc_lines(2400, seed=8)  # 600-line plain blocks are > 64 KiB: the length's third byte is set
    head = write_xlog(tmp_path / "a.xlog", lines[:1200], magic=0x08, lines_per_block=600).read_bytes()
    tail = write_xlog(tmp_path / "b.xlog", lines[1200:], magic=0x08, lines_per_block=600, start_seq=5).read_bytes()
    assert min(end - start for start, end in _spans(tail)) > 1 << 16
    garbage = random.Random(9).randbytes(3 << 20)  # spans several scan windows
    (tmp_path / "big.xlog").write_bytes(head + garbage + tail)
    tracemalloc.start()
    began = time.perf_counter()
    report, text = _decode(tmp_path, tmp_path / "big.xlog")
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert report.corrupt_regions == [(len(head), len(garbage))] and report.sequence_gaps == [(3, 4)]
    assert text.startswith(_text(lines[:1200])) and text.endswith(_text(lines[1200:]))
    assert peak < 8 << 20 and elapsed < 5


def test_two_deflate_streams_in_one_block(tmp_path: Path) -> None:
    def raw(data: bytes) -> bytes:
        comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return comp.compress(data) + comp.flush()

    first, second = _text(LINES[:10]), _text(LINES[10:20])
    (tmp_path / "two.xlog").write_bytes(block_bytes(0x09, 1, raw(first) + raw(second)))
    report, text = _decode(tmp_path, tmp_path / "two.xlog")
    assert text == first + second and report.decoded_blocks == 1


@pytest.mark.parametrize("second", ["new stream", "same stream"])
def test_block_ending_mid_deflate_block(tmp_path: Path, second: str) -> None:
    """Block 1 stops mid deflate block (no flush); block 2 is a new stream, or the rest of the same one."""
    lines = trtc_lines(3000, seed=2)
    first_text, second_text = _text(lines[:2980]), _text(lines[2980:])
    comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = comp.compress(first_text)
    assert first and not first.endswith(b"\x00\x00\xff\xff")
    if second == "new stream":
        comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    rest = comp.compress(second_text) + comp.flush()
    (tmp_path / "u.xlog").write_bytes(block_bytes(0x09, 1, first) + block_bytes(0x09, 2, rest))
    report, text = _decode(tmp_path, tmp_path / "u.xlog")
    assert report.decoded_blocks == 2 and text.endswith(second_text)
    assert text == first_text + second_text if second == "same stream" else first_text.startswith(text[:60000])


def test_decompression_bomb_is_capped(tmp_path: Path) -> None:
    bomb = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    payload = bomb.compress(b"\n" * (20 << 20)) + bomb.flush()
    (tmp_path / "bomb.xlog").write_bytes(block_bytes(0x09, 1, payload))
    report, text = _decode(tmp_path, tmp_path / "bomb.xlog")
    assert report.decode_errors == 1 and len(text) < 1024 * len(payload) + 4096 + (64 << 10) + 200
    assert b"decoded size exceeds" in text


def test_cancel_stops_and_removes_the_output(tmp_path: Path) -> None:
    src = write_xlog(tmp_path / "c.xlog", LINES)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        decode_xlog(src, tmp_path / "out.txt", cancel=token)
    assert not (tmp_path / "out.txt").exists()
    token = CancelToken()
    with pytest.raises(Cancelled):  # cancelled from the first progress report, mid-run
        decode_xlog(src, tmp_path / "out.txt", cancel=token, progress=lambda *_: token.cancel())


def test_progress_is_monotonic_and_reaches_total(tmp_path: Path) -> None:
    src = write_xlog(tmp_path / "p.xlog", trtc_lines(6000, seed=1), magic=0x08)
    calls: list[tuple[int, int]] = []
    decode_xlog(src, tmp_path / "p.txt", progress=lambda done, total, note: calls.append((done, total)))
    size = src.stat().st_size
    assert len(calls) > 3 and calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and {t for _, t in calls} == {size}


def test_messages_wording() -> None:
    report = XlogReport(blocks=40, decoded_blocks=25, encrypted_blocks=12, corrupt_regions=[(10, 1000), (5000, 234)],
                        sequence_gaps=[(17, 19), (30, 30)], decode_errors=1, truncated=True)
    assert report.messages() == [
        "12 of 40 blocks are encrypted: ask the customer for the app's xlog private key or a decoded log",
        "log seq 17-19 is missing (3 blocks)",
        "log seq 30 is missing (1 block)",
        "2 corrupt regions skipped (1,234 bytes)",
        "1 block did not decode (damaged, or legacy blocks encrypted with the app's key)",
        "the file is truncated: the last block was cut off, decoded up to the end of the file",
    ]


_MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 20), st.integers(1, 255)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 20), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=64)),
)


def _mutate(data: bytes, mutations: list) -> bytes:
    buf = bytearray(data)
    for kind, where, arg in mutations:
        at = where % (len(buf) + 1)
        if kind == "flip" and at < len(buf):
            buf[at] ^= arg
        elif kind == "delete":
            del buf[at:at + arg]
        elif kind == "insert":
            buf[at:at] = arg
    return bytes(buf)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(magic=st.sampled_from(NO_CRYPT), mutations=st.lists(_MUTATION, min_size=1, max_size=6))
def test_mutated_files_never_raise_or_balloon(tmp_path: Path, magic: int, mutations: list) -> None:
    base = write_xlog(tmp_path / f"base{magic}.xlog", LINES[:120], magic=magic, lines_per_block=20,
                      encrypted_blocks={3}, shared_stream=True).read_bytes()
    data = _mutate(base, mutations)
    (tmp_path / "m.xlog").write_bytes(data)
    is_xlog(data[:4096])
    report, text = _decode(tmp_path, tmp_path / "m.xlog")
    assert len(text) <= max(len(data), 1) * 50
    assert report.decoded_blocks <= report.blocks and report.messages() is not None
