"""Pull: pages of the per-district change log, each entry carrying the record's current state.

The cursor is a map district -> last seq delivered, encoded opaquely. A page may hold a record
newer than the entry that named it; the client skips versions it already has, so that is
harmless, and the later entry for the same record delivers it again at the same version.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from tambon_desktop.core import canonical
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import jsonprofile
from tambon_desktop.protocol.messages import (
    ChangeOrigin,
    ConflictCandidate,
    ConflictInfo,
    PullResponse,
    RecordChange,
    decode_cursor,
    encode_cursor,
)
from tambon_desktop.server import scope
from tambon_desktop.server.tables import (
    ChangeLog,
    ConflictRow,
    Device,
    DistrictCounter,
    Record,
    RecordVersion,
    User,
)

log = logging.getLogger("tambon.server.pull")
MAX_PAGE_BYTES = 16 * 1024 * 1024  # record data on one pull page (at least one record)


def districts_in_scope(session: Session, *, device: Device) -> list[str]:
    """The device's district; for a province officer every district of the province; for a
    region officer every district of its provinces and its single districts (server.scope)."""
    if device.district:
        return [device.district]
    codes = scope.codes_for(session, device)
    rows = session.exec(select(DistrictCounter.district).where(
        scope.where_district(DistrictCounter.district, codes)))
    return sorted(rows)


def pull(session: Session, *, device: Device, cursor: str, limit: int,
         extended: bool = False) -> PullResponse:
    """A page of changes after `cursor`; `extended` adds each change's origin (the PC that
    wrote its current version) and the change-log entries remaining after the page."""
    positions = decode_cursor(cursor)  # ValueError -> 400 in the route
    districts = districts_in_scope(session, device=device)
    positions = {d: s for d, s in positions.items() if d in districts}
    start = dict(positions)
    entries: list[ChangeLog] = []
    more = False
    for district in districts:
        room = limit - len(entries)
        if room <= 0:
            more = True
            break
        rows = list(session.exec(
            select(ChangeLog)
            .where(ChangeLog.district == district, ChangeLog.seq > positions.get(district, 0))
            .order_by(col(ChangeLog.seq))
            .limit(room + 1)
        ))
        if len(rows) > room:
            rows, more = rows[:room], True
        entries.extend(rows)
        if rows:
            positions[district] = rows[-1].seq
    record_ids = list({e.record_id for e in entries})
    records = {
        r.id: r for r in session.exec(select(Record).where(col(Record.id).in_(record_ids)))
    } if record_ids else {}
    open_conflicts: dict[str, list[ConflictInfo]] = {}
    if record_ids:
        for row in session.exec(
            select(ConflictRow)
            .where(col(ConflictRow.record_id).in_(record_ids), ConflictRow.status == "open")
            .order_by(col(ConflictRow.id))
        ):
            open_conflicts.setdefault(row.record_id, []).append(conflict_info(row))
    origins = _origins(session, record_ids) if extended and record_ids else {}
    changes = []
    sent: set[str] = set()
    page_bytes = 0
    for n, entry in enumerate(entries):
        if entry.record_id in sent:
            continue
        sent.add(entry.record_id)
        record = records[entry.record_id]
        if not servable(record):
            continue
        page_bytes += len(canonical.dumps(record.data))
        if changes and page_bytes > MAX_PAGE_BYTES:  # the rest come on the next page
            positions = _positions_before(start, entries[:n])
            more = True
            break
        changes.append(RecordChange(
            seq=entry.seq, district=record.district, record_id=record.id,
            form_id=record.form_id, form_version=record.form_version, area=dict(record.area),
            status=record.status, data=dict(record.data), version=record.version,
            deleted=record.deleted, hlc=record.hlc,
            conflicts=open_conflicts.get(record.id, []), origin=origins.get(record.id),
        ))
    remaining = _remaining(session, districts, positions) if extended else None
    return PullResponse(changes=changes, cursor=encode_cursor(positions), more=more,
                        server_time=utc_now_iso(), remaining=remaining)


def _origins(session: Session, record_ids: list[str]) -> dict[str, ChangeOrigin]:
    """The device (its name and enrolled user) whose op made each record's current version."""
    rows = session.exec(
        select(Record.id, RecordVersion.device_id, Device.name, User.name)
        .join(RecordVersion, (col(RecordVersion.record_id) == col(Record.id))
              & (col(RecordVersion.version) == col(Record.version)))
        .outerjoin(Device, col(Device.id) == col(RecordVersion.device_id))
        .outerjoin(User, col(User.id) == col(Device.user_id))
        .where(col(Record.id).in_(record_ids)))
    return {rid: ChangeOrigin(device_id=dev, device_name=name or "", user=user or "")
            for rid, dev, name, user in rows}


def _remaining(session: Session, districts: list[str], positions: dict[str, int]) -> int:
    """Change-log entries of the districts after `positions` (each district's log is numbered
    1, 2, 3...: its counter less the position)."""
    counters = session.exec(select(DistrictCounter.district, DistrictCounter.last_seq).where(
        col(DistrictCounter.district).in_(districts))) if districts else []
    return sum(max(0, last - positions.get(d, 0)) for d, last in counters)


def _positions_before(start: dict[str, int], served: list[ChangeLog]) -> dict[str, int]:
    positions = dict(start)
    for entry in served:
        positions[entry.district] = max(positions.get(entry.district, 0), entry.seq)
    return positions


def servable(record: Record) -> bool:
    """False for a record stored before the strict profile that breaks it (NaN, deep
    nesting...): it is left out of the page, with an error in the server log, instead of
    failing every pull of its district."""
    try:
        jsonprofile.check(record.data, where="data")
    except jsonprofile.ProfileError as exc:
        log.error("record %s of district %s cannot be served: %s; fix it with an update",
                  record.id, record.district, exc)
        return False
    return True


def conflict_info(row: ConflictRow) -> ConflictInfo:
    return ConflictInfo(
        conflict_id=row.id, record_id=row.record_id, path=row.path,
        candidates=[ConflictCandidate.model_validate(c, strict=False) for c in row.candidates],
        winner=row.winner, status="open" if row.status == "open" else "resolved",
    )
