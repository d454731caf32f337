"""Intake against the real public files in ../shared/corpus (read in place, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle

# (case folder, file, kind, records, line ending, encoding label) from the corpus README's known facts.
KNOWN = [
    ("loghub-android-logcat", "Android_2k.log", "log", 2000, "CRLF", "ASCII"),
    ("loghub-macos-syslog", "Mac_2k.log", "log", 2000, "CRLF", None),
    ("jitsi-meet-server-2024", "jvb.log", "log", 534, "LF", None),
    ("jitsi-meet-server-2024", "prosody.log", "log", 104, "LF", None),
    ("agora-unity-iris-4.2.3", "agora-iris.log", "log", 3735, "LF", None),
    ("agora-unity-iris-4.2.3", "agoraapi.log", "log", 822, "LF", None),
    ("agora-native-2017", "agorasdk.log", "log", 601, "LF", None),
    ("agora-native-2017", "mediasdk.log", "log", 2896, "LF", None),
    ("libwebrtc-native-alphartc", "webrtc.log", "log", 706, "LF", None),
    # wc -l says 2,666 and 11,268: these dumps end without a newline, so one more record each.
    ("internals-xuyu130-p2p", "webrtc_internals_dump.txt", "stats", 2667, None, None),
    ("internals-andreiden-legacy", "webrtc_internals_dump.txt", "stats", 11269, None, None),
    ("rtcstats-guilospanck", "rtcstats_dump.txt", "stats", 195, None, None),
]


@pytest.mark.parametrize(("case", "name", "kind", "records", "eol", "encoding"), KNOWN)
def test_real_files_are_listed_with_kind_and_line_count(corpus: Path, case: str, name: str, kind: str,
                                                        records: int, eol: str | None, encoding: str | None) -> None:
    with open_bundle(corpus / case / name) as bundle:
        (item,) = bundle.files
        assert (item.kind, item.lines) == (kind, records)
        if eol:
            assert item.line_ending == eol
        if encoding:
            assert item.encoding == encoding
        assert item.local == (corpus / case / name).resolve() or item.local == corpus / case / name


def test_encrypted_agora_log_is_flagged_binary_with_advice(corpus: Path) -> None:
    with open_bundle(corpus / "agora-android-encrypted") as bundle:
        binary = bundle.file("agorasdk.log")
        assert binary.kind == "binary" and binary.lines is None
        assert any("not readable text" in w for w in binary.warnings)
        readable = bundle.file("agoraapi.log")
        assert readable.kind == "log" and readable.lines == 81


def test_gzipped_internals_dump_is_unpacked_and_recognised(corpus: Path) -> None:
    with open_bundle(corpus / "internals-gumonly-gz" / "gumonly.gz") as bundle:
        (item,) = bundle.files
        assert item.path == "gumonly" and item.kind == "stats" and item.size == 896
        assert item.format == "webrtc-internals"


def test_agora_sdk_version_comes_from_the_log_head(corpus: Path) -> None:
    with open_bundle(corpus / "agora-native-2017") as bundle:
        fact = bundle.environment["sdk_version"]
        assert fact.value == "1.14.0" and fact.source == "agorasdk.log:5"
        assert bundle.environment["sdk_vendor"].value == "agora"


def test_whole_corpus_as_one_folder_bundle(corpus: Path) -> None:
    with open_bundle(corpus) as bundle:
        assert len(bundle.files) == 26  # 24 data files, README.md and SHA256SUMS
        assert not bundle.warnings
        assert bundle.first_log() is not None
