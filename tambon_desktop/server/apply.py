"""apply_ops: the one way ops get into the server, online and from USB bundles alike.

One call is one transaction. The device row and the district's change-log counter are locked
first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the whole file), so
concurrent pushes — even through several server processes — commit one after another and the
change-log sequence stays gap-free in commit order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from tambon_desktop.core import ids
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import lifecycle, merge, signing
from tambon_desktop.protocol.lifecycle import Refusal
from tambon_desktop.protocol.messages import READ_ONLY_ROLES, OpResult
from tambon_desktop.protocol.ops import Op
from tambon_desktop.server import audit, records_check, roles
from tambon_desktop.server.refusals import refusal
from tambon_desktop.server.tables import (
    AppliedOp,
    ChangeLog,
    ConflictRow,
    Device,
    DistrictCounter,
    Record,
    RecordVersion,
)

Channel = Literal["online", "usb"]


class BadBatch(Exception):
    """The whole batch is refused and nothing changes (bad signature, foreign ops...)."""

    def __init__(self, status: int, refused: Refusal | str, **values: object):
        self.refusal = refusal(refused, **values) if isinstance(refused, str) else refused
        self.status = status
        self.detail = self.refusal.reason  # `code: English — Thai`, as an op's reason
        super().__init__(self.detail)


class Rejected(Exception):
    """One op refused: a Refusal, or a code of server.refusals; str() is the coded line
    `code: English — Thai` OpResult.reason carries."""

    def __init__(self, refused: Refusal | str, **values: object):
        self.refusal = refusal(refused, **values) if isinstance(refused, str) else refused
        super().__init__(self.refusal.reason)


@dataclass
class ApplyOutcome:
    acked_through: int
    results: list[OpResult] = field(default_factory=list)


def read_only_refusal(role: str) -> Refusal:
    """Why a push from a read-only account (province or region officer, admin) is refused."""
    label = lifecycle.ROLE_LABELS.get(role, role)
    return Refusal("scope.read_only",
                   f"a {role} account can read but not write records",
                   f"บัญชี{label}ดูข้อมูลได้อย่างเดียว ส่งการแก้ไขระเบียนไม่ได้")


def verify_batch(*, device: Device, ops: list[Op]) -> None:
    if device.revoked_at:
        raise BadBatch(403, "batch.revoked")
    if device.role in READ_ONLY_ROLES or not device.district:
        raise BadBatch(403, read_only_refusal(device.role))
    for op in ops:
        if op.device_id != device.id:
            raise BadBatch(403, "batch.foreign_op", op=op.op_id)
        if op.compute_hash() != op.hash:  # before any sequence number is used
            raise BadBatch(400, "batch.op_hash", op=op.op_id)
        if not signing.verify_op(op, device.public_key):
            raise BadBatch(400, "batch.op_signature", op=op.op_id)


def apply_ops(session: Session, *, device: Device, ops: list[Op], channel: Channel) -> ApplyOutcome:
    """Apply a device's ops; commit; return per-op results and the settled device_seq."""
    if channel not in ("online", "usb"):
        raise ValueError(f"unknown channel {channel!r}")
    verify_batch(device=device, ops=ops)
    device = _lock_device(session, device.id)
    district = device.district
    assert district is not None
    role = roles.role_of(session, device)  # the server's own knowledge, never the op's
    counter = _lock_counter(session, district)
    known = {
        row.op_id: row
        for row in session.exec(
            select(AppliedOp).where(col(AppliedOp.op_id).in_([op.op_id for op in ops]))
        )
    } if ops else {}
    outcome = ApplyOutcome(acked_through=device.last_seq)
    now = utc_now_iso()
    # every record the batch touches, read once (the district's writers are serialised by the
    # counter lock taken above); records made in this batch join it (no autoflush)
    created: dict[str, Record] = _records(session, {op.record_id for op in ops})
    entries = []
    for op in sorted(ops, key=lambda o: o.device_seq):
        with session.no_autoflush:
            result = _settle(session, device=device, role=role, counter=counter, op=op,
                             known=known, channel=channel, now=now, created=created)
        outcome.results.append(result)
        detail = {"channel": channel, "seq": op.device_seq, "record": op.record_id,
                  "kind": op.kind, "reason": result.reason}
        if op.status is not None:
            detail.update(status=op.status, role=role)
        entries.append(audit.entry(
            actor=f"device:{device.id}", action=f"op.{result.status}", district=district,
            target=op.op_id, detail=detail,
        ))
    audit.record_many(session, entries)
    device.last_seen_at = now
    session.add(device)
    session.add(counter)
    session.commit()
    outcome.acked_through = device.last_seq
    return outcome


def _records(session: Session, record_ids: set[str]) -> dict[str, Record]:
    found: dict[str, Record] = {}
    ordered = sorted(record_ids)
    for start in range(0, len(ordered), 500):
        for row in session.exec(select(Record).where(
                col(Record.id).in_(ordered[start:start + 500]))):
            found[row.id] = row
    return found


def _lock_device(session: Session, device_id: str) -> Device:
    stmt = select(Device).where(Device.id == device_id).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).one()


def _lock_counter(session: Session, district: str) -> DistrictCounter:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(DistrictCounter).values(district=district, last_seq=0).on_conflict_do_nothing()
    )
    stmt = select(DistrictCounter).where(DistrictCounter.district == district).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).one()


def _settle(
    session: Session, *, device: Device, role: str, counter: DistrictCounter, op: Op,
    known: dict[str, AppliedOp], channel: str, now: str, created: dict[str, Record],
) -> OpResult:
    base = {"op_id": op.op_id, "device_seq": op.device_seq}
    seen = known.get(op.op_id)
    if seen is not None:
        if seen.hash != op.hash:
            return OpResult(**base, status="rejected", reason=refusal("op.id_reused").reason)
        if seen.status == "rejected":
            return OpResult(**base, status="rejected", reason=seen.reason)
        return OpResult(**base, status="duplicate", version=seen.version,
                        conflicts=seen.conflicts)
    if op.device_seq <= device.last_seq:
        return OpResult(**base, status="rejected", reason=refusal("op.seq_used").reason)
    if op.device_seq > device.last_seq + 1:
        return OpResult(**base, status="deferred",
                        reason=refusal("op.waiting", seq=device.last_seq + 1).reason)
    status, reason, version, n_conflicts = "applied", "", 0, 0
    try:
        if op.compute_hash() != op.hash:
            raise Rejected("op.hash")
        if op.prev_hash != device.last_hash:
            raise Rejected("op.chain")
        # _apply_one raises Rejected before it writes anything: no savepoint needed
        version, n_conflicts = _apply_one(session, device=device, role=role, counter=counter,
                                          op=op, now=now, created=created)
    except Rejected as exc:
        status, reason = "rejected", str(exc)
    row = AppliedOp(
        op_id=op.op_id, device_id=device.id, device_seq=op.device_seq, hash=op.hash,
        status=status, reason=reason, record_id=op.record_id, version=version,
        conflicts=n_conflicts, district=device.district, channel=channel, received_at=now,
    )
    session.add(row)
    known[op.op_id] = row
    device.last_seq, device.last_hash = op.device_seq, op.hash
    return OpResult(**base, status=status, reason=reason, version=version, conflicts=n_conflicts,
                    record_id=op.record_id if status == "rejected" else "")


def _check_area(op: Op, district: str) -> None:
    area = op.area
    amphoe, changwat, tambon = area.get("amphoe"), area.get("changwat"), area.get("tambon")
    if (amphoe and amphoe != district) or (changwat and changwat != district[:2]) or (
        tambon and not tambon.startswith(district)
    ):
        raise Rejected("record.outside_district")


def _apply_one(
    session: Session, *, device: Device, role: str, counter: DistrictCounter, op: Op, now: str,
    created: dict[str, Record],
) -> tuple[int, int]:
    """Check one op and write it: (the record's version after it, conflicts it opened)."""
    district = device.district
    assert district is not None
    _check_area(op, district)
    _raise(records_check.check_fields(op))
    record = created.get(op.record_id)  # holds every record of the batch that exists
    writer = merge.Stamp(op.hlc, device.id, op.op_id, 0)
    if op.kind == "create":
        if record is not None:
            raise Rejected("record.id_in_use")
        _raise(roles.check_create(op))
        record = Record(
            id=op.record_id, district=district, form_id=op.form_id, form_version=op.form_version,
            area=dict(op.area), status=op.status, data={}, field_meta={}, version=0,
            hlc=op.hlc, created_by=device.id, updated_at=now,
        )
        created[record.id] = record
        change = _Change(dict(op.fields), dict.fromkeys([*op.fields, merge.STATUS_KEY], writer),
                         changed=True)
    else:
        change = _change_existing(session, record=record, district=district, role=role, op=op,
                                  writer=writer)
        assert record is not None
    if not change.changed and not change.conflicts:
        return record.version, 0
    version = _write_version(session, record=record, change=change, op=op, device=device,
                             writer=writer, now=now)
    counter.last_seq += 1
    session.add(ChangeLog(district=district, seq=counter.last_seq, record_id=record.id,
                          version=version, op_id=op.op_id, committed_at=now))
    return version, len(change.conflicts)


@dataclass
class _Change:
    """What an op does to a record: its data and field stamps after it, and the conflicts."""

    data: dict
    meta: dict[str, merge.Stamp]
    changed: bool
    conflicts: list[merge.FieldConflict] = field(default_factory=list)


def _change_existing(session: Session, *, record: Record | None, district: str, role: str,
                     op: Op, writer: merge.Stamp) -> _Change:
    """An op on a record the server has: the checks (district, deletion, form, the certified
    and sent locks, the role's step and the data lock), then the merge. Raises Rejected before
    the record is touched; sets the record's deleted flag and status when the op does."""
    if record is None or record.district != district:
        raise Rejected("record.not_found")
    if record.deleted:
        raise Rejected("record.deleted")
    if record.form_id != op.form_id:
        raise Rejected("record.form_mismatch")
    if record.status == "certified":
        raise Rejected("lifecycle.certified")
    if record.form_id == "progress_report" and record.status == "sent":
        raise Rejected("lifecycle.sent_report")
    meta = {k: merge.Stamp.from_dict(v) for k, v in record.field_meta.items()}
    concurrent = not merge.is_sequential(meta.get(merge.STATUS_KEY), writer=writer,
                                         base_version=op.base_version)
    _raise(roles.check_status_change(op, role=role, current=record.status,
                                     concurrent=concurrent))
    if op.kind == "delete" or op.fields:
        # the data lock, checked against the status before a transition's own step
        _raise(roles.check_lock(op, current=record.status, data=record.data,
                                concurrent=concurrent,
                                status_at_base=lambda: _status_at(session, record,
                                                                  op.base_version)))
    change = _Change(dict(record.data), meta, changed=False)
    if op.fields:
        result = _merge(session, record=record, meta=meta, op=op, writer=writer)
        change = _Change(result.data, result.meta, bool(result.changed), result.conflicts)
        _raise(records_check.check_size(change.data))  # before the record is touched
        if op.kind == "resolve":
            _close_conflicts(session, record_id=record.id, fields=op.fields, op_id=op.op_id)
            change.changed = True
    if op.kind == "delete":
        record.deleted, change.changed = True, True
    if op.kind == "transition" and op.status != (record.status or "draft"):
        # checked above against the status the record has now: transitions apply in the
        # order the server receives them (a lifecycle is not merged by clock stamp)
        record.status, change.changed = op.status, True
        change.meta[merge.STATUS_KEY] = writer
    return change


def _write_version(session: Session, *, record: Record, change: _Change, op: Op,
                   device: Device, writer: merge.Stamp, now: str) -> int:
    """The record's next version, its history row and its conflicts; the new version."""
    version = record.version + 1
    stamped = merge.Stamp(op.hlc, device.id, op.op_id, version)
    record.data = change.data
    record.field_meta = {k: (stamped if v is writer else v).to_dict()
                         for k, v in change.meta.items()}
    record.version, record.updated_at = version, now
    record.hlc = max(record.hlc, op.hlc)
    session.add(record)
    session.add(RecordVersion(
        record_id=record.id, version=version, status=record.status, data=change.data,
        deleted=record.deleted, op_id=op.op_id, device_id=device.id, hlc=op.hlc, created_at=now,
    ))
    for conflict in change.conflicts:
        session.add(ConflictRow(
            id=ids.uuid7(), record_id=record.id, district=record.district, path=conflict.path,
            candidates=[
                {"value": c.value, "hlc": c.stamp.hlc, "device_id": c.stamp.device_id,
                 "op_id": c.stamp.op_id}
                for c in conflict.candidates
            ],
            winner=conflict.winner, op_id=op.op_id, created_at=now,
        ))
    return version


def _status_at(session: Session, record: Record, version: int) -> str | None:
    """The status of the record's `version` (its current one if that is gone or newer)."""
    if 0 < version < record.version:
        row = session.get(RecordVersion, (record.id, version))
        if row is not None:
            return row.status
    return record.status


def _raise(refused: Refusal | None) -> None:
    if refused is not None:
        raise Rejected(refused)


def _merge(
    session: Session, *, record: Record, meta: dict[str, merge.Stamp], op: Op,
    writer: merge.Stamp,
) -> merge.MergeResult:
    if op.kind == "resolve":  # the clerk's choice: a write that has seen every candidate
        return merge.merge_fields(current=record.data, meta={}, base={}, incoming=op.fields,
                                  writer=writer, base_version=op.base_version)
    base: dict = {}
    if 0 < op.base_version < record.version:
        row = session.get(RecordVersion, (record.id, op.base_version))
        base = dict(row.data) if row else {}
    return merge.merge_fields(current=record.data, meta=meta, base=base, incoming=op.fields,
                              writer=writer, base_version=op.base_version)


def _close_conflicts(session: Session, *, record_id: str, fields: dict, op_id: str) -> None:
    rows = session.exec(select(ConflictRow).where(
        ConflictRow.record_id == record_id, ConflictRow.status == "open"))
    for row in rows:
        if any(row.path == f or row.path.startswith(f"{f}[") for f in fields):
            row.status, row.resolved_by = "resolved", op_id
            session.add(row)
