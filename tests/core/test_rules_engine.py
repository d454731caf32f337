"""The rule engine: matcher semantics (line, count, sequence, absence, unless/requires), vendor and
format applicability, bundle-integrity checks, the finding contract, cancel, and the needle prefilter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.bundle import open_bundle
from workbench.core.errors import Cancelled
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.progress import CancelToken
from workbench.core.rules import run_rules
from workbench.core.rules.integrity import parse_incident
from workbench.core.rules.model import LAYERS, SEVERITIES, parse_rule
from workbench.core.rules.needles import needles_of
from workbench.core.rules.scan import scan_lines

FINDING_KEYS = {"id", "layer", "severity", "title", "evidence", "fix_type", "advice", "kb"}


def agora(ts: str, msg: str, level: str = "I") -> str:
    return f"[03/02/24 {ts}][2231][{level}]:{msg}"


def rule(match: dict, **extra: object) -> object:
    raw = {"id": extra.pop("id", "test.rule"), "vendor": extra.pop("vendor", "any"), "layer": "network",
           "severity": "warning", "title": "Test rule", "meaning": "m", "advice": "a", "fix_type": "config",
           "kb": [], "match": match, "example": ["x"], **extra}
    return parse_rule(raw, "test.json")


def analyse(folder: Path, files: dict[str, list[str] | bytes], rules: list | None = None,
            overrides: dict[str, str] | None = None) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else ("\n".join(content) + "\n").encode())
    with open_bundle(folder) as bundle, parse_bundle_logs(bundle, overrides=overrides) as logs:
        return run_rules(bundle, logs, rules=rules)


def ids(findings: list[dict]) -> list[str]:
    return [f["id"] for f in findings]


def test_count_needs_the_threshold_inside_the_window(tmp_path: Path) -> None:
    loop = rule({"type": "count", "regex": "to 4 caused by", "min_count": 3, "window_s": 60})
    line = "[CONN-0][CM]: connection state changed from 3 to 4 caused by reason[2]"
    spread = [agora(f"10:{m:02d}:00:000", line) for m in (0, 2, 4)]
    dense = [agora(f"10:00:{s:02d}:000", line) for s in (0, 20, 40)]
    assert analyse(tmp_path / "a", {"agorasdk.log": spread}, [loop]) == []
    found = analyse(tmp_path / "b", {"agorasdk.log": dense}, [loop])
    assert ids(found) == ["test.rule"] and found[0]["title"] == "Test rule (3×)"
    assert [e["line"] for e in found[0]["evidence"]] == [1, 2, 3]


def test_count_without_timestamps_counts_the_whole_file(tmp_path: Path) -> None:
    probe = rule({"type": "count", "regex": "Connect failed with \\d+", "min_count": 3, "window_s": 60})
    lines = ["(network.cc:885): Connect failed with 99"] * 3
    found = analyse(tmp_path, {"webrtc.log": lines}, [probe], {"webrtc.log": "libwebrtc"})
    assert ids(found) == ["test.rule"] and "no timestamps" in found[0]["advice"]


def test_sequence_fires_only_when_the_log_reaches_past_the_window(tmp_path: Path) -> None:
    join = rule({"type": "sequence", "regex": "joinChannel", "expect": "JOIN_OK", "window_s": 10})
    answered = [agora("10:00:00:000", "joinChannel"), agora("10:00:03:000", "JOIN_OK"),
                agora("10:00:30:000", "tick")]
    unanswered = [agora("10:00:00:000", "joinChannel"), agora("10:00:30:000", "tick")]
    too_short = [agora("10:00:00:000", "joinChannel"), agora("10:00:05:000", "tick")]
    late = [agora("10:00:00:000", "joinChannel"), agora("10:00:20:000", "JOIN_OK")]
    assert analyse(tmp_path / "a", {"agorasdk.log": answered}, [join]) == []
    assert ids(analyse(tmp_path / "b", {"agorasdk.log": unanswered}, [join])) == ["test.rule"]
    assert analyse(tmp_path / "c", {"agorasdk.log": too_short}, [join]) == []
    assert ids(analyse(tmp_path / "d", {"agorasdk.log": late}, [join])) == ["test.rule"]


def test_sequence_without_timestamps_uses_file_order(tmp_path: Path) -> None:
    setup = rule({"type": "sequence", "regex": "Session: start", "expect": "ICE connected", "window_s": 10})
    answered = ["(a.cc:1): Session: start", "(b.cc:2): ICE connected"]
    unanswered = ["(b.cc:2): ICE connected", "(a.cc:1): Session: start", "(c.cc:3): teardown"]
    overrides = {"webrtc.log": "libwebrtc"}
    assert analyse(tmp_path / "a", {"webrtc.log": answered}, [setup], overrides) == []
    found = analyse(tmp_path / "b", {"webrtc.log": unanswered}, [setup], overrides)
    assert [e["line"] for e in found[0]["evidence"]] == [2]


def test_sequence_counts_a_call_traced_twice_once(tmp_path: Path) -> None:
    join = rule({"type": "sequence", "regex": "joinChannel", "expect": "JOIN_OK", "window_s": 10})
    lines = [agora("10:00:00:000", "(1): joinChannel(...)", "U"), agora("10:00:00:001", "(2):   joinChannel", "A"),
             agora("10:00:30:000", "tick")]
    found = analyse(tmp_path, {"agorasdk.log": lines}, [join])
    assert found[0]["title"] == "Test rule" and len(found[0]["evidence"]) == 1


def test_bundle_scope_sequence_finds_the_answer_in_another_file(tmp_path: Path) -> None:
    join = rule({"type": "sequence", "regex": "joinChannel", "expect": "JOIN_OK", "window_s": 10, "scope": "bundle"})
    files = {"agorasdk.log": [agora("10:00:00:000", "joinChannel"), agora("10:00:30:000", "tick")],
             "other.log": [agora("10:00:02:000", "JOIN_OK")]}
    assert analyse(tmp_path, files, [join]) == []


def test_unless_and_requires_in_file_and_bundle_scope(tmp_path: Path) -> None:
    failed = "(peer_connection.cc:4698): Changing IceConnectionState 1 => 4"
    relay = "(conductor.cc:333): candidate 1 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0"
    no_relay = rule({"type": "line", "regex": "IceConnectionState \\d => 4", "unless": "typ relay", "scope": "bundle"})
    with_relay = rule({"type": "line", "regex": "IceConnectionState \\d => 4", "requires": "typ relay"}, id="test.two")
    overrides = {"a.log": "libwebrtc", "b.log": "libwebrtc"}
    alone = analyse(tmp_path / "a", {"a.log": [failed], "b.log": ["(x.cc:1): hello"]}, [no_relay, with_relay],
                    overrides)
    assert ids(alone) == ["test.rule"]
    split = analyse(tmp_path / "b", {"a.log": [failed], "b.log": [relay]}, [no_relay, with_relay], overrides)
    assert split == [], "bundle-scope unless sees the relay in b.log; file-scope requires does not"


def test_absence_in_bundle_scope_needs_the_trigger(tmp_path: Path) -> None:
    no_join = rule({"type": "absence", "regex": "initialize", "expect": "joinChannel", "scope": "bundle"})
    started = analyse(tmp_path / "a", {"agoraapi.log": [agora("10:00:00:000", "RtcEngine::initialize()", "U")]},
                      [no_join])
    assert ids(started) == ["test.rule"] and started[0]["evidence"][0]["line"] == 1
    idle = analyse(tmp_path / "b", {"agoraapi.log": [agora("10:00:00:000", "something else")]}, [no_join])
    assert idle == []


def test_min_level_keeps_only_severe_lines(tmp_path: Path) -> None:
    errors = rule({"type": "line", "regex": "device error", "min_level": "error"})
    lines = [agora("10:00:00:000", "device error at info"), agora("10:00:01:000", "device error at error", "E")]
    found = analyse(tmp_path, {"agorasdk.log": lines}, [errors])
    assert [e["line"] for e in found[0]["evidence"]] == [2]


def test_vendor_rules_apply_to_their_own_logs_and_to_platform_logs(tmp_path: Path) -> None:
    agora_rule = rule({"type": "line", "regex": "MAGIC_WORD"}, vendor="agora")
    jitsi_line = "JVB 2024-04-22 21:59:07.659 WARNING: [20] MAGIC_WORD"
    assert analyse(tmp_path / "a", {"jvb.log": [jitsi_line]}, [agora_rule]) == []
    logcat = "03-02 09:15:06.101  4716  4790 W agora-jni: MAGIC_WORD"
    assert ids(analyse(tmp_path / "b", {"logcat.txt": [logcat]}, [agora_rule])) == ["test.rule"]
    sdk_and_logcat = {"agorasdk.log": [agora("09:15:00:000", "[AGS]: Agora SDK ver 4.3.0 build 1")],
                      "logcat.txt": [logcat]}
    assert ids(analyse(tmp_path / "c", sdk_and_logcat, [agora_rule])) == ["test.rule"]
    twilio_rule = rule({"type": "line", "regex": "MAGIC_WORD"}, vendor="twilio")
    assert analyse(tmp_path / "d", sdk_and_logcat, [twilio_rule]) == [], "the bundle is about Agora"


def test_format_restricted_rule(tmp_path: Path) -> None:
    iris_only = rule({"type": "line", "regex": "MAGIC_WORD"}, vendor="agora", formats=["agora-iris"])
    assert analyse(tmp_path, {"agorasdk.log": [agora("10:00:00:000", "MAGIC_WORD")]}, [iris_only]) == []


def test_findings_follow_the_json_contract_and_are_sorted(tmp_path: Path) -> None:
    lines = [agora("10:00:00:000", "[CONN-0][CM]: connection state changed from 2 to 5 caused by reason[6]"),
             agora("10:00:01:000", "[CONN-0][CM]: connection state changed from 3 to 4 caused by reason[2]"),
             agora("10:00:02:000", "[CHP] network quality poor: uid 0 txQuality 5 rxQuality 5", "W"),
             agora("10:00:03:000", "x" * 500)]
    findings = analyse(tmp_path, {"agorasdk.log": lines})
    assert findings
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert finding["layer"] in LAYERS and finding["severity"] in SEVERITIES
        for entry in finding["evidence"]:
            assert set(entry) == {"file", "line", "text"} and entry["line"] >= 1 and len(entry["text"]) <= 300
    order = [(SEVERITIES.index(f["severity"]), LAYERS.index(f["layer"])) for f in findings]
    assert order == sorted(order)
    json.dumps(findings)  # plain JSON data


def test_cancel_stops_the_run(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "agorasdk.log").write_text(agora("10:00:00:000", "hello") + "\n")
    with open_bundle(folder) as bundle, parse_bundle_logs(bundle) as logs, pytest.raises(Cancelled):
        run_rules(bundle, logs, cancel=token)


def test_progress_reports_every_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    folder = tmp_path / "b"
    folder.mkdir()
    for name in ("a.log", "b.log"):
        (folder / name).write_text(agora("10:00:00:000", "hello") + "\n")
    with open_bundle(folder) as bundle, parse_bundle_logs(bundle) as logs:
        run_rules(bundle, logs, progress=lambda done, total, note: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == 2


def test_unreadable_and_rotated_logs_are_bundle_findings(tmp_path: Path) -> None:
    noise = bytes(range(256)) * 64
    files = {"logs/agorasdk.1.log": [agora("10:00:00:000", "hello")],
             "logs/agorasdk.2.log": [agora("10:01:00:000", "x")],
             "zego/zegoavlog3.txt": [agora("10:00:00:000", "z")], "logs/encrypted.log": noise}
    found = {f["id"]: f for f in analyse(tmp_path, files)}
    assert found["bundle.unreadable_log"]["evidence"][0]["file"] == "logs/encrypted.log"
    texts = " | ".join(e["text"] for e in found["bundle.missing_rotation"]["evidence"])
    assert "agorasdk.log missing" in texts and "zegoavlog1.txt, zegoavlog2.txt missing" in texts


def test_lost_xlog_blocks_and_damaged_archives_are_bundle_findings(tmp_path: Path) -> None:
    from workbench.core.samples import write_sample
    from workbench.core.samples.xlog import trtc_lines, write_xlog

    folder = tmp_path / "xlog"
    folder.mkdir()
    write_xlog(folder / "LiteAV_C_20240302.xlog", trtc_lines(400, seed=3), drop_blocks={2, 3}, encrypted_blocks={5})
    found = {f["id"]: f for f in analyse(folder, {})}
    texts = " | ".join(e["text"] for e in found["bundle.lost_blocks"]["evidence"])
    assert "missing" in texts and "encrypted" in texts
    for fault in ("truncated-zip", "nested-bomb"):
        with open_bundle(write_sample(fault, tmp_path / fault)) as bundle, parse_bundle_logs(bundle) as logs:
            assert "bundle.cut_archive" in ids(run_rules(bundle, logs)), fault


def test_incident_outside_the_logs_is_a_bundle_finding(tmp_path: Path) -> None:
    log = [agora("09:15:00:000", "[AGS]: Agora SDK ver 4.3.0 build 1"), agora("09:25:00:000", "bye")]
    covered = analyse(tmp_path / "a", {"agorasdk.log": log, "note.txt": ["Hi", "It broke at 2024-03-02 09:20"]})
    assert "bundle.incident_not_covered" not in ids(covered)
    later = analyse(tmp_path / "b", {"agorasdk.log": log, "note.txt": ["It broke at 2024-03-02 11:40 (UTC+8)"]})
    finding = next(f for f in later if f["id"] == "bundle.incident_not_covered")
    assert finding["evidence"][0]["file"] == "note.txt" and "09:15" in finding["evidence"][0]["text"]


def test_parse_incident_reads_common_forms() -> None:
    assert str(parse_incident("2024-03-02 09:20 (UTC+8)")) == "2024-03-02 09:20:00"
    assert str(parse_incident("2024/3/2 9:05:07")) == "2024-03-02 09:05:07"
    assert parse_incident("yesterday afternoon") is None


def test_scan_answers_every_pattern_with_sorted_rows() -> None:
    lines = pl.Series("line", ["a token expired", "nothing", "Token expired here", "reason[9] x", "token expired"])
    rows = scan_lines(lines, [r"[Tt]oken expired", r"reason\[9\]", r"(?i)TOKEN EXPIRED"], exists={r"reason\[9\]"})
    assert rows[r"[Tt]oken expired"].tolist() == [0, 2, 4]
    assert rows[r"(?i)TOKEN EXPIRED"].tolist() == [0, 2, 4]
    assert rows[r"reason\[9\]"].tolist() == [3]


@settings(max_examples=200, deadline=None)
@given(prefix=st.text(max_size=20), middle=st.sampled_from(["Ice", "ICE", "ice", "iCe"]),
       suffix=st.text(max_size=20), gap=st.sampled_from(["", " "]))
def test_needles_never_lose_a_matching_line(prefix: str, middle: str, suffix: str, gap: str) -> None:
    """Soundness: any line the regex matches contains a needle (case-insensitive regexes included)."""
    for pattern in (r"[Ii][Cc][Ee] ?[Cc]onnection ?[Ss]tate[^\n]{0,40}\bfailed\b", r"(?i)ice ?connection failed"):
        line = f"{prefix}{middle}{gap}Connection{gap}State: failed {suffix}"
        if re.search(pattern, line):
            assert any(n in line for n in needles_of(pattern))
