"""Models of the cases window: modeltester on each, the list's time-to-breach order and SLA colour
states at a pinned ``now``, rows that keep their selection through live refreshes, the filter, and
checklist edits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from workbench.core.cases.sla import clocks
from workbench.core.cases.store import CaseStore
from workbench.ui.cases.case_list_model import ALL, BREACH, STATUS, CaseIdRole, CaseListModel, StateRole
from workbench.ui.cases.case_models import (
    ClockTableModel,
    EventTableModel,
    FindingTableModel,
    event_summary,
)
from workbench.ui.cases.checklist import NOTE, ChecklistModel, evidence_text
from workbench.ui.cases.checklist import STATUS as CHECK_STATUS
from workbench.ui.cases.look import format_breach, state_background

NOW = datetime(2024, 3, 4, 10, 0, tzinfo=UTC)  # a Monday: P0/P1 clocks count calendar time anyway
FINDING = {"id": "agora.token-expired", "layer": "server", "severity": "error", "title": "Token expired",
           "fix_type": "config", "advice": "Renew the token before it expires.",
           "evidence": [{"file": "logs/agorasdk.log", "line": 12, "text": "onTokenPrivilegeWillExpire"}]}


class Clock:
    """A ``now`` callable the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _minutes_ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


def fill_store(store: CaseStore) -> dict[str, int]:
    """One case per SLA state at NOW (P0: 30 min first response; P1: 2 h), created in a mixed order."""
    ids = {}
    ids["ok"] = store.create_case("Okay Ltd", "P1", "ticket", created=_minutes_ago(10), title="Echo").id
    ids["met"] = store.create_case("Done Inc", "P1", "email", created=_minutes_ago(300), title="Fixed").id
    store.add_event(ids["met"], "public_reply", at=_minutes_ago(290), text="On it")
    store.add_event(ids["met"], "status_change", at=_minutes_ago(100), data={"to": "resolved"})
    ids["lt_1h"] = store.create_case("Amber AG", "P1", "hotline", created=_minutes_ago(75), title="Lag").id
    ids["paused"] = store.create_case("Wait Co", "P1", "im_group", created=_minutes_ago(200), title="Logs?").id
    store.add_event(ids["paused"], "public_reply", at=_minutes_ago(190), text="Please send logs")
    store.add_event(ids["paused"], "status_change", at=_minutes_ago(180), data={"to": "waiting_on_customer"})
    ids["breached"] = store.create_case("Red SA", "P0", "hotline", created=_minutes_ago(40), title="Down").id
    ids["lt_30m"] = store.create_case("Orange BV", "P1", "ticket", created=_minutes_ago(100), title="Freeze").id
    return ids


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    """Every model here paints icons or colours: a QApplication must exist."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore(tmp_path / "cases.db") as opened:
        yield opened


def _entries(store: CaseStore) -> list:
    return [(case, store.events(case.id)) for case in store.list_cases()]


@pytest.fixture
def list_model(store: CaseStore) -> tuple[CaseListModel, dict[str, int], Clock]:
    ids = fill_store(store)
    clock = Clock(NOW)
    model = CaseListModel(now=clock)
    model.set_filter(status=ALL)
    model.set_cases(_entries(store))
    return model, ids, clock


def test_the_case_list_passes_the_modeltester(qtmodeltester, list_model) -> None:
    model, _ids, _clock = list_model
    qtmodeltester.check(model, force_py=True)


def test_rows_sort_by_time_to_breach_with_their_colour_state(list_model) -> None:
    model, ids, _clock = list_model
    states = [model.index(row, 0).data(StateRole) for row in range(model.rowCount())]
    assert states == ["breached", "lt_30m", "lt_1h", "ok", "paused", "met"]
    assert [model.index(row, 0).data(CaseIdRole) for row in range(6)] == [ids[s] for s in states]
    for row, state in enumerate(states):
        background = model.index(row, STATUS).data(Qt.ItemDataRole.BackgroundRole)
        assert background == state_background(state)
    assert model.index(5, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # met: plain
    assert model.index(0, BREACH).data() == "breached 10 min ago"
    assert model.index(1, BREACH).data() == "in 20 min"
    assert model.index(2, BREACH).data() == "in 45 min"
    assert model.index(4, BREACH).data() == "paused" and model.index(5, BREACH).data() == "met"
    assert model.index(0, STATUS).data() == "new" and model.index(4, STATUS).data() == "waiting on customer"


def test_a_live_refresh_moves_rows_without_losing_the_selection(list_model, store: CaseStore,
                                                                 qtmodeltester) -> None:
    model, ids, clock = list_model
    selection = QItemSelectionModel(model)
    row = model.row_of(ids["ok"])
    selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    clock.at = NOW + timedelta(minutes=80)  # "ok" now has 30 min left, "lt_1h" is breached
    fresh = store.create_case("New GmbH", "P0", "ticket", created=NOW + timedelta(minutes=75), title="Fresh").id
    model.set_cases(_entries(store))
    assert not resets
    states = {model.index(r, 0).data(CaseIdRole): model.index(r, 0).data(StateRole) for r in range(7)}
    assert states[ids["ok"]] == "lt_1h" and states[ids["lt_1h"]] == "breached" and states[fresh] == "lt_30m"
    chosen = [index.data(CaseIdRole) for index in selection.selectedRows()]
    assert chosen == [ids["ok"]]
    qtmodeltester.check(model, force_py=True)


def test_the_filter_matches_customer_title_and_status(list_model) -> None:
    model, ids, _clock = list_model
    model.set_filter(text="orange")
    assert [model.index(r, 0).data(CaseIdRole) for r in range(model.rowCount())] == [ids["lt_30m"]]
    model.set_filter(text="logs?")
    assert model.rowCount() == 1
    model.set_filter(text="", status="active")  # resolved/closed hidden
    assert model.row_of(ids["met"]) == -1 and model.rowCount() == 5
    model.set_filter(status="waiting_on_customer")
    assert model.rowCount() == 1 and model.row_of(ids["paused"]) == 0


def test_event_clock_and_finding_models(qtmodeltester, store: CaseStore) -> None:
    ids = fill_store(store)
    events = EventTableModel()
    events.set_items(store.events(ids["paused"]))
    qtmodeltester.check(events, force_py=True)
    assert [events.index(r, 1).data() for r in range(events.rowCount())] == [
        "Created", "Public reply", "Status change", "Status change"]
    assert events.index(2, 3).data() == "new → open (automatic)"
    assert events.index(0, 1).data(Qt.ItemDataRole.DecorationRole) is not None
    clock_model = ClockTableModel()
    case = store.get_case(ids["paused"])
    clock_model.set_items(clocks(case, store.events(case.id), NOW))
    qtmodeltester.check(clock_model, force_py=True)
    assert [clock_model.index(r, 1).data() for r in range(clock_model.rowCount())] == ["met", "paused"]
    assert clock_model.index(1, 3).data().startswith("paused, ")
    findings = FindingTableModel()
    findings.set_items([FINDING, {**FINDING, "severity": "warning", "evidence": []}])
    qtmodeltester.check(findings, force_py=True)
    assert findings.index(0, 2).data() == "Token expired" and findings.index(1, 4).data() == "0 lines"


def test_event_summary_and_breach_wording() -> None:
    from workbench.core.cases.model import Event

    assert event_summary(Event(at=NOW, kind="priority_change", text="worse", data={"from": "P2", "to": "P1"})) \
        == "P2 → P1: worse"
    assert event_summary(Event(at=NOW, kind="internal_note", text="a\n b")) == "a b"
    assert format_breach(timedelta(hours=26), "ok") == "in 1 d 2 h"
    assert format_breach(None, "paused") == "paused"


def test_checklist_model_edits_status_and_note(qtmodeltester) -> None:
    items = [{"step": "root_cause", "layer": "network", "question": "Reconnects?", "status": "evidence",
              "evidence": [{"file": "a.log", "line": 3, "text": "x"}], "answer": "3 reconnects", "note": ""},
             {"step": "identify", "layer": "", "question": "When?", "status": "custom_state"}]
    model = ChecklistModel()
    model.set_items(items)
    qtmodeltester.check(model, force_py=True)
    edited: list[int] = []
    model.edited.connect(edited.append)
    assert model.setData(model.index(0, CHECK_STATUS), "confirmed")
    assert model.setData(model.index(1, NOTE), "  asked the customer ")
    assert not model.setData(model.index(0, 0), "changed")  # only status and note are editable
    assert items[0]["status"] == "confirmed" and items[1]["note"] == "asked the customer" and edited == [0, 1]
    assert model.index(0, CHECK_STATUS).data() == "confirmed"
    assert "custom_state" in model.statuses() and "rejected" in model.statuses()
    assert evidence_text(items[0]["evidence"]) == "a.log:3"
