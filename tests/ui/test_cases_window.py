"""The cases window end to end: a case from a generated bundle through the dialogs, public replies that
stop the clocks, the reply editor (autosave, language, copy, export, record as sent), the checklist,
the live refresh, and the entry point."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from workbench.core.cases.store import CaseStore
from workbench.core.samples import write_sample
from workbench.ui.cases import CasesWindow, open_cases_window
from workbench.ui.cases.case_list_model import StateRole
from workbench.ui.cases.case_view import DRAFTS_TAB
from workbench.ui.cases.checklist import STATUS
from workbench.ui.cases.intake import NewCaseDialog
from workbench.ui.cases.timeline import EventDialog

NOW = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)
APP_ID = "3f1c9a7e5b2d48c0a6e19f7b2c4d8e05"
CHECKLIST = {"version": 1, "items": [
    {"step": "root_cause", "layer": "network", "question": "Did the client reconnect?", "status": "evidence",
     "evidence": [{"file": "logs/agorasdk.1.log", "line": 40, "text": "reconnecting"}], "answer": "yes, 3×",
     "note": ""},
    {"step": "root_cause", "layer": "server", "question": "Was the token valid?", "status": "not_checked"}]}


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore(tmp_path / "cases.db") as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def window(qtbot: QtBot, store: CaseStore, clock: Clock) -> Iterator[CasesWindow]:
    store.create_case("Orange BV", "P1", "ticket", created=NOW - timedelta(minutes=100), title="Video freeze")
    store.create_case("Okay Ltd", "P1", "email", created=NOW - timedelta(minutes=10), title="Echo",
                      owner="Zhang San")
    win = CasesWindow(store, now=clock)
    win.quiet = True
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _open(window: CasesWindow, case_id: int) -> None:
    assert window.select_case(case_id)
    assert window.view.case_id == case_id


def _states(window: CasesWindow) -> list[str]:
    return [window.list_model.index(r, 0).data(StateRole) for r in range(window.list_model.rowCount())]


def test_a_case_from_a_generated_bundle_through_the_dialogs(window: CasesWindow, qtbot: QtBot, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = write_sample("android-agora", tmp_path / "in")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bundle), ""))

    def fill(dialog: NewCaseDialog) -> int:
        assert dialog.priority.currentData() is None  # default: the diagnosis' suggestion
        dialog.customer.setText("Example Corp")
        dialog.channel.setCurrentIndex(dialog.channel.findData("hotline"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCaseDialog, "exec", fill)
    with qtbot.waitSignal(window.case_created, timeout=20_000) as created:
        window.case_list.new_button.click()
    case_id = created.args[0]
    case = window.store.get_case(case_id)
    assert (case.customer, case.channel, case.created) == ("Example Corp", "hotline", NOW)
    assert case.bundle_name == bundle.name and window.list_model.rowCount() == 3
    assert window.case_list.current_case_id() == case_id and window.view.case_id == case_id
    assert "Example Corp" in window.view.header.text()
    assert window.view.findings.open_button.isEnabled()
    with qtbot.waitSignal(window.open_bundle_requested, timeout=1000) as opened:
        window.view.findings.open_button.click()
    assert Path(opened.args[0]).name == bundle.name and Path(opened.args[0]).is_file()
    assert not window.intake.busy


def test_a_public_reply_in_the_timeline_meets_the_response_clock(window: CasesWindow, qtbot: QtBot,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _open(window, 1)
    view = window.view
    assert [view.clock_model.index(r, 1).data() for r in range(2)] == ["< 30 min", "on track"]
    assert _states(window)[0] == "lt_30m"

    def answer(dialog: EventDialog) -> int:
        assert dialog.kind == "public_reply"
        dialog.text.setPlainText("We are looking into the freeze.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EventDialog, "exec", answer)
    with qtbot.waitSignal(view.changed, timeout=1000):
        view.timeline.buttons["public_reply"].click()
    assert view.clock_model.index(0, 0).data() == "First response"
    assert view.clock_model.index(0, 1).data() == "met"
    assert window.store.get_case(1).status == "open"  # the first public reply opens a new case
    assert view.timeline.model.rowCount() == 3
    row = window.list_model.row_of(1)
    assert window.list_model.index(row, 0).data(StateRole) == "ok"  # only resolution (24 h) is left
    assert window.case_list.current_case_id() == 1  # the refresh kept the selection


def test_record_as_sent_from_the_reply_editor(window: CasesWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(window, 2)
    editor = window.view.editor
    window.view.tabs.setCurrentIndex(DRAFTS_TAB)
    editor.editor.setPlainText("Hello, please try again with app " + APP_ID)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.send_button.click()
    reply = [e for e in window.store.events(2) if e.kind == "public_reply"]
    assert len(reply) == 1 and APP_ID not in reply[0].text and "***" in reply[0].text
    assert window.view.clock_model.index(0, 1).data() == "met"
    assert "reply" not in window.store.drafts(2)  # the sent draft is gone
    assert window.view.timeline.model.rowCount() == 3


def test_autosave_keeps_the_edit_in_the_database(window: CasesWindow, qtbot: QtBot, store: CaseStore) -> None:
    _open(window, 2)
    editor = window.view.editor
    assert editor.autosave_timer.interval() == 2000 and not editor.dirty
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.editor, " Typed by the engineer.")
    assert editor.dirty and editor.autosave_timer.isActive()
    editor.autosave_timer.setInterval(1)  # advance the clock instead of waiting two seconds
    editor.autosave_timer.start()
    qtbot.waitUntil(lambda: not editor.dirty, timeout=2000)
    with CaseStore(store.path) as fresh:
        saved = fresh.drafts(2)["reply"]
    assert saved.text.endswith("Typed by the engineer.") and saved.lang == "en"
    assert saved.template == editor.template_combo.currentData()
    editor.editor.insertPlainText(" And more.")
    QApplication.sendEvent(editor.editor, QFocusEvent(QEvent.Type.FocusOut))  # leaving the editor saves too
    assert not editor.dirty
    with CaseStore(store.path) as fresh:
        assert fresh.drafts(2)["reply"].text.endswith("And more.")
    _open(window, 1)  # away and back: the saved draft comes back
    _open(window, 2)
    assert editor.editor.toPlainText().endswith("And more.") and editor.name == "reply"


def test_language_switch_renders_zh_cn(window: CasesWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _open(window, 1)
    editor = window.view.editor
    assert "Hello Orange BV" in editor.editor.toPlainText()
    editor.set_language("zh_CN")
    text = editor.editor.toPlainText()
    assert re.search(r"[\u4e00-\u9fff]{4}", text) and "Orange BV" in text
    assert re.search(r"[\u4e00-\u9fff]", editor.preview.toPlainText())
    assert editor.lang_combo.currentData() == "zh_CN"
    editor.editor.appendPlainText("我的修改")  # edited: a switch asks first, and "No" keeps the text
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    editor.set_language("en")
    assert editor.lang_combo.currentData() == "zh_CN" and "我的修改" in editor.editor.toPlainText()


def test_copy_puts_the_redacted_text_on_the_clipboard(window: CasesWindow, tmp_path: Path) -> None:
    _open(window, 1)
    editor = window.view.editor
    editor.editor.appendPlainText(f"Your app id {APP_ID} joined from 47.74.161.20 today")
    editor.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert APP_ID not in copied and "47.74.161.20" not in copied and "Orange BV" in copied
    assert "app id" in editor.redacted_label.text() and "IP" in editor.redacted_label.text()
    assert APP_ID not in editor.preview.toPlainText()
    written = editor.export(tmp_path / "reply.eml")
    assert written is not None and APP_ID not in written.read_text(encoding="utf-8")


def test_checklist_edits_persist(window: CasesWindow, store: CaseStore) -> None:
    store.set_document(1, "checklist", CHECKLIST)
    _open(window, 1)
    tab = window.view.checklist
    assert tab.model.rowCount() == 2 and not tab.empty.isVisibleTo(tab)
    tab.table.selectRow(1)
    tab.reject_button.click()
    tab.model.setData(tab.model.index(0, 6), "confirmed on the customer's second log")
    with CaseStore(store.path) as fresh:
        saved = fresh.document(1, "checklist")
    assert saved["version"] == 1 and saved["items"][1]["status"] == "rejected"
    assert saved["items"][0]["note"] == "confirmed on the customer's second log"
    assert tab.model.index(1, STATUS).data() == "rejected"
    _open(window, 2)
    assert window.view.checklist.empty.isVisibleTo(tab) and not tab.table.isEnabled()


def test_the_live_timer_recolours_rows_and_keeps_the_selection(window: CasesWindow, clock: Clock) -> None:
    assert window.refresh_timer.isActive() and window.refresh_timer.interval() == 30_000
    _open(window, 2)
    assert _states(window) == ["lt_30m", "ok"]
    clock.at = NOW + timedelta(minutes=85)
    window.refresh_timer.timeout.emit()
    assert _states(window) == ["breached", "lt_30m"]
    assert window.case_list.current_case_id() == 2 and window.view.case_id == 2
    assert window.view.clock_model.index(0, 1).data() == "< 30 min"


def test_the_filter_box_and_status_filter(window: CasesWindow) -> None:
    panel = window.case_list
    panel.filter_edit.setText("okay")
    panel.apply_filter_now()
    assert window.list_model.rowCount() == 1
    panel.filter_edit.clear()
    panel.apply_filter_now()
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("resolved"))
    assert window.list_model.rowCount() == 0 and panel.count_label.text() == "0 cases"


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", "This plugin does not support raise")
def test_open_cases_window_reuses_an_open_window(qtbot: QtBot, store: CaseStore) -> None:
    first = open_cases_window(store=store)  # deletes itself on close: not handed to qtbot.addWidget
    try:
        assert first.isVisible() and open_cases_window(store=store) is first
        assert first.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    finally:
        with qtbot.waitSignal(first.destroyed, timeout=2000):
            first.close()
    second = open_cases_window(store=store)  # the deleted one is not handed out again
    with qtbot.waitSignal(second.destroyed, timeout=2000):
        second.close()
