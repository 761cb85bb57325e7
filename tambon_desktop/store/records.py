"""Record rows and the one write path: a record, its op in the outbox, its audit line and its
search text, all in the caller's transaction. Returns plain objects, never ORM rows."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core import canonical, geo
from tambon_desktop.core.clock import HybridClock, utc_now_iso
from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.ids import uuid7
from tambon_desktop.core.searchtext import fold
from tambon_desktop.core.thai import sort_key
from tambon_desktop.protocol.jsonprofile import ProfileError
from tambon_desktop.protocol.messages import check_op_content
from tambon_desktop.protocol.ops import Op, seal
from tambon_desktop.store.tables import Audit, Device, Outbox, Record, Transition


@dataclass(frozen=True)
class RecordView:
    id: str
    form_id: str
    form_version: int
    area: dict[str, str]
    status: str
    data: dict[str, Any]
    title: str
    record_date: str
    author: str
    created_at: str
    updated_at: str
    server_version: int
    deleted: bool


def view(row: Record) -> RecordView:
    area = {k: v for k, v in (("changwat", row.changwat), ("amphoe", row.amphoe),
                              ("tambon", row.tambon)) if v}
    return RecordView(
        id=row.id, form_id=row.form_id, form_version=row.form_version, area=area,
        status=row.status, data=json.loads(row.data), title=row.title,
        record_date=row.record_date, author=row.author, created_at=row.created_at,
        updated_at=row.updated_at, server_version=row.server_version, deleted=bool(row.deleted),
    )


def device(session: Session) -> Device | None:
    return session.get(Device, 1)


def get_row(session: Session, record_id: str) -> Record | None:
    return session.get(Record, record_id)


def search_text(data: Any) -> str:
    """Every string in the data, one per line, NFC: what the trigram index sees."""
    out: list[str] = []

    def walk(items) -> None:
        for value in items:
            if isinstance(value, str):
                if value:
                    out.append(value)
            elif isinstance(value, dict):
                walk(value.values())
            elif isinstance(value, list):
                walk(value)

    walk((data,))
    return unicodedata.normalize("NFC", "\n".join(out))


def index_record(session: Session, row: Record, data: dict | None) -> None:
    """The record's text plus the Thai names of its area, so 'สะเตง' finds its projects.
    The index row shares the record's rowid."""
    rowid = session.execute(sql("SELECT rowid FROM record WHERE id = :id"),
                            {"id": row.id}).scalar_one()
    session.execute(sql("DELETE FROM record_fts WHERE rowid = :r"), {"r": rowid})
    if data is not None:
        places = [geo.name_of(code) or "" for code in (row.changwat, row.amphoe, row.tambon)]
        body = fold(search_text(data) + "\n" + " ".join(p for p in places if p))
        session.execute(sql("INSERT INTO record_fts(rowid, body) VALUES (:r, :body)"),
                        {"r": rowid, "body": body})


def write(
    session: Session,
    *,
    row: Record,
    kind: str,
    fields: dict[str, Any],
    base_version: int,
    status: str | None = None,
    comment: str = "",
    from_status: str = "",
) -> Op:
    """Save `row` and append its op; the caller's transaction commits both or neither."""
    dev = device(session)
    if dev is None:
        raise RuntimeError("workspace has no device row; run init first")
    clock = HybridClock(dev.hlc_ms, dev.hlc_counter)
    stamp = clock.tick()
    now = utc_now_iso()
    op = seal(
        Op(
            op_id=uuid7(), device_id=dev.device_id, device_seq=dev.last_seq + 1,
            record_id=row.id, form_id=row.form_id, form_version=row.form_version, kind=kind,
            base_version=base_version, fields=fields,
            area={k: v for k, v in (("changwat", row.changwat), ("amphoe", row.amphoe),
                                    ("tambon", row.tambon)) if v},
            author=dev.user_name, hlc=stamp, prev_hash=dev.last_hash, status=status,
            comment=comment,
        )
    )
    try:
        check_op_content(op)
    except ProfileError as exc:  # the form checks first; this is the last line before the outbox
        raise KnownError("บันทึกไม่ได้: ข้อมูลมีอักขระที่ใช้ไม่ได้ ซ้อนกันลึกเกินไป หรือใหญ่เกินกำหนด "
                         f"({exc})", f"cannot save: {exc}") from None
    data = json.loads(row.data)
    form_title = row.title
    row.title_key = sort_key(form_title)
    row.updated_at = now
    session.add(row)
    session.flush()
    session.add(
        Outbox(op_id=op.op_id, device_seq=op.device_seq, record_id=row.id, kind=kind,
               body=canonical.dumps(op.to_dict()).decode(), hash=op.hash, created_at=now)
    )
    dev.last_seq, dev.last_hash = op.device_seq, op.hash
    dev.hlc_ms, dev.hlc_counter = clock.last_ms, clock.counter
    session.add(dev)
    detail = {"kind": kind, "fields": sorted(fields), "seq": op.device_seq}
    if status:
        detail["status"] = status
    session.add(Audit(at=now, user_name=dev.user_name, action=kind, record_id=row.id,
                      detail=json.dumps(detail, ensure_ascii=False)))
    if kind == "transition":
        session.add(Transition(record_id=row.id, at=now, user_name=dev.user_name,
                               from_status=from_status, to_status=status or "", comment=comment))
    index_record(session, row, None if row.deleted else data)
    return op


def new_row(
    *, form_id: str, form_version: int, area: dict, status: str, data: dict, title: str,
    record_date: str, author: str, record_id: str | None = None,
) -> Record:
    now = utc_now_iso()
    return Record(
        id=record_id or uuid7(), form_id=form_id, form_version=form_version,
        changwat=area.get("changwat", ""), amphoe=area.get("amphoe", ""),
        tambon=area.get("tambon", ""), status=status, data=canonical.dumps(data).decode(),
        title=title, title_key=sort_key(title), record_date=record_date, author=author,
        created_at=now, updated_at=now,
    )


def changed_row(row: Record, **changes: Any) -> Record:
    if "data" in changes:
        changes["data"] = canonical.dumps(changes["data"]).decode()
    if "area" in changes:
        area = changes.pop("area")
        changes.update(changwat=area.get("changwat", ""), amphoe=area.get("amphoe", ""),
                       tambon=area.get("tambon", ""))
    for key, value in changes.items():
        setattr(row, key, value)
    return row


def audit(session: Session, *, user: str, action: str, record_id: str = "", detail: str = "") -> None:
    session.add(Audit(at=utc_now_iso(), user_name=user, action=action, record_id=record_id,
                      detail=detail))


__all__ = ["RecordView", "view", "write", "new_row", "changed_row", "get_row", "device",
           "search_text", "audit", "replace"]
