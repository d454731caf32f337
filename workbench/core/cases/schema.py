"""The case database schema, as a list of migrations numbered by ``PRAGMA user_version``.

Version 0 is an empty file. Each migration runs in its own transaction together with the bump of
``user_version``, so a crash during an upgrade leaves the database at the previous version, never
half-migrated. Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from workbench.core.cases.model import CHANNELS, EVENT_KINDS, PRIORITIES, STATUSES
from workbench.core.errors import WorkbenchError


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"CHECK ({column} IN ({', '.join(repr(v) for v in values)}))"


def _v1_cases(db: Database) -> None:
    """Cases and their events (CHECKs keep the vocabularies honest even for hand-written SQL)."""
    db.execute(f"""
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL DEFAULT '',
            customer TEXT NOT NULL,
            product TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL {_in('channel', CHANNELS)},
            priority TEXT NOT NULL {_in('priority', PRIORITIES)},
            status TEXT NOT NULL DEFAULT 'new' {_in('status', STATUSES)},
            owner TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            bundle_name TEXT NOT NULL DEFAULT '',
            bundle_path TEXT NOT NULL DEFAULT '',
            bundle_sha256 TEXT NOT NULL DEFAULT ''
        )""")
    db.execute(f"""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL {_in('kind', EVENT_KINDS)},
            visibility TEXT NOT NULL {_in('visibility', ('public', 'internal'))},
            text TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(data)),
            recorded TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX events_case_at ON events(case_id, at)")


def _v1_tables(db: Database) -> None:
    """Cases, their events, their JSON documents (findings, marks, checklist, report) and drafts."""
    _v1_cases(db)
    db.execute("""
        CREATE TABLE documents (
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            data TEXT NOT NULL CHECK (json_valid(data)),
            search_text TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            updated TEXT NOT NULL,
            PRIMARY KEY (case_id, kind)
        )""")
    db.execute("""
        CREATE TABLE drafts (
            case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'en',
            template TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            updated TEXT NOT NULL,
            PRIMARY KEY (case_id, name)
        )""")


def _fts(db: Database, table: str, column: str) -> None:
    """An external-content FTS5 index on ``table.column``, kept current by triggers.

    The trigram tokenizer finds substrings in any script: error codes, uids and Chinese text, which
    the default unicode61 tokenizer cannot split into words.
    """
    fts = f"{table}_fts"
    db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='rowid', "
               f"tokenize='trigram')")
    db.execute(f"INSERT INTO {fts}(rowid, {column}) SELECT rowid, {column} FROM {table}")
    db.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {column}) VALUES (new.rowid, new.{column}); END")
    db.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.rowid, old.{column}); END")
    db.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE OF {column} ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.rowid, old.{column}); "
               f"INSERT INTO {fts}(rowid, {column}) VALUES (new.rowid, new.{column}); END")


def _v2_search_and_overrides(db: Database) -> None:
    """Full-text search on event texts and findings; SLA team and redaction overrides per case."""
    _fts(db, "events", "text")
    _fts(db, "documents", "search_text")
    db.execute("ALTER TABLE cases ADD COLUMN team TEXT NOT NULL DEFAULT 'default'")
    db.execute("ALTER TABLE cases ADD COLUMN redaction TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(redaction))")


MIGRATIONS: list[Callable[[Database], None]] = [_v1_tables, _v2_search_and_overrides]
LATEST = len(MIGRATIONS)


def user_version(db: Database) -> int:
    """The schema version the database is at (0 for an empty file)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, target: int = LATEST) -> int:
    """Bring ``db`` up to ``target`` (default: the latest version); returns the version reached."""
    version = user_version(db)
    if version > LATEST:
        raise WorkbenchError(f"the case database is version {version}, newer than this app knows ({LATEST})",
                             "update the app; the database was left untouched")
    while version < target:
        with db.atomic():  # the migration and its version bump commit together or not at all
            MIGRATIONS[version](db)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
    return version
