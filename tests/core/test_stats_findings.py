"""Findings from stats dumps: every rule of resources/rules/stats.json on its example, a clean call, the corpus."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.stats import load_dump
from workbench.core.stats.findings import stats_findings
from workbench.core.stats.model import StatsDump
from workbench.core.stats.rules import FIX_TYPES, LAYERS, SEVERITIES, load_rules, rules_path
from workbench.core.stats.synthetic import Scenario
from workbench.core.stats.writers import internals_json, rtcstats_text

XUYU = "internals-xuyu130-p2p/webrtc_internals_dump.txt"
GUILO = "internals-guilospanck/webrtc_internals_dump.txt"
LEGACY = "internals-andreiden-legacy/webrtc_internals_dump.txt"
CONNECTED = [(0.40, "checking"), (0.48, "connected")]
NEVER = [(0.40, "checking"), (25.0, "failed")]
V6_ERROR = {"url": "stun:stun.example.net:3478", "address": "[0:0:0:x:x:x:x:x]", "port": 54401,
            "error_text": "STUN host lookup received error.", "error_code": 701}


def _timeout(url: str) -> dict[str, object]:
    return {"url": url, "address": "192.168.1.x", "port": 54400, "error_text": "STUN allocate request timed out.",
            "error_code": 701}


# One example call per rule: each must fire its rule (the set must match the rules file).
EXAMPLES = {
    "stats.ice_failed": Scenario(states=[*CONNECTED, (20.1, "disconnected"), (25.2, "failed")], media_stop=20),
    "stats.ice_recovered": Scenario(states=[*CONNECTED, (12.0, "disconnected"), (14.5, "connected")]),
    "stats.no_srflx_relay": Scenario(local_types=("host",)),
    "stats.turn_no_relay": Scenario(local_types=("host", "srflx")),
    "stats.ice_server_errors_benign": Scenario(ice_errors=[V6_ERROR]),
    "stats.ice_servers_unreachable": Scenario(states=NEVER, local_types=("host",), media_stop=0, ice_errors=[
        _timeout("turn:turn.example.net:3478?transport=udp"), _timeout("turns:turn.example.net:443?transport=tcp"),
        _timeout("stun:stun.example.net:3478")]),
    "stats.ice_server_rejected": Scenario(local_types=("host", "srflx"), ice_errors=[
        {"url": "turn:turn.example.net:3478?transport=udp", "address": "192.168.1.x", "port": 54400,
         "error_text": "Unauthorized", "error_code": 401}]),
    "stats.bandwidth_limited": Scenario(limitation="bandwidth", limited_from=5),
    "stats.cpu_limited": Scenario(limitation="cpu", limited_from=10),
    "stats.sustained_loss": Scenario(loss_pct=12),
    "stats.high_rtt": Scenario(rtt_ms=450),
    "stats.high_jitter": Scenario(jitter_ms=60),
    "stats.pli_storm": Scenario(pli_per_s=3),
    "stats.video_freezes": Scenario(freezes=3),
    "stats.gum_error": Scenario(gum_error="NotReadableError"),
}


def _dump(tmp_path: Path, sc: Scenario, rtcstats: bool = False) -> StatsDump:
    path = tmp_path / ("call.jsonl" if rtcstats else "call.txt")
    path.write_text(rtcstats_text(sc) if rtcstats else internals_json(sc), encoding="utf-8")
    return load_dump(path)


def _ids(findings: list[dict]) -> list[str]:
    return [f["id"] for f in findings]


def _by_id(findings: list[dict], rule_id: str) -> dict:
    return next(f for f in findings if f["id"] == rule_id)


def test_rules_file_is_valid_and_complete() -> None:
    rules = load_rules()
    assert set(rules) == set(EXAMPLES)  # a new rule needs an example here
    for rule in rules.values():
        assert rule["layer"] in LAYERS and rule["severity"] in SEVERITIES and rule["fix_type"] in FIX_TYPES


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
@pytest.mark.parametrize("rtcstats", [False, True])
def test_each_rule_fires_on_its_example(tmp_path: Path, rule_id: str, rtcstats: bool) -> None:
    findings = stats_findings(_dump(tmp_path, EXAMPLES[rule_id], rtcstats), "bundle/call.txt")
    assert rule_id in _ids(findings)
    found = _by_id(findings, rule_id)
    assert set(found) == {"id", "layer", "severity", "title", "evidence", "fix_type", "advice", "kb"}
    assert "{" not in found["title"] and found["evidence"]
    lines = (tmp_path / ("call.jsonl" if rtcstats else "call.txt")).read_text(encoding="utf-8").splitlines()
    for item in found["evidence"]:
        assert item["file"] == "bundle/call.txt" and 1 <= item["line"] <= len(lines)


@pytest.mark.parametrize("rtcstats", [False, True])
def test_clean_call_has_no_findings(tmp_path: Path, rtcstats: bool) -> None:
    assert stats_findings(_dump(tmp_path, Scenario(), rtcstats), "call.txt") == []


def test_thresholds_come_from_the_rules(tmp_path: Path) -> None:
    rules = copy.deepcopy(load_rules())
    dump = _dump(tmp_path, Scenario(loss_pct=12))
    assert "stats.sustained_loss" in _ids(stats_findings(dump, "x", rules))
    rules["stats.sustained_loss"]["threshold"] = 15
    assert "stats.sustained_loss" not in _ids(stats_findings(dump, "x", rules))
    rules["stats.sustained_loss"].update(threshold=5, min_consecutive=40)  # longer than the call
    assert "stats.sustained_loss" not in _ids(stats_findings(dump, "x", rules))


def test_bad_rules_file_is_reported(tmp_path: Path) -> None:
    raw = json.loads(rules_path().read_text(encoding="utf-8"))
    raw["rules"]["stats.high_rtt"]["layer"] = "weather"
    path = tmp_path / "stats.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(WorkbenchError, match="layer 'weather'"):
        load_rules(path)


def test_ice_failed_with_times(tmp_path: Path) -> None:
    sc = EXAMPLES["stats.ice_failed"]
    found = _by_id(stats_findings(_dump(tmp_path, sc), "x"), "stats.ice_failed")
    assert found["severity"] == "error" and found["layer"] == "network"
    assert "at 10:41:32 UTC" in found["title"] and "disconnected since 10:41:27 UTC" in found["title"]
    lines = (tmp_path / "call.txt").read_text(encoding="utf-8").splitlines()
    assert '"oniceconnectionstatechange"' in lines[found["evidence"][0]["line"] - 1]
    never = _by_id(stats_findings(_dump(tmp_path, Scenario(states=NEVER, media_stop=0)), "x"), "stats.ice_failed")
    assert never["severity"] == "critical"


def test_no_relay_with_turn_configured(tmp_path: Path) -> None:
    connected = _by_id(stats_findings(_dump(tmp_path, EXAMPLES["stats.no_srflx_relay"]), "x"), "stats.no_srflx_relay")
    assert connected["severity"] == "warning" and "STUN/TURN servers are configured" in connected["title"]
    failed = Scenario(states=NEVER, media_stop=0, local_types=("host",))
    assert _by_id(stats_findings(_dump(tmp_path, failed), "x"), "stats.no_srflx_relay")["severity"] == "error"
    assert "stats.turn_no_relay" not in _ids(stats_findings(_dump(tmp_path, failed), "x"))


def test_server_errors_benign_versus_unreachable(tmp_path: Path) -> None:
    benign = stats_findings(_dump(tmp_path, EXAMPLES["stats.ice_server_errors_benign"]), "x")
    assert _ids(benign) == ["stats.ice_server_errors_benign"]
    assert _by_id(benign, "stats.ice_server_errors_benign")["severity"] == "info"
    unreachable = stats_findings(_dump(tmp_path, EXAMPLES["stats.ice_servers_unreachable"]), "x")
    assert _by_id(unreachable, "stats.ice_servers_unreachable")["severity"] == "error"
    assert "stats.ice_server_errors_benign" not in _ids(unreachable)
    partial = Scenario(states=NEVER, media_stop=0, local_types=("host",), ice_errors=[V6_ERROR])
    assert _by_id(stats_findings(_dump(tmp_path, partial), "x"), "stats.ice_servers_unreachable")["severity"] == \
        "warning"


def test_sustained_loss_evidence(tmp_path: Path) -> None:
    found = _by_id(stats_findings(_dump(tmp_path, Scenario(loss_pct=12), rtcstats=True), "x"), "stats.sustained_loss")
    assert "peak 12.0 %" in found["title"]
    lines = (tmp_path / "call.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(lines[item["line"] - 1].startswith('["getStats"') for item in found["evidence"])


def test_short_loss_burst_is_not_sustained(tmp_path: Path) -> None:
    burst = Scenario(loss_pct=12, seconds=4)  # fewer consecutive samples than the rule asks for
    assert "stats.sustained_loss" not in _ids(stats_findings(_dump(tmp_path, burst), "x"))


def test_gum_not_readable_names_the_device(tmp_path: Path) -> None:
    for rtcstats in (False, True):
        found = _by_id(stats_findings(_dump(tmp_path, EXAMPLES["stats.gum_error"], rtcstats), "x"), "stats.gum_error")
        assert found["layer"] == "device" and found["fix_type"] == "user" and found["severity"] == "error"
        assert "NotReadableError" in found["title"] and "Integrated Webcam (0bda:5521)" in found["title"]
        assert "Microphone" not in found["title"]  # only the camera failed
        assert "close other apps" in found["advice"]


def test_overconstrained_is_a_code_fix(tmp_path: Path) -> None:
    found = _by_id(stats_findings(_dump(tmp_path, Scenario(gum_error="OverconstrainedError")), "x"), "stats.gum_error")
    assert found["fix_type"] == "code"


# --- the corpus --------------------------------------------------------------------------------------

def test_xuyu130_findings(corpus: Path) -> None:
    findings = stats_findings(load_dump(corpus / XUYU), "case/webrtc_internals_dump.txt")
    benign = [f for f in findings if f["id"] == "stats.ice_server_errors_benign"]
    assert len(benign) == 2 and all(f["severity"] == "info" for f in benign)  # the 701s are benign
    assert not {"stats.ice_servers_unreachable", "stats.ice_failed", "stats.ice_server_rejected"} & set(_ids(findings))
    limited = [f for f in findings if f["id"] == "stats.bandwidth_limited"]
    assert len(limited) == 1 and "17 of 18 samples" in limited[0]["title"]
    lines = (corpus / XUYU).read_text(encoding="utf-8").splitlines()
    assert '"onicecandidateerror"' in lines[benign[0]["evidence"][0]["line"] - 1]
    assert "OT01V4059607022-qualityLimitationReason" in lines[limited[0]["evidence"][0]["line"] - 1]


def test_legacy_701_timeouts_are_benign(corpus: Path) -> None:
    findings = stats_findings(load_dump(corpus / LEGACY), "x")
    benign = [f for f in findings if f["id"] == "stats.ice_server_errors_benign"]
    assert len(benign) == 2 and all("6 STUN/TURN error(s)" in f["title"] for f in benign)
    assert "stats.ice_servers_unreachable" not in _ids(findings) and "stats.no_srflx_relay" not in _ids(findings)


def test_guilospanck_turn_never_used(corpus: Path) -> None:
    findings = stats_findings(load_dump(corpus / GUILO), "x")
    assert _ids(findings).count("stats.no_srflx_relay") == 2
    assert all(f["severity"] == "warning" for f in findings)  # both calls connected over host candidates
