"""`workbench case …` end to end: new, list, show, event, templates, draft, and clear errors.

Most tests run the commands in-process through ``add_case_parser``/``run_case_command``; one runs
the real ``python -m workbench case`` once the top-level CLI wires the command in.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.cases.cli import add_case_parser, run_case_command
from workbench.core.errors import WorkbenchError
from workbench.core.samples import write_sample

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("007eJxTYPgWc2pFq3Lt8wq1Nb", "47.74.161.20", "3f1c9a7e5b2d48c0a6e19f7b2c4d8e05")


def case_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``workbench case ARGV`` in-process; returns what it printed on stdout."""
    parser = argparse.ArgumentParser(prog="workbench")
    add_case_parser(parser.add_subparsers(dest="command"))
    capsys.readouterr()
    assert run_case_command(parser.parse_args(["case", *argv])) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample("android-agora", tmp_path_factory.mktemp("bundle"))


def test_a_case_from_new_to_draft(capsys: pytest.CaptureFixture[str], bundle: Path, _private_home: Path) -> None:
    out = case_cli(capsys, "new", str(bundle), "--customer", "Example Corp", "--priority", "P1", "--channel",
                   "ticket", "--received", "2024-03-02T09:20+08:00")
    case_id = out.strip()
    assert case_id == "1"
    assert (_private_home / "data" / "cases" / "1" / "bundle" / bundle.name).is_file()
    case_cli(capsys, "event", case_id, "--kind", "internal_note", "--at", "2024-03-02T09:30+08:00", "--text", "weak")
    shown = json.loads(case_cli(capsys, "show", case_id, "--json", "--now", "2024-03-02T10:00+08:00"))
    first = next(c for c in shown["clocks"] if c["kind"] == "first_response")
    assert first["state"] == "ok" and first["due"] == "2024-03-02T03:20:00.000Z"  # 2 h calendar, note ignored
    assert first["elapsed_s"] == 40 * 60 and first["remaining_s"] == 80 * 60 and first["paused"] is False
    assert shown["case"]["product"] == "agora 4.3.0" and shown["bundle"]["ok"] is True
    assert [e["kind"] for e in shown["events"]] == ["created", "internal_note"]
    assert isinstance(shown["findings"], list) and shown["missing_info"] == []
    printed = case_cli(capsys, "event", case_id, "--kind", "public_reply", "--at", "2024-03-02T10:05+08:00",
                       "--text", "on it")
    assert "public_reply" in printed and "new → open" in printed
    case_cli(capsys, "event", case_id, "--kind", "status", "--status", "waiting_on_customer",
             "--at", "2024-03-02T10:06+08:00")
    shown = json.loads(case_cli(capsys, "show", case_id, "--json", "--now", "2024-03-02T11:00+08:00"))
    states = {c["kind"]: (c["state"], c["paused"]) for c in shown["clocks"]}
    assert states == {"first_response": ("met", False), "resolution": ("paused", True)}
    draft = case_cli(capsys, "draft", case_id, "--lang", "zh_CN")
    assert draft.startswith("Subject: [工单 #1]") and "您好" in draft
    assert not any(secret in draft for secret in SECRETS)
    human = case_cli(capsys, "show", case_id, "--now", "2024-03-02T11:00+08:00")
    assert "first_response  met" in human and "open → waiting_on_customer" in human


def test_list_sorts_by_time_to_breach(capsys: pytest.CaptureFixture[str], bundle: Path) -> None:
    for priority, received in (("P2", "2024-03-04T09:00+08:00"), ("P0", "2024-03-04T09:50+08:00"),
                               ("P1", "2024-03-04T09:00+08:00")):
        case_cli(capsys, "new", str(bundle), "--customer", f"C-{priority}", "--priority", priority,
                 "--received", received)
    rows = json.loads(case_cli(capsys, "list", "--json", "--now", "2024-03-04T10:00+08:00"))
    assert [r["customer"] for r in rows] == ["C-P0", "C-P1", "C-P2"]  # due 10:20, 11:00, 17:00
    assert [r["sla_state"] for r in rows] == ["lt_30m", "ok", "ok"]
    assert rows[0]["time_to_breach_s"] == 20 * 60 and rows[0]["clocks"][0]["kind"] == "first_response"
    table = case_cli(capsys, "list", "--now", "2024-03-04T10:00+08:00").splitlines()
    assert "breach in" in table[0] and "C-P0" in table[1] and "20m" in table[1]


def test_templates_and_chosen_template_and_export(capsys: pytest.CaptureFixture[str], bundle: Path,
                                                  tmp_path: Path) -> None:
    assert case_cli(capsys, "templates").split() == ["acknowledgement", "closure", "missing_info",
                                                     "progress_update", "root_cause"]
    case_id = case_cli(capsys, "new", str(bundle), "--customer", "ACME", "--channel", "hotline").strip()
    out = case_cli(capsys, "draft", case_id, "--template", "acknowledgement", "--out", str(tmp_path / "r.md"),
                   "--save", "reply")
    assert "We have received your report" in out
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# [Case #")
    shown = json.loads(case_cli(capsys, "show", case_id, "--json"))
    assert shown["drafts"]["reply"]["template"] == "acknowledgement"
    assert shown["case"]["priority"] in ("P0", "P1", "P2", "P3") and shown["case"]["channel"] == "hotline"


@pytest.mark.parametrize(("argv", "message"), [
    (["show", "42", "--json"], "no case #42"),
    (["event", "1", "--kind", "status"], "--kind status needs --status"),
    (["event", "1", "--kind", "public_reply", "--at", "2024-03-02 10:00"], "has no time zone"),
    (["event", "1", "--kind", "public_reply", "--at", "yesterday"], "cannot read the time"),
    (["list", "--now", "soon"], "cannot read the time"),
    (["draft", "1", "--lang", "fr"], "no reply templates in 'fr'"),
    (["draft", "1", "--template", "thanks"], "no reply template 'thanks'"),
    (["new", "/no/such/bundle.zip", "--customer", "X"], "no such file"),
])
def test_errors_are_workbench_errors(capsys: pytest.CaptureFixture[str], bundle: Path, argv: list[str],
                                     message: str) -> None:
    case_cli(capsys, "new", str(bundle), "--customer", "ACME", "--received", "2024-03-02T09:20+08:00")
    parser = argparse.ArgumentParser(prog="workbench")
    add_case_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(WorkbenchError, match=message):
        run_case_command(parser.parse_args(["case", *argv]))


def test_python_m_workbench_case(bundle: Path, tmp_path: Path) -> None:
    env = dict(os.environ, WORKBENCH_HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path))

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "workbench", "case", *argv], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120, check=False)

    created = run("new", str(bundle), "--customer", "ACME", "--priority", "P1", "--channel", "email",
                  "--received", "2024-03-02T09:20+08:00")
    assert created.returncode == 0, created.stderr
    case_id = created.stdout.strip()
    assert run("event", case_id, "--kind", "public_reply", "--at", "2024-03-02T09:30+08:00").returncode == 0
    listed = json.loads(run("list", "--json", "--now", "2024-03-02T10:00+08:00").stdout)
    assert listed[0]["id"] == int(case_id) and listed[0]["status"] == "open"
    draft = run("draft", case_id, "--lang", "zh_CN")
    assert draft.returncode == 0 and "您好" in draft.stdout
    missing = run("show", "999", "--json")
    assert missing.returncode == 2 and missing.stderr.startswith("error: no case #999")
    assert "Traceback" not in missing.stderr
