"""DiagnosisPanel on the generated Android/Agora bundle: findings by layer, evidence → viewer, KB links,
priority override, checklist operations as JSON, attached marks, KB search and stale badge, benign
marking, the analysis lane, and every custom model through qtmodeltester."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.core.analysis import Analysis, analyze
from workbench.core.bundle import open_bundle
from workbench.core.bundle.model import Bundle
from workbench.core.checklist import from_json
from workbench.core.knowledge import load_kb
from workbench.core.logs.bundle_logs import BundleLogs, parse_bundle_logs
from workbench.core.marks import Marks
from workbench.core.rules import add_benign, local_benign
from workbench.core.samples import write_sample
from workbench.core.settings import config_dir
from workbench.ui.diagnosis import DiagnosisPanel, analysis_runner
from workbench.ui.diagnosis.benign import filtered_analysis, suggest_regex, without_benign
from workbench.ui.diagnosis.benign_dialog import BenignDialog, pattern_problem
from workbench.ui.diagnosis.evidence import EvidenceListModel
from workbench.ui.diagnosis.finding_model import FindingRole, FindingsTreeModel
from workbench.ui.diagnosis.knowledge_tab import UPDATED, KbResultsModel
from workbench.ui.diagnosis.look import layer_label
from workbench.ui.diagnosis.panel import KNOWLEDGE_TAB

TODAY = date(2026, 11, 26)  # the KB articles are dated 2026-03-02: 269 days before


@dataclass
class Sample:
    bundle: Bundle
    logs: BundleLogs
    analysis: Analysis


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Sample]:
    bundle = open_bundle(write_sample("android-agora", tmp_path))
    logs = parse_bundle_logs(bundle)
    yield Sample(bundle, logs, analyze(bundle, logs))
    logs.close()
    bundle.close()


@pytest.fixture
def panel(qtbot: QtBot, sample: Sample) -> DiagnosisPanel:
    widget = DiagnosisPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.knowledge.set_today(TODAY)
    widget.set_analysis(sample.bundle, sample.analysis)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _finding(analysis: Analysis, finding_id: str) -> dict:
    return next(f for f in analysis.findings if f["id"] == finding_id)


def test_findings_are_grouped_by_layer_with_counts(panel: DiagnosisPanel, sample: Sample) -> None:
    model = panel.findings.model
    expected = Counter(f["layer"] for f in sample.analysis.findings)
    assert dict(model.layers()) == dict(expected)
    order = ("network", "codec", "device", "server", "bundle")
    assert [layer for layer, _n in model.layers()] == [layer for layer in order if layer in expected]
    for row, (layer, count) in enumerate(model.layers()):
        group = model.index(row, 0)
        assert group.data() == f"{layer_label(layer)} ({count})"
        assert model.rowCount(group) == count
        ids = {model.index(r, 0, group).data(FindingRole)["id"] for r in range(count)}
        assert ids == {f["id"] for f in sample.analysis.findings if f["layer"] == layer}
    assert panel.tabs.tabText(0) == f"Findings ({len(sample.analysis.findings)})"
    child = model.index(0, 0, model.index(0, 0))
    assert child.data(Qt.ItemDataRole.DecorationRole) is not None  # severity icon
    assert model.index(0, 1, model.index(0, 0)).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_selecting_a_finding_shows_meaning_advice_fix_type_and_evidence(panel: DiagnosisPanel,
                                                                        sample: Sample) -> None:
    finding = _finding(sample.analysis, "agora.audio_device_error")
    assert panel.findings.select_finding(finding["id"])
    text = panel.findings.detail.toPlainText()
    assert "What it means" in text and "Advice" in text and "End-user action" in text
    assert panel.findings.evidence.model().rowCount() == len(finding["evidence"])


def test_evidence_enter_and_double_click_emit_file_and_line(qtbot: QtBot, panel: DiagnosisPanel,
                                                            sample: Sample) -> None:
    finding = _finding(sample.analysis, "agora.connection_interrupted")
    panel.findings.select_finding(finding["id"])
    view = panel.findings.evidence
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))
    with qtbot.waitSignal(panel.evidence_activated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    second = finding["evidence"][1]
    assert blocker.args == [second["file"], second["line"]]
    first = finding["evidence"][0]
    rect = view.visualRect(view.model().index(0, 0))
    with qtbot.assertNotEmitted(panel.evidence_activated):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a single click only selects
    with qtbot.waitSignal(panel.evidence_activated) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [first["file"], first["line"]]


def test_kb_link_opens_the_article_in_the_knowledge_tab(panel: DiagnosisPanel, sample: Sample) -> None:
    finding = _finding(sample.analysis, "agora.connection_interrupted")
    panel.findings.select_finding(finding["id"])
    article_id = finding["kb"][0]
    assert f'href="kb:{article_id}"' in panel.findings.detail.toHtml()
    panel.findings.detail.anchorClicked.emit(QUrl(f"kb:{article_id}"))
    assert panel.tabs.currentIndex() == KNOWLEDGE_TAB
    assert panel.knowledge.current_article().id == article_id
    title = next(a for a in load_kb() if a.id == article_id).title
    assert title.split("(")[0].strip() in panel.knowledge.article.toPlainText()


def test_priority_is_suggested_and_the_override_emits(qtbot: QtBot, panel: DiagnosisPanel, sample: Sample) -> None:
    row = panel.findings.priority
    assert row.combo.currentText() == sample.analysis.priority["priority"] == "P1"
    assert sample.analysis.priority["reason"] in row.reason.text()
    with qtbot.waitSignal(panel.priority_changed) as blocker:
        row.combo.setCurrentText("P0")
    assert blocker.args == ["P0"]
    assert panel.priority() == "P0" and "overridden: P0" in row.reason.text()
    panel.set_analysis(sample.bundle, analyze(sample.bundle, sample.logs))  # re-analysis keeps the choice
    assert row.combo.currentText() == "P0"


def test_checklist_confirm_and_annotate_emit_json_that_core_reads_back(qtbot: QtBot, panel: DiagnosisPanel) -> None:
    tab = panel.checklist
    assert tab.select_item("root.network.stability")
    assert tab.current_item().status == "evidence" and tab.evidence.model().rowCount() > 0
    tab.note.setPlainText("three drops, all on 4G")
    with qtbot.waitSignal(panel.checklist_changed) as blocker:
        qtbot.mouseClick(tab.confirm_button, Qt.MouseButton.LeftButton)
    item = next(i for i in from_json(blocker.args[0]) if i.id == "root.network.stability")
    assert (item.decision, item.note) == ("confirmed", "three drops, all on 4G")
    tab.select_item("root.server.auth")
    tab.note.setPlainText("token server checked by the customer")
    with qtbot.waitSignal(panel.checklist_changed) as blocker:
        qtbot.mouseClick(tab.note_button, Qt.MouseButton.LeftButton)
    items = {i.id: i for i in from_json(blocker.args[0])}
    assert items["root.server.auth"].note == "token server checked by the customer"
    assert items["root.server.auth"].decision == ""
    assert items["root.network.stability"].decision == "confirmed"  # earlier change kept
    with qtbot.waitSignal(panel.checklist_changed) as blocker:
        tab.reject_current()
    assert {i.id: i for i in from_json(blocker.args[0])}["root.server.auth"].decision == "rejected"


def test_attach_marks_adds_their_evidence(qtbot: QtBot, panel: DiagnosisPanel) -> None:
    marks = Marks()
    marks.toggle("logs/agorasdk.log", 1358, "connection state changed from 3 to 4")
    marks.toggle("logcat.txt", 8, "AudioTrack underrun")
    panel.set_marks(marks)
    tab = panel.checklist
    tab.select_item("reproduce.network")
    with qtbot.waitSignal(panel.checklist_changed) as blocker:
        qtbot.mouseClick(tab.attach_button, Qt.MouseButton.LeftButton)
    item = next(i for i in from_json(blocker.args[0]) if i.id == "reproduce.network")
    attached = {(e["file"], e["line"]) for e in item.evidence if e.get("marked")}
    assert attached == {("logs/agorasdk.log", 1358), ("logcat.txt", 8)}
    assert item.status == "evidence"
    assert tab.evidence.model().rowCount() == 2
    with qtbot.assertNotEmitted(panel.checklist_changed):
        assert tab.attach_marks() == 0  # the same marks are not attached twice
    with qtbot.waitSignal(panel.evidence_activated) as jump:
        tab.evidence.choose(0)
    assert jump.args == ["logcat.txt", 8]


@pytest.mark.parametrize("query", ["过期", "token expired"])
def test_kb_search_as_you_type_finds_articles_in_chinese_and_english(qtbot: QtBot, panel: DiagnosisPanel,
                                                                      query: str) -> None:
    tab = panel.knowledge
    tab.query.clear()
    qtbot.keyClicks(tab.query, query) if query.isascii() else tab.query.setText(query)
    qtbot.waitUntil(lambda: tab.model.row_of("agora-token") >= 0 and tab.model.rowCount() < len(load_kb()),
                    timeout=2000)
    assert tab.model.articles()[0].id == "agora-token"
    assert "token" in tab.article.toPlainText().lower()


def test_stale_badge_appears_when_the_max_age_is_small(panel: DiagnosisPanel) -> None:
    tab = panel.knowledge
    tab.show_article("agora-token")
    row = tab.model.row_of("agora-token")
    assert not tab.model.is_stale(row) and "stale" not in tab.model.index(row, UPDATED).data()
    tab.max_age.setValue(30)
    assert tab.model.index(row, UPDATED).data() == "stale · 2026-03-02"
    assert tab.model.index(row, UPDATED).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Stale: not updated for 269 days" in tab.article.toPlainText()
    assert "stale" in tab.summary.text()


def test_mark_as_benign_saves_the_pattern_and_the_finding_disappears(
        qtbot: QtBot, panel: DiagnosisPanel, sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    finding = _finding(sample.analysis, "android.audio_underruns")
    panel.checklist.select_item("root.device.audio")
    panel.checklist.confirm_current()
    panel.findings.select_finding(finding["id"])
    monkeypatch.setattr(BenignDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(panel.benign_added) as blocker:
        qtbot.mouseClick(panel.findings.benign_button, Qt.MouseButton.LeftButton)
    saved = json.loads((config_dir() / "benign.json").read_text(encoding="utf-8"))["patterns"]
    assert [p["regex"] for p in saved] == [suggest_regex(finding["evidence"][0]["text"])]
    assert blocker.args == [saved[0]["id"]] and [r.id for r in local_benign()] == [saved[0]["id"]]
    assert not panel.findings.model.find(finding["id"]).isValid()  # gone at once
    assert "hidden as benign" in panel.state.text()
    audio = next(i for i in panel.checklist.items if i.id == "root.device.audio")
    assert audio.decision == "confirmed"  # the engineer's decision survives the new checklist
    assert all(e.get("finding") != finding["id"] for e in audio.evidence)
    rerun = analyze(sample.bundle, sample.logs)  # core (and so the CLI and the panel's lane) drop it too
    assert finding["id"] not in {f["id"] for f in rerun.findings}
    assert len(rerun.findings) == len(sample.analysis.findings) - 1
    panel.set_analysis(sample.bundle, analyze(sample.bundle, sample.logs))  # plain core analyze, shown
    assert not panel.findings.model.find(finding["id"]).isValid()


def test_benign_dialog_refuses_bad_or_unmatching_patterns(qtbot: QtBot) -> None:
    line = "03-02 09:14:35.235  4821  4877 W AudioTrack: releaseBuffer() track 0x7a33f0c000 disabled"
    dialog = BenignDialog(line, vendor="android")
    qtbot.addWidget(dialog)
    assert dialog.regex.text() == r"W AudioTrack: releaseBuffer\(\) track 0x[0-9a-fA-F]+ disabled"
    assert pattern_problem(dialog.regex.text(), line) == ""
    ok = dialog.buttons.buttons()[0]
    dialog.regex.setText("(unclosed")
    assert not ok.isEnabled() and "Invalid" in dialog.problem.text()
    dialog.regex.setText("something else")
    assert not ok.isEnabled() and "does not match" in dialog.problem.text()
    assert pattern_problem(r"(?<=W)x", "Wx").startswith("Invalid")  # Python accepts it, Polars does not


def test_without_benign_drops_lines_and_empty_findings() -> None:
    findings = [{"id": "a", "evidence": [{"text": "noise 1"}, {"text": "real"}]},
                {"id": "b", "evidence": [{"text": "noise 2"}]}, {"id": "c", "evidence": []}]
    rule = type("R", (), {"matcher": type("M", (), {"regex": r"noise \d+"})()})()
    kept = without_benign(findings, [rule])
    assert [f["id"] for f in kept] == ["a", "c"] and kept[0]["evidence"] == [{"text": "real"}]


def test_missing_information_box_and_copy(qtbot: QtBot, tmp_path: Path) -> None:
    log = tmp_path / "only.log"
    log.write_text("2024-03-02 09:00:00.000 INFO hello\n2024-03-02 09:00:01.000 ERROR boom\n", encoding="utf-8")
    bundle = open_bundle(log)
    logs = parse_bundle_logs(bundle)
    try:
        widget = DiagnosisPanel()
        qtbot.addWidget(widget)
        widget.set_analysis(bundle, analyze(bundle, logs))
        box = widget.findings.missing
        assert "device model" in box.text.text() and "SDK name and version" in box.text.text()
        qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == box.message
    finally:
        logs.close()
        bundle.close()


def test_analysis_lane_fills_the_panel(qtbot: QtBot, sample: Sample) -> None:
    widget = DiagnosisPanel()
    qtbot.addWidget(widget)
    runner, start = analysis_runner(widget, widget)
    try:
        with qtbot.waitSignal(runner.finished, timeout=10000):
            start(sample.bundle, sample.logs)
        assert widget.findings.model.layers() and widget.analysis is not None
        assert len(widget.analysis.findings) == len(sample.analysis.findings)
        assert widget.checklist.items and "priority P1" in widget.state.text()
    finally:
        runner.shutdown()


def test_custom_models_pass_modeltester(qtmodeltester: ModelTester, panel: DiagnosisPanel, sample: Sample) -> None:
    findings = FindingsTreeModel()
    odd = {"id": "x", "layer": "odd", "severity": "info", "title": "t", "evidence": [], "fix_type": "ask", "kb": []}
    findings.set_findings([*sample.analysis.findings, odd])
    qtmodeltester.check(findings)
    qtmodeltester.check(panel.checklist.model)
    evidence = EvidenceListModel()
    evidence.set_entries(sample.analysis.findings[0]["evidence"])
    qtmodeltester.check(evidence)
    kb = KbResultsModel()
    kb.set_articles(load_kb())
    kb.set_max_age(1)
    qtmodeltester.check(kb)


def test_benign_patterns_of_another_vendor_do_not_hide_findings(sample: Sample) -> None:
    finding = _finding(sample.analysis, "agora.remote_stream_frozen")
    regex = suggest_regex(finding["evidence"][0]["text"])
    add_benign(regex, "zego noise", vendor="zego")
    assert finding["id"] in {f["id"] for f in filtered_analysis(sample.bundle, sample.analysis).findings}
    add_benign(regex, "agora noise", vendor="agora")
    shown = filtered_analysis(sample.bundle, sample.analysis)
    assert finding["id"] not in {f["id"] for f in shown.findings}
    assert shown.priority == sample.analysis.priority  # suggested again: still P1 without a warning
