"""Numbered, transactional schema steps for the local SQLite file (calibre's upgrade_version_N,
qutebrowser's refusal of a newer file). PRAGMA user_version holds the step reached.
The file is copied aside before any step runs."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.searchtext import sql_fold

STEPS: list[str] = [
    # 1: records, the op outbox, the audit trail, the device, villages, full-text search
    """
    CREATE TABLE device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        district TEXT NOT NULL,
        user_name TEXT NOT NULL,
        role TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_hash TEXT NOT NULL DEFAULT '',
        hlc_ms INTEGER NOT NULL DEFAULT 0,
        hlc_counter INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE record (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        changwat TEXT NOT NULL DEFAULT '',
        amphoe TEXT NOT NULL DEFAULT '',
        tambon TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        title_key TEXT NOT NULL DEFAULT '',
        record_date TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        server_version INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX record_form_updated ON record(form_id, deleted, updated_at);
    CREATE INDEX record_form_title ON record(form_id, deleted, title_key);
    CREATE INDEX record_form_date ON record(form_id, deleted, record_date);
    CREATE TABLE outbox (
        op_id TEXT PRIMARY KEY,
        device_seq INTEGER NOT NULL UNIQUE,
        record_id TEXT NOT NULL REFERENCES record(id),
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        hash TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sent', 'acked', 'rejected')),
        reject_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX outbox_record ON outbox(record_id);
    CREATE INDEX outbox_state ON outbox(state, device_seq);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_name TEXT NOT NULL,
        action TEXT NOT NULL,
        record_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    CREATE TRIGGER outbox_immutable BEFORE UPDATE OF op_id, device_seq, record_id, kind, body, hash
        ON outbox BEGIN SELECT RAISE(ABORT, 'ops are immutable'); END;
    CREATE TABLE village (
        tambon TEXT NOT NULL,
        moo INTEGER NOT NULL CHECK (moo BETWEEN 1 AND 99),
        name_th TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (tambon, moo)
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIRTUAL TABLE record_fts USING fts5(
        body, tokenize = 'trigram', detail = 'none'
    );
    """,
    # 2: the lifecycle history of each record, shown in the app
    """
    CREATE TABLE transition (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        record_id TEXT NOT NULL REFERENCES record(id),
        at TEXT NOT NULL,
        user_name TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX transition_record ON transition(record_id, id);
    """,
    # 3: sync state: settings, pull staging, the server's copy of each record, conflict inbox
    """
    CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sync_staging (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
    CREATE TABLE sync_server_copy (
        record_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        status TEXT,
        data TEXT NOT NULL,
        deleted INTEGER NOT NULL
    );
    CREATE TABLE sync_conflict (
        conflict_id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL,
        path TEXT NOT NULL,
        candidates TEXT NOT NULL,
        winner INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'open',
        seen_at TEXT NOT NULL
    );
    CREATE INDEX sync_conflict_record ON sync_conflict(record_id, state);
    """,
    # 4: the ledger of USB bundles written and read (state: written, applied, queued for
    # relay by a province PC, relayed, refused by the server)
    """
    CREATE TABLE usb_ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bundle_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        kind TEXT NOT NULL CHECK (kind IN ('up', 'down')),
        district TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        seq_first INTEGER NOT NULL DEFAULT 0,
        seq_last INTEGER NOT NULL DEFAULT 0,
        op_count INTEGER NOT NULL DEFAULT 0,
        change_count INTEGER NOT NULL DEFAULT 0,
        attachment_count INTEGER NOT NULL DEFAULT 0,
        encrypted INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL
            CHECK (state IN ('written', 'applied', 'queued', 'relayed', 'refused')),
        detail TEXT NOT NULL DEFAULT '',
        relay_path TEXT NOT NULL DEFAULT '',
        times INTEGER NOT NULL DEFAULT 1,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        UNIQUE (bundle_id, direction)
    );
    CREATE INDEX usb_ledger_state ON usb_ledger(state, id);
    """,
    # 5: the search index keeps trigram positions (detail=full). Without them a phrase whose
    # trigrams are all common (all inside one frequent word, say) matched every record in the
    # index and each record's text had to be read again: ~0.5 s at 100k records. Same text,
    # same rowids; the write path is unchanged.
    """
    CREATE VIRTUAL TABLE record_fts_v5 USING fts5(
        body, tokenize = 'trigram', detail = 'full'
    );
    INSERT INTO record_fts_v5(rowid, body) SELECT id, c0 FROM record_fts_content;
    DROP TABLE record_fts;
    ALTER TABLE record_fts_v5 RENAME TO record_fts;
    INSERT INTO record_fts(record_fts) VALUES ('optimize');
    """,
    # 6: the index holds the text without tone marks (core.searchtext.fold), and searches are
    # folded the same way, so อับดุลเลาะ finds อับดุลเล๊าะ. Same positional trigram index, same
    # rowids; a mark is dropped, never replaced, so a phrase stays a phrase.
    f"""
    CREATE VIRTUAL TABLE record_fts_v6 USING fts5(
        body, tokenize = 'trigram', detail = 'full'
    );
    INSERT INTO record_fts_v6(rowid, body) SELECT id, {sql_fold('c0')} FROM record_fts_content;
    DROP TABLE record_fts;
    ALTER TABLE record_fts_v6 RENAME TO record_fts;
    INSERT INTO record_fts(record_fts) VALUES ('optimize');
    """,
    # 7: the newest clock stamp pulled of each district's records: when the district's PC last
    # wrote what this PC holds, so the overview can tell data that came back from the server
    # after this PC relayed a USB bundle (written before the bundle) from data sent online.
    """
    CREATE TABLE IF NOT EXISTS pulled_district (
        district TEXT PRIMARY KEY,
        hlc TEXT NOT NULL
    );
    """,
    # 8: where each pulled record's current version comes from: its clock stamp and the PC
    # whose op wrote it (device id, its name, the user enrolled there; '' when the server did
    # not say), for the overview's "last received, from which PC"
    """
    CREATE TABLE IF NOT EXISTS sync_origin (
        record_id TEXT PRIMARY KEY,
        hlc TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL DEFAULT '',
        device_name TEXT NOT NULL DEFAULT '',
        user_name TEXT NOT NULL DEFAULT ''
    );
    """,
]
LATEST = len(STEPS)


class NewerDatabase(KnownError):
    pass


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(path: Path) -> int:
    """Bring the file at `path` to LATEST. Returns the step it was at before."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = current_version(conn)
        if version > LATEST:
            raise NewerDatabase(
                f"ฐานข้อมูลนี้มาจากโปรแกรมรุ่นใหม่กว่า (รุ่นโครงสร้าง {version}) กรุณาปรับปรุงโปรแกรม",
                f"database schema {version} is newer than this program supports ({LATEST}); "
                "upgrade the program",
            )
        if version == LATEST:
            return version
        if version > 0:
            backup_copy(conn, path.with_name(f"{path.name}.before-v{LATEST}-{_stamp()}.bak"))
        for number in range(version + 1, LATEST + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(STEPS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return version
    finally:
        conn.close()


def backup_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's online backup (safe while others write)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    shutil.move(tmp, target)
    return target


def _stamp() -> str:
    return utc_now_iso().replace(":", "").replace("-", "")


def _statements(script: str) -> list[str]:
    """Split a step into statements, keeping trigger bodies whole."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf))
    return out
