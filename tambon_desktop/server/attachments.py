"""Attachments (scanned minutes, photos): content-addressed by SHA-256, uploaded in resumable
chunks, verified before they count as present, readable by everyone in the district's scope."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol.messages import MAX_ATTACHMENT_BYTES, AttachmentState
from tambon_desktop.server import audit, scope
from tambon_desktop.server.tables import Attachment, AttachmentChunk, Device

# Quotas (docs/sync.md, "Limits"): what one district may keep, and how many uploads one device
# may leave unfinished; an unfinished upload untouched this long is cleaned away.
DISTRICT_ATTACHMENT_BYTES = 20 * 1024**3
MAX_UNFINISHED_PER_DEVICE = 16
UNFINISHED_TTL_SECONDS = 7 * 24 * 3600


class AttachmentError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _writable_district(device: Device) -> str:
    if not device.district:
        raise AttachmentError(403, f"a {device.role} account cannot upload attachments")
    return device.district


def state(session: Session, *, device: Device, sha256: str) -> AttachmentState:
    row = session.get(Attachment, (sha256, _writable_district(device)))
    if row is None:
        return AttachmentState(sha256=sha256, received=0, complete=False)
    return AttachmentState(sha256=sha256, received=row.received, complete=row.complete,
                           size=row.size)


def put_chunk(
    session: Session, *, device: Device, sha256: str, offset: int, data: bytes
) -> AttachmentState:
    district = _writable_district(device)
    row = session.get(Attachment, (sha256, district))
    if row is None:
        clean_unfinished(session, district=district)
        _check_quota(session, device=device, district=district)
        row = Attachment(sha256=sha256, district=district, device_id=device.id,
                         created_at=utc_now_iso())
    if row.complete or offset + len(data) <= row.received:
        return AttachmentState(sha256=sha256, received=row.received, complete=row.complete,
                               size=row.size)  # a resent chunk: already stored
    if offset != row.received:
        raise AttachmentError(409, f"expected the chunk at offset {row.received}, got {offset}")
    if offset + len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(413, "attachment is larger than the server accepts")
    if offset + len(data) + stored_bytes(session, district=district) > DISTRICT_ATTACHMENT_BYTES:
        raise AttachmentError(507, "the district's attachment quota on the server is full; "
                                   "ask the administrator")
    session.add(AttachmentChunk(sha256=sha256, district=district, offset=offset, data=data))
    row.received = offset + len(data)
    session.add(row)
    return AttachmentState(sha256=sha256, received=row.received, complete=False)


def complete(session: Session, *, device: Device, sha256: str, size: int) -> AttachmentState:
    district = _writable_district(device)
    row = session.get(Attachment, (sha256, district))
    if row is None:
        raise AttachmentError(404, "no upload of this attachment has started")
    if row.complete:
        return AttachmentState(sha256=sha256, received=row.received, complete=True, size=row.size)
    digest = hashlib.sha256()
    for chunk in _chunks(session, sha256=sha256, district=district):
        digest.update(chunk.data)
    if row.received != size or digest.hexdigest() != sha256:
        session.execute(delete(AttachmentChunk).where(
            AttachmentChunk.sha256 == sha256, AttachmentChunk.district == district))
        row.received = 0
        session.add(row)
        raise AttachmentError(422, "attachment content does not match its SHA-256; upload again")
    row.complete, row.size = True, size
    session.add(row)
    audit.record(session, actor=f"device:{device.id}", action="attachment.add",
                 district=district, target=sha256, detail={"size": size})
    return AttachmentState(sha256=sha256, received=size, complete=True, size=size)


def stored_bytes(session: Session, *, district: str) -> int:
    """Bytes of attachments (finished or not) the district keeps on the server."""
    total = session.exec(select(func.coalesce(func.sum(Attachment.received), 0))
                         .where(Attachment.district == district)).one()
    return int(total or 0)


def _check_quota(session: Session, *, device: Device, district: str) -> None:
    unfinished = session.exec(select(func.count()).select_from(Attachment).where(
        Attachment.device_id == device.id, col(Attachment.complete).is_(False))).one()
    if unfinished >= MAX_UNFINISHED_PER_DEVICE:
        raise AttachmentError(429, f"this device has {unfinished} unfinished uploads; finish "
                                   "them (or wait for their clean-up) before starting another")


def clean_unfinished(session: Session, *, district: str | None = None,
                     older_than: float = UNFINISHED_TTL_SECONDS) -> int:
    """Drop uploads started over `older_than` seconds ago and still unfinished; returns how
    many (each new upload cleans its district first)."""
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=older_than)).strftime(
        "%Y-%m-%dT%H:%M:%S")
    stmt = select(Attachment).where(col(Attachment.complete).is_(False),
                                    col(Attachment.created_at) < cutoff)
    if district:
        stmt = stmt.where(Attachment.district == district)
    rows = list(session.exec(stmt))
    for row in rows:
        session.execute(delete(AttachmentChunk).where(
            AttachmentChunk.sha256 == row.sha256, AttachmentChunk.district == row.district))
        session.delete(row)
    return len(rows)


def _chunks(session: Session, *, sha256: str, district: str):
    return session.exec(
        select(AttachmentChunk)
        .where(AttachmentChunk.sha256 == sha256, AttachmentChunk.district == district)
        .order_by(col(AttachmentChunk.offset))
    )


def read(session: Session, *, device: Device, sha256: str) -> bytes:
    stmt = select(Attachment).where(Attachment.sha256 == sha256, col(Attachment.complete))
    stmt = stmt.where(scope.where_district(Attachment.district, scope.codes_for(session, device)))
    row = session.exec(stmt).first()
    if row is None:
        raise AttachmentError(404, "no such attachment in your scope")
    return b"".join(c.data for c in _chunks(session, sha256=sha256, district=row.district))
