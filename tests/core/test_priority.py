"""Priority suggestions from findings and the customer's note."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.bundle import open_bundle
from workbench.core.priority import PRIORITIES, suggest_priority


def _finding(fid: str, severity: str) -> dict:
    return {"id": fid, "layer": "server", "severity": severity, "title": fid, "evidence": [], "fix_type": "config",
            "advice": "", "kb": []}


def _suggest(tmp_path: Path, note: str | None, findings: list[dict]) -> dict:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "agorasdk.log").write_text("[03/02/24 09:15:02:118][2231][I]:hello\n")
    if note is not None:
        (folder / "note.txt").write_text(note, encoding="utf-8")
    with open_bundle(folder) as bundle:
        return suggest_priority(findings, bundle)


ERROR = [_finding("agora.token_expired", "error")]


@pytest.mark.parametrize(("note", "findings", "expected"), [
    ("All our users cannot join since 9:00, production is down.", ERROR, "P0"),
    ("所有用户都无法加入频道", ERROR, "P0"),
    ("Several users hear echo in calls.", ERROR, "P1"),
    ("Only one user on one device (a Galaxy A10) has no audio.", ERROR, "P2"),
    ("How do I enable the cloud proxy? Just a question.", [], "P3"),
    ("请问如何开启云代理？", [], "P3"),
    ("Everyone is affected but there is a workaround: rejoining works.", ERROR, "P1"),
    (None, [_finding("agora.invalid_app_id", "critical")], "P0"),
    (None, [_finding("agora.something", "critical")], "P1"),
    (None, ERROR, "P2"),
    (None, [_finding("agora.poor_network_quality", "warning")], "P3"),
    ("How to fix this? The call fails.", [_finding("x", "critical")], "P1"),
])
def test_suggestions(tmp_path: Path, note: str | None, findings: list[dict], expected: str) -> None:
    suggestion = _suggest(tmp_path, note, findings)
    assert suggestion["priority"] == expected, suggestion
    assert suggestion["priority"] in PRIORITIES and suggestion["reason"]


def test_reason_names_the_note_and_the_finding(tmp_path: Path) -> None:
    suggestion = _suggest(tmp_path, "Several users cannot hear each other.", ERROR)
    assert "note.txt" in suggestion["reason"] and "agora.token_expired" in suggestion["reason"]
