"""Pulled changes in the local store: pages staged until a pull is whole, then applied in
one transaction with the cursor, this PC's unsent edits kept on top; the server's copy of
each record (the base for those edits). Functions run in the caller's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core import canonical
from tambon_desktop.core.clock import HybridClock, parse_stamp, utc_now_iso
from tambon_desktop.core.thai import sort_key
from tambon_desktop.store import conflict_inbox, outbox_state, sync_meta
from tambon_desktop.store import records as store_records
from tambon_desktop.store.tables import Device, Record


@dataclass
class Incoming:
    """One pulled record state, with the columns the services derive from its form."""

    record_id: str
    form_id: str
    form_version: int
    area: dict[str, str]
    status: str | None
    data: dict[str, Any]
    version: int
    deleted: bool
    hlc: str
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    record_date: str = ""


def stage(session: Session, *, changes: list[dict[str, Any]], cursor: str) -> None:
    """Keep a fetched page until the whole pull is in (a killed pull resumes from here)."""
    for change in changes:
        session.execute(sql("INSERT INTO sync_staging(body) VALUES (:b)"),
                        {"b": canonical.dumps(change).decode()})
    sync_meta.set_meta(session, staging_cursor=cursor)


def staged(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(sql("SELECT body FROM sync_staging ORDER BY seq"))
    return [json.loads(r[0]) for r in rows]


def apply_pulled(session: Session, *, changes: list[Incoming], cursor: str) -> list[str]:
    """Apply pulled records in the caller's one transaction, keeping this PC's unsent edits
    on top; advance the cursor; empty the staging. Returns the ids of changed records."""
    changed: list[str] = []
    newest = ""
    for change in changes:
        newest = max(newest, change.hlc)
        if _apply_one(session, change):
            changed.append(change.record_id)
    if newest:
        _observe(session, newest)
    _newest_per_district(session, changes)
    session.execute(sql("DELETE FROM sync_staging"))
    sync_meta.set_meta(session, pull_cursor=cursor, staging_cursor=None, last_pull_at=utc_now_iso())
    return changed


def server_copy(session: Session, record_id: str) -> tuple[int, dict[str, Any]] | None:
    """(version, data) of the server's copy of a record as this PC last pulled it."""
    row = session.execute(
        sql("SELECT version, data FROM sync_server_copy WHERE record_id = :id"), {"id": record_id}
    ).first()
    return (row[0], json.loads(row[1])) if row else None


def _apply_one(session: Session, change: Incoming) -> bool:
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


def _newest_per_district(session: Session, changes: list[Incoming]) -> None:
    """Keep the newest stamp pulled of each district's records (store.overview reads it)."""
    newest: dict[str, str] = {}
    for change in changes:
        district = change.area.get("amphoe") or ""
        if district and change.hlc > newest.get(district, ""):
            newest[district] = change.hlc
    for district, stamp in newest.items():
        session.execute(sql(
            "INSERT INTO pulled_district(district, hlc) VALUES (:d, :h) ON CONFLICT(district) "
            "DO UPDATE SET hlc = max(hlc, excluded.hlc)"), {"d": district, "h": stamp})


def _observe(session: Session, stamp: str) -> None:
    """Move this PC's clock past every stamp pulled, so its next edit orders after them."""
    dev = session.get(Device, 1)
    if dev is None:
        return
    clock = HybridClock(dev.hlc_ms, dev.hlc_counter)
    clock.observe(stamp)
    ms, counter = parse_stamp(stamp)
    dev.hlc_ms, dev.hlc_counter = clock.last_ms, clock.counter
    assert (dev.hlc_ms, dev.hlc_counter) >= (ms, counter)
    session.add(dev)
