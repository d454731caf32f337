"""Intake against the real public files in ../shared/corpus (read in place, never copied)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle

# (case folder, file, kind): expectations about *what* a file is; counts come from the bytes themselves.
CASES = [
    ("loghub-android-logcat", "Android_2k.log", "log"),
    ("loghub-macos-syslog", "Mac_2k.log", "log"),
    ("jitsi-meet-server-2024", "jvb.log", "log"),
    ("jitsi-meet-server-2024", "prosody.log", "log"),
    ("agora-unity-iris-4.2.3", "agora-iris.log", "log"),
    ("agora-unity-iris-4.2.3", "agoraapi.log", "log"),
    ("agora-native-2017", "agorasdk.log", "log"),
    ("agora-native-2017", "mediasdk.log", "log"),
    ("libwebrtc-native-alphartc", "webrtc.log", "log"),
    ("internals-xuyu130-p2p", "webrtc_internals_dump.txt", "stats"),
    ("internals-andreiden-legacy", "webrtc_internals_dump.txt", "stats"),
    ("rtcstats-guilospanck", "rtcstats_dump.txt", "stats"),
]


def _records(data: bytes) -> int:
    """The oracle for line counts: newlines, plus one for a last line without its newline."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _line_ending(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    return "CRLF" if crlf and crlf >= data.count(b"\n") - crlf else "LF"


@pytest.mark.parametrize(("case", "name", "kind"), CASES)
def test_real_files_are_listed_with_kind_and_line_count(corpus: Path, case: str, name: str, kind: str) -> None:
    path = corpus / case / name
    data = path.read_bytes()
    with open_bundle(path) as bundle:
        (item,) = bundle.files
        assert (item.kind, item.lines) == (kind, _records(data))
        assert item.line_ending == _line_ending(data)
        assert item.local in (path, path.resolve())  # read in place, never copied


def test_encrypted_agora_log_is_flagged_binary_with_advice(corpus: Path) -> None:
    with open_bundle(corpus / "agora-android-encrypted") as bundle:
        binary = bundle.file("agorasdk.log")
        assert binary.kind == "binary" and binary.lines is None
        assert any("not readable text" in w for w in binary.warnings)
        readable = bundle.file("agoraapi.log")
        data = (corpus / "agora-android-encrypted" / "agoraapi.log").read_bytes()
        assert readable.kind == "log" and readable.lines == _records(data)


def test_gzipped_internals_dump_is_unpacked_and_recognised(corpus: Path) -> None:
    with open_bundle(corpus / "internals-gumonly-gz" / "gumonly.gz") as bundle:
        (item,) = bundle.files
        unpacked = gzip.decompress((corpus / "internals-gumonly-gz" / "gumonly.gz").read_bytes())
        assert item.path == "gumonly" and item.kind == "stats" and item.size == len(unpacked)
        assert item.format == "webrtc-internals"


def test_agora_sdk_version_comes_from_the_log_head(corpus: Path) -> None:
    with open_bundle(corpus / "agora-native-2017") as bundle:
        fact = bundle.environment["sdk_version"]
        path, line = fact.source.split(":")
        stated = (corpus / "agora-native-2017" / path).read_bytes().splitlines()[int(line) - 1]
        assert b"SDK ver " + fact.value.encode() in stated
        assert bundle.environment["sdk_vendor"].value == "agora"


def test_whole_corpus_as_one_folder_bundle(corpus: Path) -> None:
    with open_bundle(corpus) as bundle:
        assert len(bundle.files) == sum(1 for p in corpus.rglob("*") if p.is_file())
        assert not bundle.warnings
        assert bundle.first_log() is not None
