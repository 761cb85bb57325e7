"""Sync state kept in the local store: settings (server, token, cursor, device key), pull
staging, the server's copy of each record (the base for keeping local edits on top), the
conflict inbox, and the outbox state changes that pushes cause. Keyword-only functions that
run in the caller's transaction; the tables are made by migration step 3."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from tambon_desktop.core import canonical
from tambon_desktop.core.clock import HybridClock, parse_stamp, utc_now_iso
from tambon_desktop.core.thai import sort_key
from tambon_desktop.protocol import merge
from tambon_desktop.protocol.ops import Op
from tambon_desktop.store import records as store_records
from tambon_desktop.store.tables import Device, Outbox, Record

UNSENT = ("pending", "sent")


# -- settings ------------------------------------------------------------------------------


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.execute(sql("SELECT value FROM sync_meta WHERE key = :k"), {"k": key}).first()
    return row[0] if row else default


def set_meta(session: Session, **values: str | None) -> None:
    for key, value in values.items():
        if value is None:
            session.execute(sql("DELETE FROM sync_meta WHERE key = :k"), {"k": key})
        else:
            session.execute(
                sql("INSERT INTO sync_meta(key, value) VALUES (:k, :v) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                {"k": key, "v": value})


# -- push side -----------------------------------------------------------------------------


def ops_to_send(session: Session, *, limit: int) -> list[Op]:
    rows = session.exec(
        select(Outbox).where(col(Outbox.state).in_(UNSENT))
        .order_by(col(Outbox.device_seq)).limit(limit)
    )
    return [Op.from_dict(json.loads(row.body)) for row in rows]


def mark_sent(session: Session, *, op_ids: list[str]) -> None:
    if op_ids:  # one statement for the lot: a USB bundle may carry tens of thousands
        session.execute(sql("UPDATE outbox SET state = 'sent' WHERE op_id = :id "
                            "AND state = 'pending'"), [{"id": i} for i in op_ids])


TitleFn = Callable[[str, dict[str, Any]], tuple[str, str]]


def settle(session: Session, *, results: list[dict[str, Any]],
           title_of: TitleFn | None = None) -> dict[str, int]:
    """Outbox states from a push answer: applied/duplicate -> acked, rejected -> rejected
    (with the server's reason, shown to the clerk), deferred -> pending again. A record whose
    status change was rejected gets its status back from the server's copy; one whose edit,
    delete or conflict resolution was rejected gets its data back too (`title_of(form_id,
    data)` -> (title, record date) for the list), and a refused resolution's conflicts
    show in the inbox again."""
    by_id = {r["op_id"]: r for r in results}
    counts = {"acked": 0, "rejected": 0, "deferred": 0}
    refused: set[str] = set()
    edits: set[str] = set()
    reopen: list[tuple[str, list[str]]] = []
    for row in session.exec(select(Outbox).where(col(Outbox.op_id).in_(list(by_id)))):
        result = by_id[row.op_id]
        if result["status"] in ("applied", "duplicate"):
            row.state, counts["acked"] = "acked", counts["acked"] + 1
        elif result["status"] == "rejected":
            row.state, row.reject_reason = "rejected", result.get("reason", "")[:500]
            counts["rejected"] += 1
            if row.kind == "transition":
                refused.add(row.record_id)
            else:
                edits.add(row.record_id)
            if row.kind == "resolve":
                reopen.append((row.record_id, list(json.loads(row.body).get("fields") or {})))
        else:
            row.state, counts["deferred"] = "pending", counts["deferred"] + 1
        session.add(row)
    session.flush()
    for record_id in sorted(refused | edits):
        _restore(session, record_id, title_of, data_too=record_id in edits)
    for record_id, names in reopen:
        _reopen_conflicts(session, record_id, names)
    return counts


def _unsent_ops(session: Session, record_id: str) -> list[Op]:
    return [Op.from_dict(json.loads(body)) for body in session.exec(
        select(Outbox.body).where(Outbox.record_id == record_id, col(Outbox.state).in_(UNSENT))
        .order_by(col(Outbox.device_seq)))]


def _with_unsent(pending: list[Op], *, data: dict[str, Any], base: dict[str, Any] | None,
                 status: str, deleted: bool) -> tuple[dict[str, Any], str, bool]:
    """A server record state with this PC's unsent ops on top (edits replayed, the newest
    transition's status, a delete): what the PC shows after a pull or a refusal."""
    edits = [op.fields for op in pending if op.fields]
    if edits:
        data = merge.replay_pending(server=data, base=base, edits=edits)
    for op in pending:
        if op.kind == "transition" and op.status:
            status = op.status
        deleted = deleted or op.kind == "delete"
    return data, status, deleted


def _restore(session: Session, record_id: str, title_of: TitleFn | None, *,
             data_too: bool) -> None:
    """A refused op does not stay on this PC: the record goes back to the server's copy with
    this PC's unsent ops on top, as after a pull: its status for a refused step, its data and
    deleted flag too for a refused edit, delete or resolution (the refused op keeps its
    fields in the outbox). A record never pulled keeps what it has: its next pull brings the
    server's."""
    found = session.execute(
        sql("SELECT status, data, deleted FROM sync_server_copy WHERE record_id = :id"),
        {"id": record_id}).first()
    row = session.get(Record, record_id)
    if found is None or row is None:
        return
    server = json.loads(found[1])
    data, status, deleted = _with_unsent(_unsent_ops(session, record_id), data=server,
                                         base=server, status=found[0] or "draft",
                                         deleted=bool(found[2]))
    if not data_too:
        if row.status != status:
            row.status = status
            session.add(row)
        return
    changes: dict[str, Any] = {"data": data, "deleted": deleted, "status": status}
    if title_of is not None:
        changes["title"], changes["record_date"] = title_of(row.form_id, data)
    store_records.changed_row(row, **changes)
    row.title_key = sort_key(row.title)
    session.add(row)
    session.flush()
    store_records.index_record(session, row, None if deleted else data)


def _reopen_conflicts(session: Session, record_id: str, names: list[str]) -> None:
    for conflict_id, path in session.execute(sql(
            "SELECT conflict_id, path FROM sync_conflict WHERE record_id = :r "
            "AND state = 'resolving'"), {"r": record_id}).all():
        if path.split("[", 1)[0].split(".", 1)[0] in names:
            session.execute(sql("UPDATE sync_conflict SET state = 'open' "
                                "WHERE conflict_id = :i"), {"i": conflict_id})


def status_counts(session: Session) -> dict[str, int]:
    counts = {"pending": 0, "sent": 0, "acked": 0, "rejected": 0}
    for state, n in session.execute(sql("SELECT state, count(*) FROM outbox GROUP BY state")):
        counts[state] = n
    counts["conflicts"] = session.execute(
        sql("SELECT count(*) FROM sync_conflict WHERE state = 'open'")).scalar_one()
    return counts


def rejected_ops(session: Session) -> list[tuple[str, int, str, str, str]]:
    rows = session.exec(select(Outbox).where(Outbox.state == "rejected")
                        .order_by(col(Outbox.device_seq)))
    return [(r.op_id, r.device_seq, r.record_id, r.kind, r.reject_reason) for r in rows]


def rejected_details(session: Session) -> list[tuple]:
    """Rejected ops, newest first, with the record they were for: (op_id, device_seq,
    record_id, kind, reason, created_at, op body, form_id, title, record status, deleted)."""
    rows = session.execute(sql(
        "SELECT o.op_id, o.device_seq, o.record_id, o.kind, o.reject_reason, o.created_at, "
        "o.body, r.form_id, r.title, r.status, r.deleted FROM outbox o "
        "LEFT JOIN record r ON r.id = o.record_id WHERE o.state = 'rejected' "
        "ORDER BY o.device_seq DESC"))
    return [(*r[:6], json.loads(r[6]), r[7], r[8], r[9], bool(r[10])) for r in rows]


# -- pull side -----------------------------------------------------------------------------


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
    set_meta(session, staging_cursor=cursor)


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
    session.execute(sql("DELETE FROM sync_staging"))
    set_meta(session, pull_cursor=cursor, staging_cursor=None, last_pull_at=utc_now_iso())
    return changed


def _server_copy(session: Session, record_id: str) -> tuple[int, dict[str, Any]] | None:
    row = session.execute(
        sql("SELECT version, data FROM sync_server_copy WHERE record_id = :id"), {"id": record_id}
    ).first()
    return (row[0], json.loads(row[1])) if row else None


def _apply_one(session: Session, change: Incoming) -> bool:
    copy = _server_copy(session, change.record_id)
    if copy and copy[0] >= change.version:
        return False
    row = session.get(Record, change.record_id)
    data, status, deleted = _with_unsent(
        _unsent_ops(session, change.record_id), data=change.data,
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
    _replace_conflicts(session, record_id=change.record_id, conflicts=change.conflicts)
    store_records.index_record(session, row, None if deleted else data)
    return True


def _replace_conflicts(session: Session, *, record_id: str, conflicts: list[dict]) -> None:
    """The server's open conflicts of a record are the truth; local 'resolving' entries stay
    hidden until the server has closed them."""
    open_ids = {c["conflict_id"] for c in conflicts}
    session.execute(
        sql("DELETE FROM sync_conflict WHERE record_id = :r AND state = 'open'"),
        {"r": record_id})
    resolving = {r[0] for r in session.execute(
        sql("SELECT conflict_id FROM sync_conflict WHERE record_id = :r"), {"r": record_id})}
    session.execute(
        sql("DELETE FROM sync_conflict WHERE record_id = :r AND state = 'resolving' "
            "AND conflict_id NOT IN (SELECT value FROM json_each(:ids))"),
        {"r": record_id, "ids": json.dumps(sorted(open_ids))})
    for conflict in conflicts:
        if conflict["conflict_id"] in resolving:
            continue
        session.execute(
            sql("INSERT INTO sync_conflict(conflict_id, record_id, path, candidates, winner, "
                "state, seen_at) VALUES (:id, :r, :p, :c, :w, 'open', :t)"),
            {"id": conflict["conflict_id"], "r": record_id, "p": conflict["path"],
             "c": canonical.dumps(conflict["candidates"]).decode(), "w": conflict["winner"],
             "t": utc_now_iso()})


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


# -- conflict inbox ------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxEntry:
    conflict_id: str
    record_id: str
    path: str
    candidates: list[dict[str, Any]]
    winner: int
    state: str


def inbox(session: Session, *, include_resolving: bool = False) -> list[InboxEntry]:
    states = "('open', 'resolving')" if include_resolving else "('open')"
    rows = session.execute(sql(
        "SELECT conflict_id, record_id, path, candidates, winner, state FROM sync_conflict "
        f"WHERE state IN {states} ORDER BY seen_at, conflict_id"))
    return [InboxEntry(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]


def mark_resolving(session: Session, *, conflict_ids: list[str]) -> None:
    for conflict_id in conflict_ids:
        session.execute(sql("UPDATE sync_conflict SET state = 'resolving' WHERE conflict_id = :i"),
                        {"i": conflict_id})


# -- USB bundles: the ledger (migration step 4) and what previews need ------------------------

LEDGER_COLUMNS = (
    "last_at", "direction", "kind", "district", "device_id", "bundle_id", "seq_first",
    "seq_last", "op_count", "change_count", "attachment_count", "encrypted", "state", "detail",
    "times", "file_name",
)
_LEDGER_FIELDS = (
    "bundle_id", "direction", "kind", "district", "device_id", "created_at", "file_name",
    "file_sha256", "size", "seq_first", "seq_last", "op_count", "change_count",
    "attachment_count", "encrypted", "state", "detail", "relay_path",
)


def ledger_put(session: Session, **row: Any) -> int:
    """Add a bundle to the ledger, or count one more time for a bundle already in it (its
    state and detail are replaced unless `keep_state`). Returns how many times it was seen."""
    keep = row.pop("keep_state", False)
    now = utc_now_iso()
    values = {k: row.get(k, "" if k in ("district", "detail", "relay_path") else 0)
              for k in _LEDGER_FIELDS}
    values["encrypted"] = int(bool(values["encrypted"]))
    update = "times = times + 1, last_at = excluded.last_at" + (
        "" if keep else ", state = excluded.state, detail = excluded.detail")
    session.execute(sql(
        f"INSERT INTO usb_ledger({', '.join(_LEDGER_FIELDS)}, times, first_at, last_at) "
        f"VALUES ({', '.join(':' + k for k in _LEDGER_FIELDS)}, 1, :now, :now) "
        f"ON CONFLICT(bundle_id, direction) DO UPDATE SET {update}"), {**values, "now": now})
    return ledger_times(session, bundle_id=values["bundle_id"], direction=values["direction"])


def ledger_times(session: Session, *, bundle_id: str, direction: str) -> int:
    row = session.execute(sql(
        "SELECT times FROM usb_ledger WHERE bundle_id = :b AND direction = :d"),
        {"b": bundle_id, "d": direction}).first()
    return row[0] if row else 0


def ledger_state(session: Session, *, bundle_id: str, direction: str) -> str | None:
    row = session.execute(sql(
        "SELECT state FROM usb_ledger WHERE bundle_id = :b AND direction = :d"),
        {"b": bundle_id, "d": direction}).first()
    return row[0] if row else None


def ledger_set_state(session: Session, *, bundle_id: str, direction: str, state: str,
                     detail: str) -> None:
    session.execute(sql(
        "UPDATE usb_ledger SET state = :s, detail = :t, last_at = :now "
        "WHERE bundle_id = :b AND direction = :d"),
        {"s": state, "t": detail[:1000], "now": utc_now_iso(), "b": bundle_id, "d": direction})


def ledger_rows(session: Session) -> list[tuple]:
    rows = session.execute(sql(
        f"SELECT {', '.join(LEDGER_COLUMNS)} FROM usb_ledger ORDER BY last_at DESC, id DESC"))
    return [tuple(r) for r in rows]


def ledger_queued(session: Session) -> list[tuple[str, str]]:
    """(bundle id, file) of up-bundles a province PC keeps for relay, oldest first."""
    rows = session.execute(sql(
        "SELECT bundle_id, relay_path FROM usb_ledger WHERE state = 'queued' ORDER BY id"))
    return [(r[0], r[1]) for r in rows]


def relay_rows(session: Session) -> list[tuple]:
    """Up-bundles held for relay (queued or set aside), oldest first: bundle id, district,
    device, op count, state, detail, last_at, file."""
    rows = session.execute(sql(
        "SELECT bundle_id, district, device_id, op_count, state, detail, last_at, relay_path "
        "FROM usb_ledger WHERE direction = 'in' AND kind = 'up' "
        "AND state IN ('queued', 'refused') AND relay_path != '' ORDER BY id"))
    return [tuple(r) for r in rows]


def ledger_drop_relay(session: Session, *, bundle_id: str, detail: str) -> None:
    """The bundle leaves the relay queue for good (its ledger line stays, state refused)."""
    session.execute(sql(
        "UPDATE usb_ledger SET state = 'refused', relay_path = '', detail = :t, last_at = :now "
        "WHERE bundle_id = :b AND direction = 'in'"),
        {"t": detail[:1000], "now": utc_now_iso(), "b": bundle_id})


def server_copy(session: Session, record_id: str) -> tuple[int, dict[str, Any]] | None:
    """(version, data) of the server's copy of a record as this PC last pulled it."""
    return _server_copy(session, record_id)


def records_with_unsent(session: Session, record_ids: list[str], *,
                        after_seq: int = 0) -> set[str]:
    """Those of `record_ids` with unsent local edits (device_seq > after_seq)."""
    if not record_ids:
        return set()
    rows = session.exec(select(Outbox.record_id).where(
        col(Outbox.record_id).in_(record_ids), col(Outbox.state).in_(UNSENT),
        col(Outbox.device_seq) > after_seq))
    return set(rows)
