"""The checklist resources (steps reachable, items valid) and its operations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.checklist import (
    STATUSES,
    ChecklistError,
    annotate,
    attach,
    build_checklist,
    confirm,
    from_json,
    load_checklist,
    reject,
    to_json,
)
from workbench.core.checklist.model import checklist_dir
from workbench.core.rules import load_rules

STEPS = ["identify", "reproduce", "root_cause", "solution", "verification"]


def _finding(fid: str, layer: str, severity: str = "error", fix: str = "config") -> dict:
    return {"id": fid, "layer": layer, "severity": severity, "title": f"title of {fid}", "fix_type": fix,
            "advice": "a", "kb": [], "evidence": [{"file": "agorasdk.log", "line": 7, "text": "evidence line"}]}


@pytest.fixture
def bundle(tmp_path: Path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "agorasdk.log").write_text("[03/02/24 09:15:02:118][2231][I]:[AGS]: Agora SDK ver 4.3.0 build 1\n")
    with open_bundle(folder) as opened:
        yield opened


def test_every_step_is_reachable_and_has_questions() -> None:
    checklist = load_checklist()
    assert checklist.step_order() == STEPS
    for step in STEPS:
        assert [q for q in checklist.questions if q.step == step], step
    for layer in ("network", "codec", "device", "server"):
        assert [q for q in checklist.questions if q.step == "root_cause" and q.layer == layer], layer


def test_every_checklist_file_loads_and_item_ids_are_unique() -> None:
    files = sorted(checklist_dir().glob("*.json"))
    assert len(files) >= 6
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    ids = [q.id for q in load_checklist().questions]
    assert len(ids) == len(set(ids))


def test_every_shipped_rule_is_answered_by_some_root_cause_question() -> None:
    """A finding nobody's question picks up would never reach the checklist."""
    from workbench.core.checklist.build import _selected

    questions = [q for q in load_checklist().questions if q.step in ("identify", "root_cause")]
    for rule in load_rules(local=False):
        if rule.matcher.type == "benign":
            continue
        finding = _finding(rule.id, rule.layer, rule.severity, rule.fix_type)
        assert any(_selected(q, finding) for q in questions), rule.id


def test_prefill_statuses(bundle) -> None:
    findings = [_finding("agora.token_expired", "server", fix="code"), _finding("webrtc.ice_connected", "network",
                                                                               "info", "ask")]
    items = {i.id: i for i in build_checklist(findings, bundle)}
    assert all(i.status in STATUSES for i in items.values())
    auth = items["root.server.auth"]
    assert auth.status == "evidence" and auth.evidence[0] == {"file": "agorasdk.log", "line": 7,
                                                              "text": "evidence line", "finding": "agora.token_expired"}
    assert items["root.network.reachability"].status == "evidence"
    assert items["root.codec.encoding"].status == "no_evidence"
    assert items["identify.scope"].status == "not_checked"
    assert "sdk_version: 4.3.0" in items["identify.environment"].answer
    assert items["solution.code"].status == "evidence" and items["solution.upgrade"].status == "no_evidence"
    assert items["verify.retest"].answer.startswith("server:")
    assert "ask:" in items["solution.ask"].answer  # the missing-information request is part of the answer


def test_nothing_to_analyse_means_not_checked(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "note.txt").write_text("Hi, the call drops. Thanks\n")
    with open_bundle(folder) as opened:
        items = {i.id: i for i in build_checklist([], opened)}
    assert items["root.network.stability"].status == "not_checked"


def test_operations_and_json_round_trip(bundle) -> None:
    items = build_checklist([_finding("agora.token_expired", "server", fix="code")], bundle)
    confirm(items, "root.server.auth", "confirmed with the customer's token server")
    reject(items, "root.network.reachability")
    annotate(items, "identify.scope", "only users in one office")
    attach(items, "root.device.audio", {"file": "logcat.txt", "line": 12, "text": "AudioTrack underrun"})
    restored = {i.id: i for i in from_json(to_json(items))}
    assert restored["root.server.auth"].decision == "confirmed"
    assert restored["root.network.reachability"].decision == "rejected"
    assert restored["identify.scope"].note == "only users in one office"
    assert restored["root.device.audio"].status == "evidence"
    assert restored["root.device.audio"].evidence[-1]["marked"] is True
    assert from_json(to_json(items)) == items
    with pytest.raises(KeyError):
        confirm(items, "no.such.item")


def test_a_bad_checklist_file_names_itself(tmp_path: Path) -> None:
    from workbench.core.checklist.model import _load

    (tmp_path / "flow.json").write_text(json.dumps({"start": "identify", "steps": [{"id": "identify", "title": "I"}]}))
    (tmp_path / "extra.json").write_text(json.dumps({"step": "nowhere", "items": []}))
    with pytest.raises(ChecklistError, match=r"extra\.json"):
        _load(str(tmp_path))
