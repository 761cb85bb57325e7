"""The outbox as sync sees it: what to send, and what a push answer does to it (settle:
acked, rejected with the record put back as the server has it, deferred). Functions run in
the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from tambon_desktop.core.thai import sort_key
from tambon_desktop.protocol import merge
from tambon_desktop.protocol.ops import Op
from tambon_desktop.store import conflict_inbox
from tambon_desktop.store import records as store_records
from tambon_desktop.store.tables import Outbox, Record

UNSENT = ("pending", "sent")


@dataclass(frozen=True)
class RejectedOp:
    """An op of this PC the server refused."""

    op_id: str
    seq: int  # the op's device_seq
    record_id: str
    kind: str
    reason: str


@dataclass(frozen=True)
class RejectedDetail:
    """A refused op with the record it was for (None/False when the record is not here)."""

    op_id: str
    seq: int
    record_id: str
    kind: str
    reason: str
    made_at: str  # when the op was made on this PC
    body: dict[str, Any]  # the op as sent
    form_id: str | None
    title: str | None
    status: str | None
    deleted: bool


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
        conflict_inbox.reopen_conflicts(session, record_id, names)
    return counts


def unsent_ops(session: Session, record_id: str) -> list[Op]:
    return [Op.from_dict(json.loads(body)) for body in session.exec(
        select(Outbox.body).where(Outbox.record_id == record_id, col(Outbox.state).in_(UNSENT))
        .order_by(col(Outbox.device_seq)))]


def with_unsent(pending: list[Op], *, data: dict[str, Any], base: dict[str, Any] | None,
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
    data, status, deleted = with_unsent(unsent_ops(session, record_id), data=server,
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


def status_counts(session: Session) -> dict[str, int]:
    counts = {"pending": 0, "sent": 0, "acked": 0, "rejected": 0}
    for state, n in session.execute(sql("SELECT state, count(*) FROM outbox GROUP BY state")):
        counts[state] = n
    counts["conflicts"] = session.execute(
        sql("SELECT count(*) FROM sync_conflict WHERE state = 'open'")).scalar_one()
    return counts


def rejected_ops(session: Session) -> list[RejectedOp]:
    rows = session.exec(select(Outbox).where(Outbox.state == "rejected")
                        .order_by(col(Outbox.device_seq)))
    return [RejectedOp(r.op_id, r.device_seq, r.record_id, r.kind, r.reject_reason)
            for r in rows]


def rejected_details(session: Session) -> list[RejectedDetail]:
    """Rejected ops, newest first, with the record they were for."""
    rows = session.execute(sql(
        "SELECT o.op_id, o.device_seq, o.record_id, o.kind, o.reject_reason, o.created_at, "
        "o.body, r.form_id, r.title, r.status, r.deleted FROM outbox o "
        "LEFT JOIN record r ON r.id = o.record_id WHERE o.state = 'rejected' "
        "ORDER BY o.device_seq DESC"))
    return [RejectedDetail(*r[:6], json.loads(r[6]), r[7], r[8], r[9], bool(r[10]))
            for r in rows]


def records_with_unsent(session: Session, record_ids: list[str], *,
                        after_seq: int = 0) -> set[str]:
    """Those of `record_ids` with unsent local edits (device_seq > after_seq)."""
    if not record_ids:
        return set()
    rows = session.exec(select(Outbox.record_id).where(
        col(Outbox.record_id).in_(record_ids), col(Outbox.state).in_(UNSENT),
        col(Outbox.device_seq) > after_seq))
    return set(rows)
