"""The log format registry (``resources/formats/*.json``): schema, samples, Rust-regex parity, sniffing,
and detection of the real files in the shared corpus."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from workbench.core.logs.formats import FIELDS, LEVELS, TIME_GROUPS, LogFormat, load_formats, parse_line
from workbench.core.logs.sniff import coverage, sniff_lines
from workbench.core.settings import resources_dir

ASSUMED = datetime(2024, 1, 1)
FOLDER = resources_dir() / "formats"
FORMATS = load_formats()
IDS = list(FORMATS)
REGEX_IDS = [fid for fid, fmt in FORMATS.items() if not fmt.is_json]
ALL_SAMPLE_LINES = [sample["line"] for fmt in FORMATS.values() for sample in fmt.samples]
GROUPS = {*FIELDS, *TIME_GROUPS, "ts"}

# (format, other): `format` is meant to read most of `other`'s sample lines too. `other` still wins its
# own lines, by a higher priority or a better score (test_own_samples_sniff_as_their_format).
INTENDED_OVERLAPS = {
    ("logcat-brief", "zego"): "ZEGO lines are logcat brief lines with the ZEGO tag",
    ("logcat-studio", "agora-native-3-logcat"): "Agora 3.x lines exported by Android Studio are logcat lines",
    ("ios-nslog", "twilio-ios"): "Twilio iOS lines usually carry the NSLog prefix",
    ("json-lines", "livekit-server-json"): "LiveKit JSON lines are JSON lines with five required keys",
}

# Real files of ../shared/corpus and the format each must be detected as.
CORPUS_CASES = [
    ("loghub-android-logcat/Android_2k.log", "logcat-threadtime"),
    ("loghub-macos-syslog/Mac_2k.log", "syslog"),
    ("jitsi-meet-server-2024/jvb.log", "jitsi"),
    ("jitsi-meet-server-2024/jicofo.log", "jitsi"),
    ("jitsi-meet-server-2024/prosody.log", "prosody"),
    ("agora-unity-iris-4.2.3/agora-iris.log", "agora-iris"),
    ("agora-unity-iris-4.2.3/agoraapi.log", "agora-native-4"),
    ("agora-android-encrypted/agoraapi.log", "agora-native-4"),
    ("agora-native-2017/agorasdk.log", "agora-native-3"),
    ("agora-native-2017/mediasdk.log", "agora-native-3"),
    ("libwebrtc-native-alphartc/webrtc.log", "libwebrtc"),
]


def _samples(fmt: LogFormat) -> list[str]:
    return [sample["line"] for sample in fmt.samples]


def _py_groups(fmt: LogFormat, lines: list[str]) -> list[dict[str, str | None]]:
    """Every named group per line, None where it did not take part (as Polars reports them)."""
    empty = dict.fromkeys(fmt.compiled.groupindex)
    return [found.groupdict() if (found := fmt.compiled.match(line)) else empty for line in lines]


def _rust_groups(fmt: LogFormat, lines: list[str]) -> list[dict[str, str | None]]:
    return pl.Series(lines, dtype=pl.String).str.extract_groups(fmt.regex).to_list()


def _read_lines(path: Path) -> list[str]:
    """The file's lines as the app reads them: undecodable bytes replaced, line ends dropped."""
    return path.read_text(encoding="utf-8", errors="replace").split("\n")


# ------------------------------------------------------------------ the files themselves


def test_every_file_loads_with_its_id_as_name() -> None:
    files = sorted(FOLDER.glob("*.json"))
    ids = [json.loads(path.read_text(encoding="utf-8"))["id"] for path in files]
    assert ids == [path.stem for path in files]
    assert len(set(ids)) == len(ids) == len(FORMATS)
    assert IDS[-1] == "text"  # the fallback comes last


def test_required_ids_are_present() -> None:
    required = {"agora-native-4", "agora-native-3", "agora-iris", "agora-web", "mars-xlog", "zego", "twilio-js",
                "twilio-ios", "livekit-server", "livekit-server-json", "jitsi", "janus", "mediasoup", "chromium",
                "libwebrtc", "logcat-threadtime", "logcat-brief", "ios-nslog", "prosody", "json-lines", "syslog",
                "text"}
    assert required <= set(FORMATS)


@pytest.mark.parametrize("fid", IDS)
def test_schema(fid: str) -> None:
    fmt = FORMATS[fid]
    assert fmt.vendor and fmt.title and len(fmt.samples) >= 3
    assert set(fmt.levels.values()) <= set(LEVELS)
    assert 0 <= fmt.priority <= 90
    if fmt.is_json:
        assert set(fmt.json_fields) <= {*FIELDS, "ts"}
    else:
        assert fmt.regex.startswith("^")
        assert set(fmt.groups) <= GROUPS, set(fmt.groups) - GROUPS
        assert fmt.compiled.groups == len(fmt.compiled.groupindex), "unnamed capture group: use (?:...)"
        assert "message" in fmt.groups
        if "level" in fmt.groups:
            assert fmt.levels
    if fmt.continuation not in ("", "*"):
        # the bulk parser searches with it (str.contains): only an anchored rule means the same there
        assert fmt.continuation.startswith("^")
    for sample in fmt.samples:
        assert set(sample["fields"]) <= set(FIELDS)
        assert sample["fields"].get("level", "info") in LEVELS


def test_priorities_rank_specific_above_generic() -> None:
    assert FORMATS["text"].priority == 0 and FORMATS["json-lines"].priority == 10
    generic = {"text", "json-lines", "syslog", "logcat-brief", "apple-console", "webrtc-text-log"}
    assert all(fmt.priority >= 60 for fid, fmt in FORMATS.items() if fid not in generic)


# ------------------------------------------------------------------ samples


@pytest.mark.parametrize("fid", IDS)
def test_samples_parse_to_their_fields_and_time(fid: str) -> None:
    fmt = FORMATS[fid]
    for sample in fmt.samples:
        parsed = parse_line(fmt, sample["line"], ASSUMED)
        assert parsed is not None, sample["line"]
        assert {key: parsed.get(key) for key in sample["fields"]} == sample["fields"], sample["line"]
        expected = datetime.fromisoformat(sample["time"]) if sample["time"] else None
        assert parsed["time"] == expected, sample["line"]


@pytest.mark.parametrize("fid", REGEX_IDS)
def test_rust_regex_gives_the_same_groups(fid: str) -> None:
    """Polars runs the same regex with Rust's engine: same groups on every sample line of every format."""
    fmt = FORMATS[fid]
    assert _rust_groups(fmt, ALL_SAMPLE_LINES) == _py_groups(fmt, ALL_SAMPLE_LINES)


@pytest.mark.parametrize("fid", [fid for fid in IDS if fid != "text"])
def test_own_samples_sniff_as_their_format(fid: str) -> None:
    result = sniff_lines(_samples(FORMATS[fid]) * 5)
    assert result.format_id == fid, result.candidates


def test_formats_stay_distinct() -> None:
    """No format reads more than half of another's samples, unless the overlap is intended (above)."""
    crossing = {}
    for fid, fmt in FORMATS.items():
        for oid, other in FORMATS.items():
            if "text" in (fid, oid) or fid == oid:
                continue
            share = sum(fmt.match(line) is not None for line in _samples(other)) / len(other.samples)
            if share > 0.5:
                crossing[(fid, oid)] = share
    assert set(crossing) == set(INTENDED_OVERLAPS), crossing


def test_text_fallback_reads_every_line() -> None:
    text = FORMATS["text"]
    lines = [*ALL_SAMPLE_LINES, "", "   ", "\x00\x01 binary", "é" * 300]
    assert all(text.match(line) is not None for line in lines)
    assert pl.Series(lines).str.contains(text.regex).all()


def test_text_fallback_finds_generic_stamps_and_levels() -> None:
    text = FORMATS["text"]
    parsed = parse_line(text, "2024-05-06T07:08:09.5Z [WARN] disk almost full", ASSUMED)
    assert parsed == {"level": "warning", "message": "disk almost full", "time": datetime(2024, 5, 6, 7, 8, 9, 500000)}
    assert parse_line(text, "Errors: none", ASSUMED) == {"message": "Errors: none", "time": None}


def test_continuation_rules() -> None:
    jitsi = FORMATS["jitsi"]
    stack = ["\tat org.jitsi.retry.RetryStrategy$TaskRunner.run(RetryStrategy.java:193)",
             "Caused by: java.io.EOFException", "\t... 12 more",
             "org.jivesoftware.smack.SmackException$NoResponseException: No response received",
             "java.lang.IllegalStateException", "<stream:error><conflict/></stream:error>"]
    assert all(jitsi.continues(line) for line in stack)
    assert not jitsi.continues("Starting the bridge") and not jitsi.continues("Jicofo started")
    assert FORMATS["agora-native-3"].continues("Local Date: Wed Dec  6 10:09:34 2017")  # "*": every line
    assert not FORMATS["logcat-threadtime"].continues("--------- beginning of main")
    for fmt in FORMATS.values():
        if fmt.continuation_re is not None:
            found = pl.Series([*stack, *ALL_SAMPLE_LINES]).str.contains(fmt.continuation).to_list()
            assert found == [fmt.continues(line) for line in [*stack, *ALL_SAMPLE_LINES]], fmt.id


def test_time_flags_match_what_the_stamps_hold() -> None:
    flags = {fid: fmt.time_flags for fid, fmt in FORMATS.items()}
    assert flags["agora-native-4"].year_assumed is False and flags["agora-native-4"].tz_assumed
    assert flags["agora-native-3"].date_assumed and flags["agora-web"].date_assumed
    assert flags["chromium"].year_assumed and not flags["chromium"].date_assumed
    assert flags["libwebrtc"].relative and flags["webrtc-text-log"].relative
    assert not flags["mars-xlog"].tz_assumed and not flags["twilio-js"].tz_assumed
    assert flags["syslog"].year_assumed and flags["prosody"].year_assumed
    assert not flags["livekit-server-json"].year_assumed


# ------------------------------------------------------------------ the real corpus


@pytest.mark.parametrize(("relative", "expected"), CORPUS_CASES)
def test_real_logs_are_detected(corpus: Path, relative: str, expected: str) -> None:
    lines = _read_lines(corpus / relative)
    result = sniff_lines(lines[:200])
    assert result.format_id == expected, result.candidates
    fmt = FORMATS[expected]
    body = [line for line in lines if line.strip()]
    matched, continued = coverage(fmt, body)
    assert (matched + continued) / len(body) >= 0.95, (matched, continued, len(body))
    assert FORMATS["text"].match(body[0]) is not None


@pytest.mark.parametrize("relative", sorted({relative for relative, _ in CORPUS_CASES}))
def test_real_logs_give_the_same_groups_in_rust(corpus: Path, relative: str) -> None:
    lines = [line[:4096] for line in _read_lines(corpus / relative)]
    for fid in REGEX_IDS:
        fmt = FORMATS[fid]
        assert _rust_groups(fmt, lines) == _py_groups(fmt, lines), fid
        if fmt.continuation_re is not None:
            assert pl.Series(lines).str.contains(fmt.continuation).to_list() == list(map(fmt.continues, lines))

