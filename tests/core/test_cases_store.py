"""The case store: round trip, exact reopen, life-cycle events, search, migrations from version 0,
and a kill -9 in the middle of autosaving that loses nothing before the last autosave."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from workbench.core.cases.files import file_sha256
from workbench.core.cases.model import parse_time
from workbench.core.cases.schema import LATEST, migrate, user_version
from workbench.core.cases.store import CaseStore
from workbench.core.errors import InputError, WorkbenchError

ROOT = Path(__file__).resolve().parents[2]
T = parse_time
FINDINGS = [{"id": "agora.reconnect", "layer": "network", "severity": "error", "title": "弱网导致频繁重连",
             "evidence": [{"file": "logs/agorasdk.log", "line": 1359, "text": "state 4 (RECONNECTING) reason 2"}],
             "fix_type": "user", "advice": "switch to Wi-Fi", "kb": []}]


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    with CaseStore(tmp_path / "cases.db") as opened:
        yield opened


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "customer.log"
    path.parent.mkdir()
    path.write_text("[03/02/24 09:19:35:326][2231][W]: state 4 (RECONNECTING) reason 2\n", encoding="utf-8")
    return path


def test_default_location_is_under_the_data_folder(_private_home: Path) -> None:
    with CaseStore() as opened:
        assert opened.path.is_relative_to(_private_home) and opened.schema_version == LATEST
        assert opened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_a_case_restores_everything_exactly(tmp_path: Path, bundle: Path) -> None:
    db = tmp_path / "cases.db"
    marks = '{"marks": [{"file": "logs/agorasdk.log", "line": 1359, "note": "第一次重连"}], "version": 1}'
    with CaseStore(db) as first:
        case = first.create_case("Example Corp", "P1", "im_group", created=T("2024-03-02T09:20+08:00"),
                                 title="无远端音频", product="agora 4.3.0", owner="zhang", bundle=bundle,
                                 documents={"findings": FINDINGS, "priority_suggestion": {"priority": "P1",
                                                                                         "reason": "audio"}})
        first.set_document(case.id, "marks", marks)
        first.set_document(case.id, "checklist", {"items": {"logs": True, "device": False}})
        first.add_event(case.id, "public_reply", T("2024-03-02T09:40+08:00"), "收到，正在排查")
        first.save_draft(case.id, "reply", "您好，\n根因是……", lang="zh_CN", template="root_cause")
        first.save_draft(case.id, "reply", "您好，\n根因是弱网。", lang="zh_CN", template="root_cause")
        before = first.open_case(case.id)
    bundle.write_text("the customer's file changed afterwards\n")
    with CaseStore(db) as second:
        after = second.open_case(case.id)
        assert after.case == before.case and after.events == before.events
        assert after.documents == before.documents and after.drafts == before.drafts
        assert second.document_text(case.id, "marks") == marks  # byte for byte, for Marks.from_json
    assert after.documents["findings"] == FINDINGS
    assert after.drafts["reply"].text == "您好，\n根因是弱网。" and after.drafts["reply"].version == 2
    assert after.bundle is not None and after.bundle_ok  # the case's own copy, not the changed original
    assert after.bundle.is_relative_to(tmp_path / "cases" / str(case.id))
    assert after.case.bundle_sha256 == file_sha256(after.bundle) != file_sha256(bundle)
    after.bundle.write_text("tampered")
    with CaseStore(db) as third:
        assert third.open_case(case.id).bundle_ok is False


def test_folder_bundles_are_copied_with_a_tree_checksum(store: CaseStore, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "logs").mkdir(parents=True)
    (folder / "logs" / "a.log").write_text("one\n")
    (folder / "note.txt").write_text("two\n")
    case = store.create_case("ACME", "P2", "email", bundle=folder)
    opened = store.open_case(case.id)
    assert opened.bundle_ok and (opened.bundle / "logs" / "a.log").read_text() == "one\n"


def test_a_failed_create_leaves_no_case_and_no_folder(store: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        store.create_case("ACME", "P2", "ticket", bundle=tmp_path / "missing.zip")
    assert store.list_cases() == [] and not (store.root / "1").exists()
    with pytest.raises(WorkbenchError, match="unknown channel"):
        store.create_case("ACME", "P2", "carrier-pigeon")
    with pytest.raises(WorkbenchError, match="unknown priority"):
        store.create_case("ACME", "P5", "ticket")


def test_messages_move_the_status_as_helpdesks_do(store: CaseStore) -> None:
    case = store.create_case("ACME", "P2", "ticket", created=T("2024-03-05T09:00Z"))
    added = store.add_event(case.id, "public_reply", T("2024-03-05T09:10Z"), "Looking into it")
    assert [(e.kind, e.data.get("to")) for e in added] == [("public_reply", None), ("status_change", "open")]
    assert added[0].visibility == "public" and added[1].data["auto"] is True
    store.add_event(case.id, "status_change", T("2024-03-05T09:20Z"), data={"to": "waiting_on_customer"})
    added = store.add_event(case.id, "customer_message", T("2024-03-05T11:00Z"), "logs attached")
    assert [e.kind for e in added] == ["customer_message", "status_change"]
    assert store.get_case(case.id).status == "open"
    note = store.add_event(case.id, "internal_note", T("2024-03-05T11:05Z"), "weak network")
    assert note[0].visibility == "internal" and store.get_case(case.id).status == "open"
    store.add_event(case.id, "status_change", T("2024-03-05T12:00Z"), data={"to": "resolved"})
    reopened = store.add_event(case.id, "status_change", T("2024-03-06T09:00Z"), data={"to": "open"})
    assert reopened[0].kind == "reopened"  # leaving resolved re-arms the resolution clock
    store.add_event(case.id, "priority_change", T("2024-03-06T09:01Z"), data={"to": "P0"})
    assert (store.get_case(case.id).status, store.get_case(case.id).priority) == ("open", "P0")


def test_impossible_events_are_refused(store: CaseStore) -> None:
    case = store.create_case("ACME", "P2", "ticket", created=T("2024-03-05T09:00Z"))
    with pytest.raises(WorkbenchError, match="before the case was created"):
        store.add_event(case.id, "internal_note", T("2024-03-05T08:00Z"))
    with pytest.raises(WorkbenchError, match="only a resolved or closed case"):
        store.add_event(case.id, "reopened", T("2024-03-05T10:00Z"))
    with pytest.raises(WorkbenchError, match="already P2"):
        store.add_event(case.id, "priority_change", T("2024-03-05T10:00Z"), data={"to": "P2"})
    with pytest.raises(WorkbenchError, match="unknown event kind"):
        store.add_event(case.id, "phone_call", T("2024-03-05T10:00Z"))
    with pytest.raises(WorkbenchError, match="created once"):
        store.add_event(case.id, "created", T("2024-03-05T10:00Z"))
    with pytest.raises(WorkbenchError, match="no case #99"):
        store.add_event(99, "internal_note")
    assert [e.kind for e in store.events(case.id)] == ["created"]


def test_full_text_search_finds_events_and_findings(store: CaseStore) -> None:
    first = store.create_case("ACME", "P2", "ticket", documents={"findings": FINDINGS})
    second = store.create_case("Globex", "P3", "email")
    store.add_event(second.id, "customer_message", text="Error 110: invalid token when joining")
    assert store.search("频繁重连") == [first.id]  # Chinese substring in a finding title
    assert store.search("invalid token") == [second.id]
    assert store.search("110") == [second.id]
    assert store.search("重连") == [first.id]  # shorter than a trigram: scanned instead
    assert store.search('"quoted" OR') == [] and store.search("  ") == []
    store.set_document(first.id, "findings", [])
    assert store.search("频繁重连") == []  # the index follows the latest version


def test_documents_keep_a_version_and_reject_bad_json(store: CaseStore) -> None:
    case = store.create_case("ACME", "P2", "ticket")
    assert store.set_document(case.id, "checklist", {"a": 1}) == 1
    assert store.set_document(case.id, "checklist", {"a": 2}) == 2
    assert store.document(case.id, "checklist") == {"a": 2}
    assert store.document(case.id, "marks", default=[]) == []
    with pytest.raises(WorkbenchError, match="not valid JSON"):
        store.set_document(case.id, "marks", "{broken")


def test_migrates_from_version_0_and_keeps_version_1_data(tmp_path: Path) -> None:
    db_path = tmp_path / "cases.db"
    db = Database(sqlite3.connect(db_path))
    assert user_version(db) == 0  # an empty file is version 0
    migrate(db, target=1)
    db.execute("INSERT INTO cases (customer, channel, priority, created, updated) "
               "VALUES ('Old Corp', 'hotline', 'P1', '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z')")
    db.execute("INSERT INTO events (case_id, at, kind, visibility, text, recorded) VALUES "
               "(1, '2023-01-01T00:00:00.000Z', 'created', 'internal', 'echo on the far end', "
               "'2023-01-01T00:00:00.000Z')")
    db.conn.commit()
    db.close()
    with CaseStore(db_path) as store:
        assert store.schema_version == LATEST == 2
        case = store.get_case(1)
        assert (case.customer, case.team, case.redaction) == ("Old Corp", "default", {})
        assert store.search("far end") == [1]  # the FTS index was filled from existing rows
        assert store.integrity_check() == "ok"


def test_a_database_from_a_newer_app_is_left_alone(tmp_path: Path) -> None:
    db_path = tmp_path / "cases.db"
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(WorkbenchError, match="newer than this app"):
        CaseStore(db_path)
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(WorkbenchError, match="cannot open the case database"):
        CaseStore(tmp_path / "junk.db")


def test_redaction_override_is_stored_per_case(store: CaseStore) -> None:
    case = store.create_case("ACME", "P2", "ticket")
    assert store.set_redaction(case.id, keep_user_ids=True).redaction == {"keep_user_ids": True}
    assert store.update_case(case.id, owner="li", title="echo").owner == "li"
    with pytest.raises(WorkbenchError, match="through events"):
        store.update_case(case.id, status="closed")


_AUTOSAVER = """
import sys
from pathlib import Path
from workbench.core.cases.store import CaseStore

store = CaseStore(Path(sys.argv[1]))
case_id = int(sys.argv[2])
n = 0
while True:
    n += 1
    # Large drafts keep each write busy long enough for the kill to land inside one.
    store.save_draft(case_id, "reply", f"{n}|" + "草稿内容" * 40000 + f"|{n}", lang="zh_CN", template="root_cause")
    if n % 5 == 0:
        store.add_event(case_id, "internal_note", text=f"note {n}")
    print(n, flush=True)
"""


def test_kill_9_while_autosaving_loses_nothing_before_the_last_autosave(tmp_path: Path, bundle: Path) -> None:
    db_path = tmp_path / "cases.db"
    with CaseStore(db_path) as store:
        case = store.create_case("ACME", "P1", "ticket", bundle=bundle, documents={"findings": FINDINGS})
    child = subprocess.Popen([sys.executable, "-c", _AUTOSAVER, str(db_path), str(case.id)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        last = 0
        for line in child.stdout:
            last = int(line)
            if last >= 40:
                break
        os.kill(child.pid, signal.SIGKILL)  # mid-loop: most likely inside the next write
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert last >= 40, "the autosaver did not get going"
    with CaseStore(db_path) as store:
        assert store.integrity_check() == "ok"
        draft = store.drafts(case.id)["reply"]
        saved = int(draft.text.split("|", 1)[0])
        assert saved >= last and draft.version == saved  # every reported autosave survived
        assert draft.text == f"{saved}|" + "草稿内容" * 40000 + f"|{saved}"  # whole, never half a draft
        notes = [e for e in store.events(case.id) if e.kind == "internal_note"]
        assert len(notes) in (saved // 5, (saved - 1) // 5)  # the kill may fall between draft and note
        opened = store.open_case(case.id)
        assert opened.bundle_ok and opened.documents["findings"] == FINDINGS
        assert json.loads(store.document_text(case.id, "findings")) == FINDINGS
