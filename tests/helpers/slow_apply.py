"""The per-record ORM apply of pulled changes as it was before pages were written in bulk
(one Record object, one flush, one index row at a time): the reference the bulk path must
match record by record, and the slow baseline of bench/bench_first_sync.py."""

from __future__ import annotations

import json

from sqlalchemy import text as sql

from tambon_desktop.core import canonical
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.core.thai import sort_key
from tambon_desktop.store import conflict_inbox, outbox_state, sync_meta
from tambon_desktop.store import records as store_records
from tambon_desktop.store.pulled import Incoming, server_copy
from tambon_desktop.store.tables import Record


def apply_slowly(session, *, changes: list[Incoming], cursor: str) -> list[str]:
    changed = [c.record_id for c in changes if _apply_one(session, c)]
    sync_meta.set_meta(session, pull_cursor=cursor, last_pull_at=utc_now_iso())
    return changed


def _apply_one(session, change: Incoming) -> bool:
    copy = server_copy(session, change.record_id)
    if copy and copy[0] >= change.version:
        return False
    row = session.get(Record, change.record_id)
    data, status, deleted = outbox_state.with_unsent(
        outbox_state.unsent_ops(session, change.record_id), data=change.data,
        base=copy[1] if copy else None, status=change.status or "draft", deleted=change.deleted)
    now = utc_now_iso()
    if row is None:
        row = Record(id=change.record_id, form_id=change.form_id, author="",
                     form_version=change.form_version, status=status, data="{}",
                     created_at=now, updated_at=now)
    store_records.changed_row(
        row, data=data, area=change.area, status=status, deleted=deleted,
        form_version=change.form_version, title=change.title, record_date=change.record_date,
        server_version=change.version, updated_at=now,
    )
    row.title_key = sort_key(change.title)
    session.add(row)
    session.flush()
    session.execute(
        sql("INSERT INTO sync_server_copy(record_id, version, status, data, deleted) "
            "VALUES (:id, :v, :s, :d, :x) ON CONFLICT(record_id) DO UPDATE SET "
            "version = excluded.version, status = excluded.status, data = excluded.data, "
            "deleted = excluded.deleted"),
        {"id": change.record_id, "v": change.version, "s": change.status,
         "d": canonical.dumps(change.data).decode(), "x": int(change.deleted)})
    conflict_inbox.replace_conflicts(session, record_id=change.record_id, conflicts=change.conflicts)
    store_records.index_record(session, row, None if deleted else data)
    return True


def store_contents(path) -> dict[str, dict]:
    """Every record of a workspace file with its server copy and its search text, by id
    (times of applying left out), straight from SQLite."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        out = {}
        for row in conn.execute(
                "SELECT r.id, r.form_id, r.form_version, r.changwat, r.amphoe, r.tambon, "
                "r.status, r.data, r.title, r.title_key, r.record_date, r.author, "
                "r.server_version, r.deleted, c.version, c.status, c.data, c.deleted, f.body "
                "FROM record r LEFT JOIN sync_server_copy c ON c.record_id = r.id "
                "LEFT JOIN record_fts f ON f.rowid = r.rowid"):
            out[row[0]] = {"record": row[1:7] + (json.loads(row[7]),) + row[8:14],
                           "server_copy": (row[14], row[15], json.loads(row[16]), row[17]),
                           "search": row[18]}
        return out
    finally:
        conn.close()
