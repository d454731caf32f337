"""A full scenario: an Agora Android bundle with a reconnect loop and then a token expiry.

The bundle is generated here (the shared sample generators have no token-expiry case) with the real
Agora 4.x line shapes; the test follows it through the whole diagnosis: findings with the right
evidence lines, the checklist pre-filled, the missing-information request and the priority.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.checklist import build_checklist, confirm, from_json, to_json
from workbench.core.knowledge import articles_for, version_findings
from workbench.core.logs.bundle_logs import parse_bundle_logs
from workbench.core.missing import missing_info
from workbench.core.priority import suggest_priority
from workbench.core.rules import run_rules
from workbench.core.samples.agora_text import API_TID, ENGINE, MAIN_TID, NET_TID, join_call
from workbench.core.samples.base import lf, write_zip
from workbench.core.samples.logs import agora_line

START = datetime(2024, 3, 2, 9, 15, 2, 118000)
CM = "[CONN-0][CM]: connection state changed from {} to {} caused by reason[{}]"


@dataclass
class AgoraLog:
    """An agorasdk.log being written, remembering the 1-based line of every scripted event."""

    now: datetime = START
    lines: list[str] = field(default_factory=list)
    marks: dict[str, list[int]] = field(default_factory=dict)

    def add(self, seconds: float, tid: int, level: str, msg: str, mark: str = "") -> None:
        self.now += timedelta(seconds=seconds)
        self.lines.append(agora_line(self.now, tid, level, msg))
        if mark:
            self.marks.setdefault(mark, []).append(len(self.lines))

    def routine(self, count: int, step: float = 1.5) -> None:
        for n in range(count):
            self.add(step, NET_TID, "I", f"[vos] keep alive ack from 47.74.161.20:4001, rtt {40 + n % 30}ms")


def _call() -> AgoraLog:
    log = AgoraLog()
    log.add(0, MAIN_TID, "I", "[AGS]: Agora SDK ver 4.3.0 build 10021")
    log.add(0.1, MAIN_TID, "W", "[CommonUtility] fail to fillWifiInfo, permission ACCESS_WIFI_STATE not granted")
    log.add(0.4, API_TID, "U", f"(00000042): {join_call('team-standup', 4242)}", "join")
    log.add(0.1, MAIN_TID, "I", CM.format(1, 2, 0))
    log.add(0.3, MAIN_TID, "I", CM.format(2, 3, 1), "joined")
    log.routine(40)
    for cycle in range(5):  # a reconnect loop: five drops in well under a minute
        log.add(2.0, MAIN_TID, "I", CM.format(3, 4, 2 if cycle % 2 else 14), "drop")
        log.add(3.0, MAIN_TID, "I", CM.format(4, 3, 15))
        log.routine(2)
    log.routine(600, step=5.0)
    log.add(2.0, MAIN_TID, "I", "[AGS][cb] onTokenPrivilegeWillExpire token 007eJxTYPgWc2pFq3", "will_expire")
    log.routine(20)
    log.add(1.0, MAIN_TID, "I", CM.format(3, 5, 9), "expired")
    log.add(0.2, MAIN_TID, "W", "[AGS][cb] onConnectionStateChanged state 5 (FAILED) reason 9 (TOKEN_EXPIRED)",
            "expired")
    log.add(0.5, API_TID, "U", f"(00000312): RtcEngine::leaveChannel({ENGINE})")
    log.add(0.1, MAIN_TID, "I", "[log_stat_count] request: 2400, should: 720, lost: 0")
    return log


def write_token_expiry_bundle(folder: Path) -> tuple[Path, AgoraLog]:
    """``token-expiry.zip``: SDK log, API trace, device info without network type, and a note."""
    log = _call()
    joined_at = START + timedelta(seconds=0.5)
    api = [agora_line(START, API_TID, "U", f'(00000001): RtcEngine::initialize({ENGINE}, {{"appId":"3f1c****8e05"}})'),
           agora_line(joined_at, API_TID, "U", f"(00000042): {join_call('team-standup', 4242)}")]
    device = {"device_model": "Galaxy S23", "os": "Android", "os_version": "14", "sdk_vendor": "agora",
              "sdk_version": "4.3.0", "channel": "team-standup", "uid": "4242"}
    incident = log.now - timedelta(seconds=20)
    note = (f"Hello, all our users get dropped from the call after a while, and before that the call keeps "
            f"reconnecting. Last time at {incident:%Y-%m-%d %H:%M} on my Galaxy S23.\n")
    path = folder / "token-expiry.zip"
    folder.mkdir(parents=True, exist_ok=True)
    write_zip(path, [("logs/agorasdk.log", lf(log.lines)), ("logs/agoraapi.log", lf(api)),
                     ("device_info.json", json.dumps(device, indent=2).encode()), ("note.txt", note.encode())])
    return path, log


@pytest.fixture
def scenario(tmp_path: Path):
    path, log = write_token_expiry_bundle(tmp_path)
    with open_bundle(path) as bundle, parse_bundle_logs(bundle) as logs:
        findings = run_rules(bundle, logs) + version_findings(bundle.environment)
        yield bundle, findings, log


def _lines(finding: dict) -> list[int]:
    return [e["line"] for e in finding["evidence"] if e["file"] == "logs/agorasdk.log"]


def test_findings_name_the_token_and_the_reconnect_loop(scenario) -> None:
    _bundle, findings, log = scenario
    found = {f["id"]: f for f in findings}
    expired = found["agora.token_expired"]
    assert expired["layer"] == "server" and expired["fix_type"] == "code"
    assert _lines(expired) == log.marks["expired"]
    not_renewed = found["agora.token_not_renewed"]
    assert _lines(not_renewed) == log.marks["will_expire"]
    loop = found["agora.reconnect_loop"]
    assert loop["layer"] == "network" and loop["severity"] == "error"
    assert _lines(loop) == log.marks["drop"][:4] and "(5×)" in loop["title"]
    assert _lines(found["agora.connection_interrupted"]) == log.marks["drop"][:3]
    assert "agora.join_no_success" not in found, "the join was answered by a connected state"
    assert not [f for f in findings if f["layer"] == "bundle"], "complete, readable logs covering the incident"
    assert not any(f["id"].startswith("kb.upgrade") for f in findings), "4.3.0 is current"
    assert [a.id for a in articles_for(expired)] == ["agora-token"]


def test_checklist_is_prefilled_from_the_findings(scenario) -> None:
    bundle, findings, _log = scenario
    items = {i.id: i for i in build_checklist(findings, bundle)}
    assert items["root.server.auth"].status == "evidence"
    assert {e["finding"] for e in items["root.server.auth"].evidence} == {"agora.token_expired",
                                                                       "agora.token_not_renewed"}
    assert items["root.network.stability"].status == "evidence"
    assert "Repeated reconnecting" in items["root.network.stability"].answer
    assert items["root.device.permissions"].status == "no_evidence"
    assert items["reproduce.network"].status == "not_checked"
    assert items["identify.environment"].status == "evidence" and "Galaxy S23" in items["identify.environment"].answer
    assert "Agora token expired" in items["solution.code"].answer
    retest = items["verify.retest"].answer
    assert "server:" in retest and "network:" in retest
    confirm(list(items.values()), "root.server.auth", "token server TTL is 1 h and the app never renews")
    again = {i.id: i for i in from_json(to_json(list(items.values())))}
    assert again["root.server.auth"].decision == "confirmed" and again["root.server.auth"].note


def test_missing_info_asks_only_for_what_is_absent(scenario) -> None:
    bundle, _findings, _log = scenario
    assert [m["field"] for m in missing_info(bundle)] == ["network_type"]


def test_priority_is_a_p0_candidate(scenario) -> None:
    bundle, findings, _log = scenario
    suggestion = suggest_priority(findings, bundle)
    assert suggestion["priority"] == "P0"
    assert "all our users" in suggestion["reason"]
