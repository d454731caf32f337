"""Encoding, binary detection, line endings and the LineIndex, on bytes a customer could send."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import Cancelled
from workbench.core.progress import CancelToken
from workbench.core.text import LineIndex, detect_encoding, looks_binary, open_text, sniff_text

AGORA = "[03/02/24 09:15:02:118][2231][W]:音频设备启动失败 device=0\n"


def _open(path: Path, tmp_path: Path) -> LineIndex:
    return open_text(path, sniff_text(path), tmp_path / "work")


@pytest.mark.parametrize(
    ("data", "codec", "label"),
    [
        (codecs.BOM_UTF8 + AGORA.encode(), "utf-8", "UTF-8 (BOM)"),
        (AGORA.encode(), "utf-8", "UTF-8"),
        (b"plain ascii\n", "utf-8", "ASCII"),
        (codecs.BOM_UTF16_LE + AGORA.encode("utf-16-le"), "utf-16-le", "UTF-16 LE"),
        (codecs.BOM_UTF16_BE + AGORA.encode("utf-16-be"), "utf-16-be", "UTF-16 BE"),
        (("ascii heavy line\n" * 20).encode("utf-16-le"), "utf-16-le", "UTF-16 LE (no BOM)"),
        ((AGORA * 5).encode("gbk"), "gb18030", "GB18030"),
    ],
)
def test_detects_encoding(data: bytes, codec: str, label: str) -> None:
    guess = detect_encoding(data, complete=True)
    assert (guess.codec, guess.label) == (codec, label)
    assert not guess.lossy


def test_invalid_utf8_falls_back_to_replacement_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.log"
    path.write_bytes(b"ok line\nbad \xff\xfe\x80 bytes\n\xe4\xb8 cut\n")
    info = sniff_text(path)
    assert info.encoding.lossy and info.warnings
    with _open(path, tmp_path) as index:
        assert index.text(1) == "bad \ufffd\ufffd\ufffd bytes"
        assert len(index) == 3


def test_multibyte_char_cut_by_sample_end_is_not_invalid() -> None:
    data = ("日志" * 1000).encode("utf-8")[:-1]
    assert detect_encoding(data, complete=False).codec == "utf-8"


def test_binary_detection_tolerates_stray_nuls_but_not_random_bytes() -> None:
    text = (AGORA.encode() * 200)[:-10] + b"\x00" + b"tail\n"
    assert not looks_binary(text)
    noise = np.random.default_rng(7).bytes(64 * 1024)
    assert looks_binary(noise)
    assert not looks_binary(("x\n" * 100).encode("utf-16"))


@pytest.mark.parametrize(("eol", "name"), [(b"\n", "LF"), (b"\r\n", "CRLF"), (b"\r", "CR")])
def test_line_endings_split_lines_and_are_stripped(tmp_path: Path, eol: bytes, name: str) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(eol.join([b"first", b"", b"third"]) + eol)
    info = sniff_text(path)
    assert info.line_ending == name
    with _open(path, tmp_path) as index:
        assert [index.text(i) for i in range(len(index))] == ["first", "", "third"]


def test_mixed_cr_and_lf_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(b"a\rb\nc\n")
    assert sniff_text(path).line_ending == "mixed"
    assert sniff_text(path).warnings


def test_utf16_file_is_indexed_with_original_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "u.log"
    lines = [f"line {n} 声网" for n in range(1000)]
    path.write_bytes(codecs.BOM_UTF16_BE + "\r\n".join(lines).encode("utf-16-be"))
    with _open(path, tmp_path) as index:
        assert len(index) == 1000
        assert index.text(999) == lines[999]
        assert index.path == path


def test_last_line_without_newline_counts(tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(b"a\nb\nc")
    with LineIndex.build(path) as index:
        assert len(index) == 3 and index.text(2) == "c"


def test_empty_file_has_no_lines(tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_bytes(b"")
    with LineIndex.build(path) as index:
        assert len(index) == 0


def test_long_line_is_cut_for_display_but_full_length_known(tmp_path: Path) -> None:
    path = tmp_path / "long.log"
    path.write_bytes(b"short\n" + b"x" * (3 * 1024 * 1024) + b"\nafter\n")
    with LineIndex.build(path) as index:
        assert index.length(1) == 3 * 1024 * 1024
        shown = index.display(1)
        assert shown.startswith("x" * 500) and shown.endswith("(+3,145,228 bytes)")
        assert len(index.text(1)) == 1024 * 1024  # capped read, never the whole line
        assert index.display(2) == "after"


def test_display_makes_control_characters_visible(tmp_path: Path) -> None:
    path = tmp_path / "ctl.log"
    path.write_bytes(b"nul\x00here\tand tab\x1b[0m\n")
    with LineIndex.build(path) as index:
        assert index.display(0) == "nul\u2400here\tand tab\u241b[0m"


def test_build_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(b"0123456789\n" * 10_000)
    seen: list[tuple[int, int]] = []
    with LineIndex.build(path, chunk_bytes=4096, progress=lambda d, t, n="": seen.append((d, t))) as index:
        assert len(index) == 10_000
    assert seen[-1] == (110_000, 110_000) and len(seen) > 10
    token = CancelToken()

    def cancel_midway(done: int, total: int, note: str = "") -> None:
        if done > total // 2:
            token.cancel()

    with pytest.raises(Cancelled):
        LineIndex.build(path, chunk_bytes=4096, progress=cancel_midway, cancel=token)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=40).filter(lambda b: b"\n" not in b), max_size=30),
       st.sampled_from([b"\n", b"\r\n"]), st.booleans(), st.integers(1, 64))
def test_index_round_trips_any_bytes(tmp_path_factory, lines, eol, final_eol, chunk) -> None:
    """Whatever the bytes, the lines read back are the lines written (minus their line ends)."""
    lines = [line.rstrip(b"\r") for line in lines]
    data = eol.join(lines) + (eol if final_eol and lines else b"")
    path = tmp_path_factory.mktemp("h") / "x.log"
    path.write_bytes(data)
    pieces = data.split(b"\n")
    if pieces[-1] == b"":
        pieces.pop()  # a final line end closes the last line; it does not open an empty one
    with LineIndex.build(path, chunk_bytes=chunk) as index:
        assert [index.raw(i) for i in range(len(index))] == [p.removesuffix(b"\r") for p in pieces]


def test_display_counts_chars_for_medium_lines(tmp_path: Path) -> None:
    path = tmp_path / "mid.log"
    path.write_text("é" * 700 + "\n", encoding="utf-8")  # 1,400 bytes: decoded, counted in chars
    with LineIndex.build(path) as index:
        assert index.display(0) == "é" * 500 + "… (+200 chars)"
