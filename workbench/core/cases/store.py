"""The local case store: one SQLite file (WAL, foreign keys, versioned schema) plus a folder per case.

Every write is one transaction. Drafts autosave through :meth:`CaseStore.save_draft`, a single
upsert that commits before it returns: after a crash the database holds each draft as of its last
autosave, never half of one (SQLite's WAL guarantees it; ``synchronous=FULL`` extends it to power
loss). Documents (findings, marks, checklist, report, priority suggestion) are stored as the JSON the
modules that own them produce; this store never looks inside beyond indexing their text for search.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from workbench.core.cases.files import bundle_sha256, copy_bundle
from workbench.core.cases.model import (
    CHANNELS,
    PRIORITIES,
    Case,
    Event,
    check_choice,
    derive_state,
    format_time,
    read_time,
    sorted_events,
    utc_now,
    visibility_of,
)
from workbench.core.cases.schema import migrate, user_version
from workbench.core.cases.transitions import plan_event
from workbench.core.errors import WorkbenchError

# Documents whose text is not worth indexing (the report repeats the file list of the bundle).
_UNINDEXED = frozenset({"report"})


@dataclass
class SavedDraft:
    """A reply draft as last autosaved."""

    name: str
    text: str
    lang: str = "en"
    template: str = ""
    version: int = 1
    updated: datetime | None = None


@dataclass
class CaseFile:
    """Everything needed to reopen a case exactly where it was left."""

    case: Case
    events: list[Event]
    documents: dict[str, Any] = field(default_factory=dict)
    drafts: dict[str, SavedDraft] = field(default_factory=dict)
    bundle: Path | None = None
    bundle_ok: bool | None = None  # None: no bundle; False: missing or changed since the case was made


def _flatten(data: Any) -> str:
    """Every string in a JSON value, one per line: what full-text search sees of a document."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return "\n".join(filter(None, (_flatten(v) for v in data.values())))
    if isinstance(data, list):
        return "\n".join(filter(None, (_flatten(v) for v in data)))
    return ""


def _json_text(data: Any) -> str:
    """JSON text for ``data``; a ``str`` is taken as JSON text already (what ``to_json()`` methods give)."""
    if isinstance(data, str):
        try:
            json.loads(data)
        except ValueError as exc:
            raise WorkbenchError(f"document is not valid JSON: {exc}") from None
        return data
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _row_case(row: dict[str, Any]) -> Case:
    return Case(
        id=row["id"], title=row["title"], customer=row["customer"], product=row["product"], channel=row["channel"],
        priority=row["priority"], status=row["status"], owner=row["owner"], team=row["team"],
        created=read_time(row["created"]), updated=read_time(row["updated"]), bundle_name=row["bundle_name"],
        bundle_path=row["bundle_path"], bundle_sha256=row["bundle_sha256"], redaction=json.loads(row["redaction"]))


def _row_event(row: dict[str, Any]) -> Event:
    return Event(id=row["id"], case_id=row["case_id"], at=read_time(row["at"]), kind=row["kind"], text=row["text"],
                 data=json.loads(row["data"]))


class CaseStore:
    """Cases in ``path`` (default ``data_dir()/cases.db``), their files under ``<folder>/cases/<id>/``."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from workbench.core.settings import data_dir

            path = data_dir() / "cases.db"
        self.path = Path(path)
        self.root = self.path.parent / "cases"
        # A second process (GUI + CLI) may hold the write lock for a moment: wait rather than fail.
        self.db = Database(sqlite3.connect(self.path, timeout=10), execute_plugins=False)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = FULL")
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise WorkbenchError(f"cannot open the case database {self.path}: {exc}",
                                 "restore it from a backup or move it away to start afresh") from None

    def close(self) -> None:
        """Close the database (the WAL is checkpointed by SQLite)."""
        self.db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The database's ``PRAGMA user_version``."""
        return user_version(self.db)

    def case_dir(self, case_id: int) -> Path:
        """The case's own folder (its bundle copy lives in ``bundle/``)."""
        return self.root / str(case_id)

    # -- cases -------------------------------------------------------------------------------------------

    def create_case(self, customer: str, priority: str, channel: str, *, created: datetime | None = None,
                    title: str = "", product: str = "", owner: str = "", team: str = "default",
                    bundle: Path | None = None, documents: dict[str, Any] | None = None, text: str = "") -> Case:
        """A new case with its ``created`` event, its bundle copied in and its documents, in one transaction."""
        check_choice("priority", priority, PRIORITIES)
        check_choice("channel", channel, CHANNELS)
        if not customer.strip():
            raise WorkbenchError("a case needs a customer", "pass --customer NAME")
        created = created or utc_now()
        stamp = format_time(utc_now())
        folder: Path | None = None
        try:
            with self.db.atomic():
                cursor = self.db.execute(
                    "INSERT INTO cases (title, customer, product, channel, priority, owner, team, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [title, customer.strip(), product, channel, priority, owner, team, format_time(created), stamp])
                case_id = int(cursor.lastrowid)
                self._insert_event(case_id, created, "created", text, {"priority": priority, "channel": channel})
                if bundle is not None:
                    folder = self.case_dir(case_id)
                    shutil.rmtree(folder, ignore_errors=True)  # left by a crash before an earlier commit
                    name, rel, sha = copy_bundle(Path(bundle), folder)
                    self.db.execute("UPDATE cases SET bundle_name = ?, bundle_path = ?, bundle_sha256 = ? "
                                    "WHERE id = ?", [name, rel, sha, case_id])
                for kind, data in (documents or {}).items():
                    self._put_document(case_id, kind, data)
        except BaseException:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        return self.get_case(case_id)

    def get_case(self, case_id: int) -> Case:
        """The case with id ``case_id``; WorkbenchError if there is none."""
        rows = list(self.db.query("SELECT * FROM cases WHERE id = ?", [case_id]))
        if not rows:
            raise WorkbenchError(f"no case #{case_id}", "run `workbench case list` to see the cases")
        return _row_case(rows[0])

    def list_cases(self) -> list[Case]:
        """Every case, oldest first."""
        return [_row_case(row) for row in self.db.query("SELECT * FROM cases ORDER BY id")]

    def update_case(self, case_id: int, **fields: str) -> Case:
        """Change descriptive fields (title, customer, product, owner, team, channel)."""
        allowed = {"title", "customer", "product", "owner", "team", "channel"}
        unknown = set(fields) - allowed
        if unknown:
            raise WorkbenchError(f"cannot change {', '.join(sorted(unknown))} directly",
                                 "status and priority change through events")
        if "channel" in fields:
            check_choice("channel", fields["channel"], CHANNELS)
        with self.db.atomic():
            self.get_case(case_id)
            sets = ", ".join(f"{name} = ?" for name in fields)
            self.db.execute(f"UPDATE cases SET {sets}, updated = ? WHERE id = ?",
                            [*fields.values(), format_time(utc_now()), case_id])
        return self.get_case(case_id)

    def set_redaction(self, case_id: int, **overrides: Any) -> Case:
        """Per-case redaction overrides, e.g. ``keep_user_ids=True``; merged into the existing ones."""
        with self.db.atomic():
            current = self.get_case(case_id).redaction
            current.update(overrides)
            self.db.execute("UPDATE cases SET redaction = ?, updated = ? WHERE id = ?",
                            [json.dumps(current, sort_keys=True), format_time(utc_now()), case_id])
        return self.get_case(case_id)

    # -- events ------------------------------------------------------------------------------------------

    def events(self, case_id: int) -> list[Event]:
        """The case's events in time order."""
        rows = self.db.query("SELECT * FROM events WHERE case_id = ? ORDER BY at, id", [case_id])
        return sorted_events([_row_event(row) for row in rows])

    def add_event(self, case_id: int, kind: str, at: datetime | None = None, text: str = "",
                  data: dict[str, Any] | None = None) -> list[Event]:
        """Record an event (plus the status change it implies) and update the case's status and priority.

        Returns the events written: a public reply to a new case also opens it, a customer message on
        a case waiting on the customer puts it back to open (and so resumes the SLA clocks).
        """
        at = at or utc_now()
        with self.db.atomic():
            case = self.get_case(case_id)
            history = self.events(case_id)
            created = history[0].at if history else case.created
            if at < created:
                raise WorkbenchError(f"the event time {format_time(at)} is before the case was created "
                                     f"({format_time(created)})")
            status_then, priority_then = derive_state(case, [e for e in history if e.at <= at])
            planned = plan_event(kind, text, data or {}, status_then, priority_then)
            added = [self._insert_event(case_id, at, k, t, d) for k, t, d in planned]
            status, priority = derive_state(case, history + added)
            self.db.execute("UPDATE cases SET status = ?, priority = ?, updated = ? WHERE id = ?",
                            [status, priority, format_time(utc_now()), case_id])
        return added

    def _insert_event(self, case_id: int, at: datetime, kind: str, text: str, data: dict[str, Any]) -> Event:
        cursor = self.db.execute(
            "INSERT INTO events (case_id, at, kind, visibility, text, data, recorded) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [case_id, format_time(at), kind, visibility_of(kind), text, json.dumps(data, ensure_ascii=False),
             format_time(utc_now())])
        return Event(id=int(cursor.lastrowid), case_id=case_id, at=at, kind=kind, text=text, data=data)

    # -- documents and drafts ----------------------------------------------------------------------------

    def set_document(self, case_id: int, kind: str, data: Any) -> int:
        """Store the latest version of a JSON document (``data`` or JSON text); returns its version number."""
        with self.db.atomic():
            self.get_case(case_id)
            return self._put_document(case_id, kind, data)

    def _put_document(self, case_id: int, kind: str, data: Any) -> int:
        text = _json_text(data)
        search = "" if kind in _UNINDEXED else _flatten(json.loads(text))
        row = self.db.execute(
            "INSERT INTO documents (case_id, kind, data, search_text, updated) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (case_id, kind) DO UPDATE SET data = excluded.data, search_text = excluded.search_text, "
            "version = version + 1, updated = excluded.updated RETURNING version",
            [case_id, kind, text, search, format_time(utc_now())]).fetchone()
        return int(row[0])

    def document_text(self, case_id: int, kind: str) -> str | None:
        """The document exactly as stored (for ``from_json``), or None."""
        row = self.db.execute("SELECT data FROM documents WHERE case_id = ? AND kind = ?", [case_id, kind]).fetchone()
        return row[0] if row else None

    def document(self, case_id: int, kind: str, default: Any = None) -> Any:
        """The latest version of a document, parsed (``default`` if it was never stored)."""
        text = self.document_text(case_id, kind)
        return default if text is None else json.loads(text)

    def save_draft(self, case_id: int, name: str, text: str, *, lang: str = "en", template: str = "") -> int:
        """Autosave a draft: one committed upsert. Returns the draft's new version number."""
        with self.db.atomic():
            row = self.db.execute(
                "INSERT INTO drafts (case_id, name, lang, template, text, updated) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (case_id, name) DO UPDATE SET lang = excluded.lang, template = excluded.template, "
                "text = excluded.text, version = version + 1, updated = excluded.updated RETURNING version",
                [case_id, name, lang, template, text, format_time(utc_now())]).fetchone()
        return int(row[0])

    def drafts(self, case_id: int) -> dict[str, SavedDraft]:
        """The case's drafts by name, as last autosaved."""
        rows = self.db.query("SELECT * FROM drafts WHERE case_id = ? ORDER BY name", [case_id])
        return {r["name"]: SavedDraft(name=r["name"], text=r["text"], lang=r["lang"], template=r["template"],
                                      version=r["version"], updated=read_time(r["updated"])) for r in rows}

    def delete_draft(self, case_id: int, name: str) -> None:
        """Drop a draft (e.g. once it was sent as a public reply)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM drafts WHERE case_id = ? AND name = ?", [case_id, name])

    # -- reopening and search ----------------------------------------------------------------------------

    def open_case(self, case_id: int) -> CaseFile:
        """The case with its events, documents, drafts and bundle, checked against the stored checksum."""
        case = self.get_case(case_id)
        rows = self.db.query("SELECT kind, data FROM documents WHERE case_id = ?", [case_id])
        result = CaseFile(case=case, events=self.events(case_id),
                          documents={r["kind"]: json.loads(r["data"]) for r in rows}, drafts=self.drafts(case_id))
        if case.bundle_path:
            result.bundle = self.case_dir(case_id) / case.bundle_path
            result.bundle_ok = result.bundle.exists() and bundle_sha256(result.bundle) == case.bundle_sha256
        return result

    def search(self, query: str) -> list[int]:
        """Ids of cases whose events or documents contain ``query`` (substring, any language)."""
        query = query.strip()
        if not query:
            return []
        if len(query) < 3:  # below the trigram size FTS cannot answer: scan instead (small tables)
            sql = ("SELECT case_id FROM events WHERE instr(text, :q) UNION "
                   "SELECT case_id FROM documents WHERE instr(search_text, :q)")
        else:
            sql = ("SELECT e.case_id FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH :q "
                   "UNION SELECT d.case_id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                   "WHERE documents_fts MATCH :q")
            query = '"' + query.replace('"', '""') + '"'  # one phrase: FTS operators in the text stay literal
        return sorted({row[0] for row in self.db.execute(sql, {"q": query}).fetchall()})

    def integrity_check(self) -> str:
        """``ok`` when SQLite finds the file intact, else its first complaint."""
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
