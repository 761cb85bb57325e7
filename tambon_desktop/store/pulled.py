"""Pulled changes in the local store: one page (or a down-bundle's changes) applied in the
caller's transaction together with the cursor, this PC's unsent edits kept on top; the
server's copy of each record (the base for those edits) and the PC that made it
(sync_origin). A killed pull resumes after the last page committed. Functions run in the
caller's transaction.

A page is written in bulk (executemany per table, no ORM rows): a province PC's first sync
receives its whole province, tens of thousands of records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core import canonical, geo
from tambon_desktop.core.clock import HybridClock, parse_stamp, utc_now_iso
from tambon_desktop.core.searchtext import fold
from tambon_desktop.core.thai import sort_key
from tambon_desktop.protocol.ops import Op
from tambon_desktop.store import conflict_inbox, outbox_state, sync_meta
from tambon_desktop.store.records import search_text
from tambon_desktop.store.tables import Device

_IDS = "IN (SELECT value FROM json_each(:ids))"
_UPSERT_RECORD = (
    "INSERT INTO record(id, form_id, form_version, changwat, amphoe, tambon, status, data, "
    "title, title_key, record_date, author, created_at, updated_at, server_version, deleted) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
    "form_version = excluded.form_version, changwat = excluded.changwat, "
    "amphoe = excluded.amphoe, tambon = excluded.tambon, status = excluded.status, "
    "data = excluded.data, title = excluded.title, title_key = excluded.title_key, "
    "record_date = excluded.record_date, updated_at = excluded.updated_at, "
    "server_version = excluded.server_version, deleted = excluded.deleted")
_UPSERT_COPY = (
    "INSERT INTO sync_server_copy(record_id, version, status, data, deleted) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET version = excluded.version, "
    "status = excluded.status, data = excluded.data, deleted = excluded.deleted")
_UPSERT_ORIGIN = (
    "INSERT INTO sync_origin(record_id, hlc, device_id, device_name, user_name) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) DO UPDATE SET hlc = excluded.hlc, "
    "device_id = excluded.device_id, device_name = excluded.device_name, "
    "user_name = excluded.user_name")


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
    origin: dict[str, str] | None = None  # the PC that wrote this version (device_id, name, user)


def stage(session: Session, *, changes: list[dict[str, Any]], cursor: str) -> None:
    """Keep fetched changes until they are applied (a down-bundle; pulls of older versions
    of this program staged every page)."""
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
    now = utc_now_iso()
    session.flush()  # ORM rows changed earlier in this transaction (a settle) go first
    page = _Page(session, [c.record_id for c in changes])
    changed: list[str] = []
    newest = ""
    for change in changes:
        newest = max(newest, change.hlc)
        if page.take(change):
            changed.append(change.record_id)
    page.write(now)
    session.expire_all()  # ORM rows read before now read the rows just written
    if newest:
        _observe(session, newest)
    _newest_per_district(session, changes)
    session.execute(sql("DELETE FROM sync_staging"))
    sync_meta.set_meta(session, pull_cursor=cursor, staging_cursor=None, last_pull_at=now)
    return list(dict.fromkeys(changed))


def server_copy(session: Session, record_id: str) -> tuple[int, dict[str, Any]] | None:
    """(version, data) of the server's copy of a record as this PC last pulled it."""
    row = session.execute(
        sql("SELECT version, data FROM sync_server_copy WHERE record_id = :id"), {"id": record_id}
    ).first()
    return (row[0], json.loads(row[1])) if row else None


class _Page:
    """The records of one page: what the store holds of them, read in a few queries, and
    the states to write, kept in memory until `write`."""

    def __init__(self, session: Session, record_ids: list[str]):
        self.s = session
        ids = {"ids": json.dumps(sorted(set(record_ids)))}
        self.copies: dict[str, tuple[int, str]] = {
            r[0]: (r[1], r[2]) for r in session.execute(
                sql(f"SELECT record_id, version, data FROM sync_server_copy WHERE record_id {_IDS}"),
                ids)}
        self.pending: dict[str, list[str]] = {}
        for record_id, body in session.execute(sql(
                f"SELECT record_id, body FROM outbox WHERE record_id {_IDS} "
                "AND state IN ('pending', 'sent') ORDER BY device_seq"), ids):
            self.pending.setdefault(record_id, []).append(body)
        self.held = {r[0] for r in session.execute(
            sql(f"SELECT id FROM record WHERE id {_IDS}"), ids)}
        self.inbox = {r[0] for r in session.execute(
            sql(f"SELECT DISTINCT record_id FROM sync_conflict WHERE record_id {_IDS}"), ids)}
        self.states: dict[str, tuple[Incoming, str, dict[str, Any], str, bool]] = {}
        self._places: dict[str, str] = {}

    def take(self, change: Incoming) -> bool:
        copy = self.copies.get(change.record_id)
        if copy and copy[0] >= change.version:
            return False
        server_data = canonical.dumps(change.data).decode()
        status, deleted = change.status or "draft", change.deleted
        data, data_text = change.data, server_data
        if change.record_id in self.pending:
            ops = [Op.from_dict(json.loads(b)) for b in self.pending[change.record_id]]
            data, status, deleted = outbox_state.with_unsent(
                ops, data=change.data, base=json.loads(copy[1]) if copy else None,
                status=status, deleted=deleted)
            data_text = canonical.dumps(data).decode()
        self.copies[change.record_id] = (change.version, server_data)
        self.states[change.record_id] = (change, status, data, data_text, deleted)
        return True

    def write(self, now: str) -> None:
        """Every state taken, one executemany per table on the session's own connection (so
        in its transaction), without SQLAlchemy's per-row parameter handling."""
        if not self.states:
            return
        records, copies, origins, bodies = [], [], [], []
        for change, status, data, data_text, deleted in self.states.values():
            rid, area, origin = change.record_id, change.area, change.origin or {}
            records.append((
                rid, change.form_id, change.form_version, area.get("changwat", ""),
                area.get("amphoe", ""), area.get("tambon", ""), status, data_text,
                change.title, sort_key(change.title), change.record_date, now, now,
                change.version, int(deleted)))
            copies.append((rid, change.version, change.status, self.copies[rid][1],
                           int(change.deleted)))
            origins.append((rid, change.hlc, origin.get("device_id", ""),
                            origin.get("device_name", ""), origin.get("user", "")))
            if not deleted:
                bodies.append((rid, fold(search_text(data) + "\n" + self._place_names(area))))
        cur = self.s.connection().connection.driver_connection.cursor()
        try:
            cur.executemany(_UPSERT_RECORD, records)
            cur.executemany(_UPSERT_COPY, copies)
            cur.executemany(_UPSERT_ORIGIN, origins)
            self._index(cur, bodies)
        finally:
            cur.close()
        for change, *_ in self.states.values():
            if change.conflicts or change.record_id in self.inbox:
                conflict_inbox.replace_conflicts(self.s, record_id=change.record_id,
                                                 conflicts=change.conflicts)

    def _index(self, cur, bodies: list[tuple[str, str]]) -> None:
        """The search text of every record written (none for a deleted one): the index row
        shares the record's rowid; only a record held before can have one to replace."""
        cur.execute(f"SELECT id, rowid FROM record WHERE id {_IDS.replace(':ids', '?')}",
                    (json.dumps(sorted(self.states)),))
        rowids = dict(cur.fetchall())
        cur.executemany("DELETE FROM record_fts WHERE rowid = ?",
                        [(rowids[i],) for i in self.states if i in self.held])
        cur.executemany("INSERT INTO record_fts(rowid, body) VALUES (?, ?)",
                        [(rowids[i], body) for i, body in bodies])

    def _place_names(self, area: dict[str, str]) -> str:
        """The Thai names of an area, so 'สะเตง' finds its projects."""
        key = "|".join(area.get(k, "") for k in ("changwat", "amphoe", "tambon"))
        if key not in self._places:
            names = [geo.name_of(area.get(k, "")) or ""
                     for k in ("changwat", "amphoe", "tambon")]
            self._places[key] = " ".join(n for n in names if n)
        return self._places[key]


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
