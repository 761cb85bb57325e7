"""USB bundles on the server: its key pairs, importing up-bundles (from `tambon-server
import-bundle` and from a province PC's relay, POST /v1/bundles — one code path, ending in the
same `apply_ops` as an online push, channel "usb"), writing signed down-bundles, and the ledger.

A refused bundle changes nothing: every check (format, signature, the device's registered key
and district, revocation, checksums, counts) runs before the first write.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tambon_desktop.core import ids
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import merge, signing
from tambon_desktop.protocol.messages import (
    MAX_PULL_LIMIT,
    PROTOCOL_CURRENT,
    READ_ONLY_ROLES,
    BundleReceipt,
    OpResult,
    ServerKeys,
)
from tambon_desktop.server import apply, attachments, audit, changelog, scope
from tambon_desktop.server.tables import (
    AppliedOp,
    Attachment,
    AttachmentChunk,
    BundleLedger,
    Device,
    Record,
    ServerKey,
)

log = logging.getLogger("tambon.server.bundles")
BundleError = fmt.BundleError
MAX_DOWN_ATTACHMENT_BYTES = 256 * 1024 * 1024  # more than this: the PC fetches them online
_CHUNK = 1024 * 1024


class RelayRefused(fmt.BundleError):
    """The signed-in device may not relay this bundle (403)."""


# -- keys ----------------------------------------------------------------------------------

def _make(name: str) -> tuple[str, str]:
    return fmt.x25519_keypair() if name == "bundle" else signing.generate_keypair()


def server_keys(session: Session) -> dict[str, ServerKey]:
    """The server's key pairs, made (once, race-free across processes) when missing."""
    found = {k.name: k for k in session.exec(select(ServerKey))}
    missing = [n for n in ("bundle", "signing") if n not in found]
    if missing:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for name in missing:
            private, public = _make(name)
            session.execute(insert(ServerKey).values(
                name=name, private_key=private, public_key=public, created_at=utc_now_iso(),
            ).on_conflict_do_nothing())
        session.commit()
        found = {k.name: k for k in session.exec(
            select(ServerKey).execution_options(populate_existing=True))}
    return found


def ensure_keys(engine: Engine) -> ServerKeys:
    with Session(engine, expire_on_commit=False) as session:
        keys = public_keys(session)
        session.commit()
    return keys


def signing_private_key(engine: Engine) -> str:
    with Session(engine) as session:
        key = server_keys(session)["signing"].private_key
        session.commit()
    return key


def public_keys(session: Session) -> ServerKeys:
    keys = server_keys(session)
    return ServerKeys(bundle_public_key=keys["bundle"].public_key,
                      signing_public_key=keys["signing"].public_key)


# -- reading an up-bundle ----------------------------------------------------------------------

def _checker(session: Session, relay_by: Device | None, found: dict[str, Device]):
    def check(manifest: fmt.Manifest) -> None:
        if manifest.kind != "up":
            raise fmt.refuse("นี่คือชุดข้อมูลขาลง (จากเซิร์ฟเวอร์) ไม่ใช่ชุดข้อมูลจากอำเภอ",
                             "this is a down-bundle, not a district's up-bundle")
        device = session.get(Device, manifest.device_id)
        if device is None:
            raise fmt.refuse("เครื่องที่ส่งยังไม่ได้ลงทะเบียนกับเซิร์ฟเวอร์",
                             f"device {manifest.device_id} is not enrolled on this server")
        if device.public_key != manifest.signer_public_key:
            raise fmt.refuse("ลายมือชื่อไม่ใช่ของเครื่องที่ระบุ",
                             "signed with another key than the device's registered key")
        if device.revoked_at:
            raise fmt.refuse("เครื่องที่ส่งถูกเพิกถอนแล้ว", f"device {device.id} has been revoked")
        if not device.district or manifest.district != device.district:
            raise fmt.refuse(f"ชุดข้อมูลระบุอำเภอ {manifest.district} แต่เครื่องสังกัด {device.district}",
                             f"bundle claims district {manifest.district}, the device is "
                             f"registered for {device.district}")
        if relay_by is not None and relay_by.id != device.id and not (
            relay_by.role == "admin" or (relay_by.role in READ_ONLY_ROLES and scope.covers(
                scope.codes_for(session, relay_by), device.district))
        ):
            raise RelayRefused("ส่งต่อชุดข้อมูลของอำเภอนอกจังหวัดไม่ได้",
                               f"device {relay_by.id} may not relay bundles of {device.district}")
        found["device"] = device

    return check


def read_up(session: Session, source: Path | bytes, *,
            relay_by: Device | None = None) -> tuple[fmt.Bundle, Device]:
    """Read and fully verify an up-bundle against the device registry; decrypt it."""
    found: dict[str, Device] = {}
    bundle = fmt.read_bundle(source, check=_checker(session, relay_by, found))
    if bundle.sealed:
        keys = server_keys(session)["bundle"]
        enc = bundle.manifest.encryption
        if enc is None or enc.recipient != keys.public_key:
            raise fmt.refuse("ชุดข้อมูลเข้ารหัสไว้สำหรับเซิร์ฟเวอร์อื่น",
                             "the bundle is sealed to another server's key")
        bundle = fmt.open_sealed(bundle, keys.private_key)
    return bundle, found["device"]


# -- preview and import ----------------------------------------------------------------------

@dataclass
class Preview:
    bundle_id: str
    kind: str
    district: str | None
    device_id: str
    device_name: str
    signer: str  # who signed it, as the server knows them
    created_at: str
    seq_first: int
    seq_last: int
    op_count: int
    attachment_count: int
    encrypted: bool
    new: int = 0
    known: int = 0
    conflict: int = 0
    waiting: int = 0  # ops after a gap: kept until the ops before them arrive
    imported_before: int = 0
    items: list[tuple[int, str, str, str]] = field(default_factory=list)  # seq, kind, record, state


def preview(session: Session, bundle: fmt.Bundle, device: Device) -> Preview:
    m = bundle.manifest
    assert isinstance(m, fmt.UpManifest)
    seen = {row.op_id: row for row in session.exec(select(AppliedOp).where(
        col(AppliedOp.op_id).in_([op.op_id for op in bundle.ops])))} if bundle.ops else {}
    row = _ledger_row(session, m.bundle_id, "in")
    result = Preview(
        bundle_id=m.bundle_id, kind=m.kind, district=m.district, device_id=m.device_id,
        device_name=device.name, signer=f"device {device.id} ({device.name or device.role})",
        created_at=m.created_at, seq_first=m.seq_first, seq_last=m.seq_last,
        op_count=m.op_count, attachment_count=m.attachment_count,
        encrypted=m.encryption is not None, imported_before=row.imports if row else 0)
    created: set[str] = set()
    for op in bundle.ops:
        state = _op_state(session, op, seen.get(op.op_id), device, created)
        if state == "new" and op.device_seq > device.last_seq + 1 and m.seq_first > device.last_seq + 1:
            state = "waiting"
        setattr(result, state, getattr(result, state) + 1)
        result.items.append((op.device_seq, op.kind, op.record_id, state))
    return result


def _op_state(session: Session, op, seen: AppliedOp | None, device: Device,
              created: set[str]) -> str:
    if seen is not None:
        return "known" if seen.hash == op.hash else "conflict"
    record = session.get(Record, op.record_id)
    if op.kind == "create":
        created.add(op.record_id)
        return "conflict" if record is not None else "new"
    if record is None:
        return "new" if op.record_id in created else "conflict"
    for name in op.fields:
        stamp = record.field_meta.get(name)
        if stamp and merge.Stamp.from_dict(stamp).device_id != device.id and \
                merge.Stamp.from_dict(stamp).version > op.base_version:
            return "conflict"
    return "new"


def import_up(session: Session, source: Path | bytes, *, via: str,
              relay_by: Device | None = None) -> BundleReceipt:
    """Verify, then apply an up-bundle's ops with `apply_ops(channel="usb")` and record it in
    the ledger. Importing a bundle again, or ops that came online, changes nothing more."""
    try:
        bundle, device = read_up(session, source, relay_by=relay_by)
    except fmt.BundleError as exc:
        log.warning("bundle refused (%s): %s", via, exc.message_en)
        session.rollback()
        raise
    m = bundle.manifest
    assert isinstance(m, fmt.UpManifest)
    _store_attachments(session, device=device, found=bundle.attachments)
    try:  # one transaction for the whole bundle: a bad op signature refuses all of it
        outcome = apply.apply_ops(session, device=device, ops=bundle.ops, channel="usb")
    except apply.BadBatch as exc:
        session.rollback()
        raise fmt.refuse(f"รายการเปลี่ยนแปลงไม่ผ่านการตรวจ: {exc.refusal.message_th}",
                         f"{exc.refusal.code}: {exc.refusal.message_en}") from None
    results, acked = outcome.results, outcome.acked_through
    counts = {s: sum(r.status == s for r in results)
              for s in ("applied", "duplicate", "rejected", "deferred")}
    result = {**counts, "acked_through": acked}
    row = _record(session, m, bundle, direction="in", via=via, result=result, cursor=m.pull_cursor)
    audit.record(session, actor=via if via.startswith("relay:") else "cli",
                 action="bundle.import", district=device.district, target=m.bundle_id,
                 detail={**result, "device": device.id, "imports": row.imports})
    session.commit()
    return BundleReceipt(bundle_id=m.bundle_id, district=device.district or "",
                         device_id=device.id, op_count=m.op_count, acked_through=acked,
                         imports=row.imports, **counts)


def _store_attachments(session: Session, *, device: Device, found: dict[str, bytes]) -> None:
    district = device.district
    assert district
    adding = sum(len(data) for data in found.values())
    if adding and attachments.stored_bytes(session, district=district) + adding > \
            attachments.DISTRICT_ATTACHMENT_BYTES:
        raise fmt.refuse("พื้นที่เก็บไฟล์แนบของอำเภอบนเซิร์ฟเวอร์เต็ม ติดต่อผู้ดูแลระบบ",
                         f"district {district}'s attachment quota on the server is full")
    for sha, data in sorted(found.items()):
        row = session.get(Attachment, (sha, district))
        if row is not None and row.complete:
            continue
        if row is None:
            row = Attachment(sha256=sha, district=district, device_id=device.id,
                             created_at=utc_now_iso())
        else:
            for chunk in session.exec(select(AttachmentChunk).where(
                    AttachmentChunk.sha256 == sha, AttachmentChunk.district == district)):
                session.delete(chunk)
            session.flush()
        for offset in range(0, len(data), _CHUNK):
            session.add(AttachmentChunk(sha256=sha, district=district, offset=offset,
                                        data=data[offset:offset + _CHUNK]))
        row.received = row.size = len(data)
        row.complete = True
        session.add(row)
        audit.record(session, actor=f"device:{device.id}", action="attachment.add",
                     district=district, target=sha, detail={"size": len(data), "channel": "usb"})


def _ledger_row(session: Session, bundle_id: str, direction: str) -> BundleLedger | None:
    return session.exec(select(BundleLedger).where(
        BundleLedger.bundle_id == bundle_id, BundleLedger.direction == direction)).first()


def _record(session: Session, m: fmt.Manifest, bundle: fmt.Bundle | None, *, direction: str,
            via: str, result: dict[str, Any], cursor: str, file_sha256: str = "",
            size: int = 0) -> BundleLedger:
    now = utc_now_iso()
    row = _ledger_row(session, m.bundle_id, direction)
    if row is not None:
        row.imports += 1
        row.last_at, row.result, row.via = now, result, via
        session.add(row)
        return row
    up = isinstance(m, fmt.UpManifest)
    row = BundleLedger(
        bundle_id=m.bundle_id, direction=direction, kind=m.kind, district=m.district,
        device_id=m.device_id, created_at=m.created_at,
        file_sha256=bundle.file_sha256 if bundle else file_sha256,
        size=bundle.size if bundle else size, seq_first=m.seq_first if up else 0,
        seq_last=m.seq_last if up else 0, op_count=m.op_count if up else 0,
        change_count=0 if up else m.change_count, attachment_count=m.attachment_count,
        encrypted=m.encryption is not None, cursor=cursor, via=via, result=result, imports=1,
        first_at=now, last_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same bundle imported at the same moment elsewhere
        row = _ledger_row(session, m.bundle_id, direction)
        assert row is not None
        row.imports += 1
        row.last_at, row.result = now, result
        session.add(row)
    return row


# -- down-bundles ----------------------------------------------------------------------------

def device_cursor(session: Session, device_id: str) -> str:
    """The pull cursor the device reported in its newest up-bundle ("" when none)."""
    row = session.exec(
        select(BundleLedger)
        .where(BundleLedger.device_id == device_id, BundleLedger.direction == "in")
        .order_by(col(BundleLedger.created_at).desc(), col(BundleLedger.id).desc())
    ).first()
    return row.cursor if row else ""


def export_down(session: Session, *, device_id: str, target_dir: Path,
                from_start: bool = False, via: str = "cli") -> tuple[Path, fmt.DownManifest]:
    """Write a signed down-bundle for a device: its acknowledgements and rejections, and its
    district's changes since the cursor of its newest up-bundle (or from the start), sealed to
    that device's key: a lost stick shows the manifest, never the district's records."""
    device = session.get(Device, device_id)
    if device is None:
        raise BundleError("ไม่พบเครื่องนี้", f"no device {device_id}")
    if device.revoked_at:
        raise BundleError("เครื่องนี้ถูกเพิกถอนแล้ว", f"device {device_id} has been revoked")
    start = "" if from_start else device_cursor(session, device_id)
    changes, cursor = [], start
    while True:
        page = changelog.pull(session, device=device, cursor=cursor, limit=MAX_PULL_LIMIT)
        changes.extend(page.changes)
        cursor = page.cursor
        if not page.more:
            break
    rejected = [
        OpResult(op_id=r.op_id, device_seq=r.device_seq, status="rejected", reason=r.reason,
                 record_id=r.record_id)
        for r in session.exec(select(AppliedOp).where(
            AppliedOp.device_id == device.id, AppliedOp.status == "rejected")
            .order_by(col(AppliedOp.device_seq)))
    ]
    found = _down_attachments(session, device, changes)
    now = utc_now_iso()
    body = fmt.DownBody(device_id=device.id, acked_through=device.last_seq, rejected=rejected,
                        changes=changes, from_cursor=start, cursor=cursor, server_time=now)
    bundle_id = ids.uuid7()
    manifest = {
        "kind": "down", "signer": "server", "bundle_id": bundle_id, "created_at": now,
        "protocol": PROTOCOL_CURRENT, "device_id": device.id, "district": device.district,
        "province": device.province, "acked_through": device.last_seq,
        "rejected_count": len(rejected), "change_count": len(changes), "from_cursor": start,
        "cursor": cursor,
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    name = f"tambon-down-{device.district or device.province or 'region'}-{device.id[:8]}-{stamp}{fmt.SUFFIX}"
    key = server_keys(session)["signing"].private_key
    path = fmt.write_bundle(Path(target_dir), name=name, manifest=manifest,
                            signer_private_hex=key, down=body, attachments=found,
                            encrypt_to=fmt.device_recipient(device.public_key))
    written = fmt.read_bundle(path)  # checked as far as the server can: signature, sizes
    m = written.manifest
    assert isinstance(m, fmt.DownManifest)
    _record(session, m, written, direction="out", via=via, cursor=cursor,
            result={"acked_through": device.last_seq, "changes": len(changes),
                    "rejected": len(rejected)})
    audit.record(session, actor=via, action="bundle.export", district=device.district,
                 target=bundle_id, detail={"device": device.id, "changes": len(changes)})
    session.commit()
    return path, m


def _refs(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        sha = value.get("sha256")
        if isinstance(sha, str) and len(sha) == 64:
            found.add(sha)
        for item in value.values():
            _refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _refs(item, found)


def _down_attachments(session: Session, device: Device, changes: list) -> dict[str, bytes]:
    wanted: set[str] = set()
    for change in changes:
        if not change.deleted:
            _refs(change.data, wanted)
    found, total = {}, 0
    for sha in sorted(wanted):
        try:
            data = attachments.read(session, device=device, sha256=sha)
        except attachments.AttachmentError:
            continue  # not on the server: the PC keeps asking for it online
        if total + len(data) > MAX_DOWN_ATTACHMENT_BYTES:
            break
        found[sha] = data
        total += len(data)
    return found


def ledger(session: Session, *, district: str | None = None) -> list[BundleLedger]:
    stmt = select(BundleLedger).order_by(col(BundleLedger.last_at).desc(),
                                         col(BundleLedger.id).desc())
    if district:
        stmt = stmt.where(BundleLedger.district == district)
    return list(session.exec(stmt))


def preview_dict(p: Preview) -> dict[str, Any]:
    return asdict(p)
