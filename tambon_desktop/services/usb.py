"""USB exchange with the province: the facade the desktop app and `tambon usb-*` call.

- `export_bundle(ws, dir)` writes an up-bundle of every op the server has not acknowledged
  (cumulative: a lost stick costs nothing), signed by this PC, sealed to the server's key when
  known, written atomically and read back before it reports success.
- `preview(ws, file)` says what importing would do, changing nothing. Down-bundles come sealed
  to this PC's key and are opened with it.
- `import_bundle(ws, file)`: on a district PC, applies a down-bundle with the same code as an
  online pull (outbox_state.settle, then stage/apply_pulled); on a province PC
  (role province_officer), verifies an up-bundle, keeps it in the relay folder and queues it:
  the next `tambon sync` passes it to the server as it is (`relay_queued`).
- `ledger(ws)` lists bundles written and read (LEDGER_COLUMNS).

The format is protocol/bundle.py (`tambon-bundle/1`); docs/usb.md is the contract.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from tambon_desktop.core import ids
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.core.errors import Cancelled, KnownError
from tambon_desktop.core.files import write_atomic
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import (
    MAX_RELAY_BYTES,
    PROTOCOL_CURRENT,
    decode_cursor,
    encode_cursor,
)
from tambon_desktop.services import attachments
from tambon_desktop.services.changes import Changes
from tambon_desktop.services.sync_common import (
    ProgressFn,
    SyncProgress,
    apply_staged,
    attachment_refs,
    check_cancel,
    quiet,
    title_of,
)
from tambon_desktop.services.sync_transport import SyncAuthError, SyncRefused, SyncServerError
from tambon_desktop.services.usb_preview import Preview, classify_changes, classify_ops
from tambon_desktop.store import outbox_state, pulled, sync_meta, usb_ledger

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

LEDGER_COLUMNS = usb_ledger.LEDGER_COLUMNS
RelayItem = usb_ledger.RelayItem
STATE_LABELS = {"written": "เขียนแล้ว", "applied": "นำเข้าแล้ว", "queued": "รอส่งต่อ",
                "relayed": "ส่งต่อแล้ว", "refused": "เซิร์ฟเวอร์ไม่รับ (พักไว้)"}
RELAY_DIR = "usb-relay"

__all__ = ["ExportResult", "ImportResult", "Preview", "export_bundle", "import_bundle",
           "ledger", "preview", "relay_queued", "relay_queue", "relay_retry", "relay_drop",
           "RelayItem", "LEDGER_COLUMNS", "STATE_LABELS"]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    op_count: int
    seq_first: int
    seq_last: int
    attachment_count: int
    missing_attachments: int  # referenced but not on this PC (the server may have them)
    encrypted: bool
    size: int
    op_changes: ClassVar[Changes] = Changes(outbox=True)  # the ops are "sent" now


@dataclass
class ImportResult:
    action: str  # "applied" (down-bundle) or "queued" (province relay)
    bundle_id: str
    times: int  # how often this bundle has been imported here (1 = first time)
    acked: int = 0
    rejected: int = 0
    changes: int = 0  # records changed here
    attachments: int = 0
    relay_path: Path | None = None
    notes: list[str] = field(default_factory=list)  # Thai, for the clerk
    changed: list[str] = field(default_factory=list)
    op_changes: ClassVar[Changes] = Changes()  # set by an applied down-bundle


def _meta(ws: Workspace, *keys: str) -> dict[str, str | None]:
    with ws.db.read() as s:
        return {k: sync_meta.get_meta(s, k) for k in keys}


def _check(cancel: threading.Event | None) -> None:
    check_cancel(cancel, "ยกเลิกการเขียนชุดข้อมูลแล้ว", "bundle export cancelled")


# -- export ----------------------------------------------------------------------------------

def export_bundle(ws: Workspace, target_dir: Path | str, *, progress: ProgressFn | None = None,
                  cancel: threading.Event | None = None) -> ExportResult:
    progress = progress or quiet
    if ws.read_only:
        raise KnownError("เครื่องระดับจังหวัดไม่มีรายการที่ต้องส่งออก", "a province PC has no ops to export")
    target = Path(target_dir)
    if not target.is_dir():
        raise KnownError(f"ไม่พบโฟลเดอร์ {target} (เสียบแฟลชไดรฟ์แล้วหรือยัง)", f"no folder {target}")
    meta = _meta(ws, "private_key", "server_bundle_key", "pull_cursor")
    key = meta["private_key"]
    if not key:
        raise KnownError("เครื่องนี้ยังไม่เคยลงทะเบียนกับเซิร์ฟเวอร์ ให้ลงชื่อเข้าเซิร์ฟเวอร์ (tambon login) "
                         "อย่างน้อยหนึ่งครั้งก่อนส่งข้อมูลทาง USB",
                         "this PC has never enrolled with the server: run 'tambon login' once")
    with ws.db.read() as s:
        ops = outbox_state.ops_to_send(s, limit=fmt.MAX_OPS)
    progress(SyncProgress("sign", 0, len(ops)))
    signed = []
    for n, op in enumerate(ops):
        if n % 1000 == 0:
            _check(cancel)
        signed.append(signing.sign_op(op, key))
    found, missing = _attachments(ws, ops, cancel)
    progress(SyncProgress("write", 0, 1))
    bundle_id = ids.uuid7()
    manifest = {
        "kind": "up", "signer": "device", "bundle_id": bundle_id, "created_at": utc_now_iso(),
        "protocol": PROTOCOL_CURRENT, "device_id": ws.device_id, "district": ws.district,
        "province": ws.district[:2], "seq_first": ops[0].device_seq if ops else 0,
        "seq_last": ops[-1].device_seq if ops else 0, "op_count": len(ops),
        "pull_cursor": meta["pull_cursor"] or "",
    }
    last = ops[-1].device_seq if ops else 0
    name = f"tambon-up-{ws.district}-{ws.device_id[:8]}-{last:06d}-{bundle_id[-6:]}{fmt.SUFFIX}"
    try:
        path = fmt.write_bundle(target, name=name, manifest=manifest, signer_private_hex=key,
                                ops=signed, attachments=found,
                                encrypt_to=meta["server_bundle_key"],
                                should_stop=(lambda: cancel.is_set()) if cancel else None)
    except Cancelled:
        raise Cancelled("ยกเลิกการเขียนชุดข้อมูลแล้ว", "bundle export cancelled") from None
    size = path.stat().st_size
    with ws.db.write() as s:
        outbox_state.mark_sent(s, op_ids=[op.op_id for op in ops])
        usb_ledger.ledger_put(
            s, bundle_id=bundle_id, direction="out", kind="up", district=ws.district,
            device_id=ws.device_id, created_at=manifest["created_at"], file_name=path.name,
            file_sha256=attachments.file_sha256(path), size=size, seq_first=manifest["seq_first"],
            seq_last=last, op_count=len(ops), attachment_count=len(found),
            encrypted=bool(meta["server_bundle_key"]), state="written",
            detail=f"missing attachments: {missing}" if missing else "")
    progress(SyncProgress("write", 1, 1))
    return ExportResult(path=path, bundle_id=bundle_id, op_count=len(ops),
                        seq_first=manifest["seq_first"], seq_last=last,
                        attachment_count=len(found), missing_attachments=missing,
                        encrypted=bool(meta["server_bundle_key"]), size=size)


def _attachments(ws: Workspace, ops, cancel) -> tuple[dict[str, bytes], int]:
    wanted = sorted({sha for op in ops for sha in attachment_refs(op.fields)})
    found, missing = {}, 0
    for sha in wanted:
        _check(cancel)
        data = attachments.read(ws.folder, sha)
        if data is None:
            missing += 1
            continue
        found[sha] = data
    return found, missing


# -- reading and preview ---------------------------------------------------------------------

def _read(ws: Workspace, path: Path) -> fmt.Bundle:
    province = ws.read_only  # a province or region PC: relays up-bundles of its scope
    meta = _meta(ws, "server_signing_key", "private_key")

    def check(m: fmt.Manifest) -> None:
        if m.kind == "down":
            if not meta["server_signing_key"]:
                raise fmt.refuse("ยังไม่รู้จักกุญแจของเซิร์ฟเวอร์ ให้ลงชื่อเข้าเซิร์ฟเวอร์ (tambon login) ก่อน",
                                 "the server's signing key is not known here: run 'tambon login'")
            if m.signer_public_key != meta["server_signing_key"]:
                raise fmt.refuse("ลายมือชื่อไม่ใช่ของเซิร์ฟเวอร์ที่เครื่องนี้ลงทะเบียนไว้",
                                 "not signed by the server this PC enrolled with")
            if m.district != ws.district and not province:
                raise fmt.refuse(f"ชุดข้อมูลนี้เป็นของอำเภอ {m.district} ไม่ใช่ของอำเภอนี้ ({ws.district})",
                                 f"a bundle of district {m.district}, this PC is {ws.district}")
            if m.device_id != ws.device_id:
                raise fmt.refuse("ชุดข้อมูลนี้ทำไว้สำหรับเครื่องอื่น",
                                 f"this down-bundle is for device {m.device_id}")
            return
        if not province:
            raise fmt.refuse("นี่คือชุดข้อมูลที่อำเภอส่งออก ต้องนำเข้าที่จังหวัดหรือที่เซิร์ฟเวอร์",
                             "an up-bundle is imported at the province or on the server")
        if not m.district or not ws.in_scope(m.district):
            raise fmt.refuse(f"ชุดข้อมูลนี้เป็นของอำเภอ {m.district} นอกจังหวัดนี้",
                             f"a bundle of district {m.district}, outside this province")

    bundle = fmt.read_bundle(Path(path), check=check)
    if bundle.sealed and bundle.manifest.kind == "down":
        return _open_down(bundle, meta["private_key"])
    return bundle


def _open_down(bundle: fmt.Bundle, private_key: str | None) -> fmt.Bundle:
    """A down-bundle is sealed to this device's key (docs/usb.md); a PC whose key changed since
    (signed in again) cannot open older ones and is told to ask for a new one."""
    enc = bundle.manifest.encryption
    assert enc is not None
    if not private_key or enc.recipient != fmt.device_recipient(
            signing.public_key_of(private_key)):
        raise fmt.refuse("ชุดข้อมูลนี้เข้ารหัสไว้สำหรับกุญแจเดิมของเครื่องนี้ (เครื่องลงชื่อเข้าใหม่แล้ว) "
                         "ขอชุดข้อมูลชุดใหม่จากเซิร์ฟเวอร์ (export-down)",
                         "sealed to an earlier key of this PC: export a new down-bundle")
    return fmt.open_sealed(bundle, fmt.device_opener(private_key))


def preview(ws: Workspace, path: Path | str) -> Preview:
    """What importing `path` would do; changes nothing. Raises BundleError for a bundle that
    would be refused (with the Thai reason)."""
    bundle = _read(ws, Path(path))
    m = bundle.manifest
    with ws.db.read() as s:
        times = usb_ledger.ledger_times(s, bundle_id=m.bundle_id, direction="in")
        if isinstance(m, fmt.UpManifest):
            result = Preview.of(m, path=Path(path), action="relay", imported_before=times)
            if not bundle.sealed:
                classify_ops(s, bundle.ops, result)
            else:
                result.notes.append("ชุดข้อมูลเข้ารหัสไว้สำหรับเซิร์ฟเวอร์: ตรวจได้เฉพาะรายการกำกับและลายมือชื่อ")
        else:
            result = Preview.of(m, path=Path(path), action="apply", imported_before=times)
            assert bundle.down is not None
            classify_changes(s, bundle.down, result, cursor_note=_cursor_gap(
                sync_meta.get_meta(s, "pull_cursor") or "", m.from_cursor))
    return result


def _cursor_gap(current: str, start: str) -> bool:
    """True when the bundle starts after where this PC is (changes in between are missing)."""
    have, begins = decode_cursor(current), decode_cursor(start)
    return any(seq > have.get(d, 0) for d, seq in begins.items())


def _merged_cursor(current: str, bundle_cursor: str, start: str) -> str:
    if _cursor_gap(current, start):
        return current  # keep ours: the changes before the bundle's start never came
    have = decode_cursor(current)
    for district, seq in decode_cursor(bundle_cursor).items():
        have[district] = max(have.get(district, 0), seq)
    return encode_cursor(have) if have else ""


# -- import ----------------------------------------------------------------------------------

def import_bundle(ws: Workspace, path: Path | str) -> ImportResult:
    bundle = _read(ws, Path(path))
    if isinstance(bundle.manifest, fmt.UpManifest):
        return _queue_relay(ws, Path(path), bundle)
    return _apply_down(ws, Path(path), bundle)


def _ledger_fields(m: fmt.Manifest, bundle: fmt.Bundle, path: Path) -> dict:
    up = isinstance(m, fmt.UpManifest)
    return dict(bundle_id=m.bundle_id, direction="in", kind=m.kind, district=m.district or "",
                device_id=m.device_id, created_at=m.created_at, file_name=path.name,
                file_sha256=bundle.file_sha256, size=bundle.size,
                seq_first=m.seq_first if up else 0, seq_last=m.seq_last if up else 0,
                op_count=m.op_count if up else 0, change_count=0 if up else m.change_count,
                attachment_count=m.attachment_count, encrypted=m.encryption is not None)


def _apply_down(ws: Workspace, path: Path, bundle: fmt.Bundle) -> ImportResult:
    m, body = bundle.manifest, bundle.down
    assert isinstance(m, fmt.DownManifest) and body is not None
    saved = _save_attachments(ws, bundle.attachments)
    rejected = {r.op_id: r for r in body.rejected}
    notes = []
    with ws.db.write() as s:
        unsent = [op for op in outbox_state.ops_to_send(s, limit=fmt.MAX_OPS)
                  if op.device_seq <= body.acked_through]
        results = [rejected[op.op_id].model_dump() if op.op_id in rejected
                   else {"op_id": op.op_id, "status": "applied"} for op in unsent]
        counts = outbox_state.settle(s, results=results, title_of=title_of)
        if body.acked_through > int(sync_meta.get_meta(s, "acked_through") or 0):
            sync_meta.set_meta(s, acked_through=str(body.acked_through))
        current = sync_meta.get_meta(s, "pull_cursor") or ""
        if _cursor_gap(current, m.from_cursor):
            notes.append("ชุดข้อมูลนี้เริ่มหลังจากข้อมูลที่เครื่องนี้มี: ขอชุดข้อมูลฉบับเต็มจากเซิร์ฟเวอร์ "
                         "(export-down --from-start) หรือซิงค์ออนไลน์")
        cursor = _merged_cursor(current, m.cursor, m.from_cursor)
        pulled.stage(s, changes=[c.model_dump() for c in body.changes], cursor=cursor)
        changed, forms = apply_staged(s, cursor=cursor)
        times = usb_ledger.ledger_put(s, **_ledger_fields(m, bundle, path), state="applied",
                                     detail=f"acked {counts['acked']}, rejected "
                                            f"{counts['rejected']}, changed {len(changed)}")
    result = ImportResult(action="applied", bundle_id=m.bundle_id, times=times,
                          acked=counts["acked"], rejected=counts["rejected"],
                          changes=len(changed), attachments=saved, notes=notes, changed=changed)
    result.op_changes = Changes(tuple(changed), forms,
                                outbox=bool(counts["acked"] or counts["rejected"]))
    return result


def _save_attachments(ws: Workspace, found: dict[str, bytes]) -> int:
    return sum(attachments.save(ws.folder, sha, data) for sha, data in found.items())


def _queue_relay(ws: Workspace, path: Path, bundle: fmt.Bundle) -> ImportResult:
    m = bundle.manifest
    target = Path(ws.folder) / RELAY_DIR / f"{m.bundle_id}{fmt.SUFFIX}"
    notes = []
    if bundle.size > MAX_RELAY_BYTES:
        notes.append("ชุดข้อมูลใหญ่เกินกว่าจะส่งต่อทางเครือข่าย: นำไปนำเข้าที่เซิร์ฟเวอร์โดยตรง")
    if not target.exists():
        write_atomic(target, path.read_bytes())
    with ws.db.write() as s:
        state = usb_ledger.ledger_state(s, bundle_id=m.bundle_id, direction="in")
        times = usb_ledger.ledger_put(s, **_ledger_fields(m, bundle, path), state="queued",
                                     relay_path=str(target), keep_state=state is not None)
    if state in ("relayed", "refused"):
        notes.append("ชุดข้อมูลนี้เคยนำเข้าและส่งต่อแล้ว")
    return ImportResult(action="queued", bundle_id=m.bundle_id, times=times, relay_path=target,
                        notes=notes)


def relay_queued(ws: Workspace, http, *, progress: ProgressFn | None = None) -> int:
    """Pass queued up-bundles to the server (POST /v1/bundles), as they are. A bundle the
    server refuses (4xx, or a 500 it failed on) is set aside — state "refused", with the
    server's reason, kept in the relay folder until retried or dropped (`relay_retry`,
    `relay_drop`, `tambon usb-queue`) — and the relay carries on with the rest. A lost link,
    a busy server (429, 502-504) or a sign-in problem (401) stops here and leaves the rest
    queued for the next round."""
    progress = progress or quiet
    with ws.db.read() as s:
        queued = usb_ledger.ledger_queued(s)
    sent = 0
    for n, (bundle_id, file) in enumerate(queued):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            _mark(ws, bundle_id, "refused", f"relay file missing: {exc}")
            continue
        try:
            receipt = http.upload_bundle(data)
        except SyncAuthError as exc:
            if exc.status == 401:
                raise
            _mark(ws, bundle_id, "refused", exc.detail)  # 403: not this PC's to relay
            continue
        except SyncRefused as exc:
            _mark(ws, bundle_id, "refused", exc.detail)
            continue
        except SyncServerError as exc:
            if exc.status != 500:
                raise
            _mark(ws, bundle_id, "refused", f"the server failed on this bundle: {exc.message_en}")
            continue
        _mark(ws, bundle_id, "relayed",
              f"applied {receipt.applied}, known {receipt.duplicate}, rejected "
              f"{receipt.rejected}, waiting {receipt.deferred}")
        sent += 1
        progress(SyncProgress("relay", n + 1, len(queued)))
    return sent


def relay_queue(ws: Workspace) -> list[RelayItem]:
    """Up-bundles this (province) PC holds for relay: queued ones and set-aside ones."""
    with ws.db.read() as s:
        return usb_ledger.relay_rows(s)


def _find(ws: Workspace, bundle_id: str) -> RelayItem:
    found = [item for item in relay_queue(ws) if item.bundle_id.startswith(bundle_id.strip())]
    if len(found) != 1 or not bundle_id.strip():
        raise KnownError(f"ไม่พบชุดข้อมูล {bundle_id} ในคิวส่งต่อ" if not found else
                         f"รหัส {bundle_id} ตรงกับหลายชุดข้อมูล ให้ระบุให้ยาวขึ้น",
                         f"no bundle {bundle_id!r} in the relay queue" if not found else
                         f"{bundle_id!r} matches {len(found)} bundles: give more of the id")
    return found[0]


def relay_retry(ws: Workspace, bundle_id: str) -> RelayItem:
    """Queue a set-aside bundle again: the next `tambon sync` offers it to the server."""
    item = _find(ws, bundle_id)
    if not Path(item.file).is_file():
        raise KnownError("ไม่พบไฟล์ของชุดข้อมูลนี้แล้ว ให้นำเข้าจากแฟลชไดรฟ์อีกครั้ง",
                         f"the relay file {item.file} is gone: import the bundle again")
    _mark(ws, item.bundle_id, "queued", f"queued again (was: {item.detail})"[:1000])
    return item


def relay_drop(ws: Workspace, bundle_id: str) -> RelayItem:
    """Remove a bundle from the relay queue and its copy from the relay folder (the ledger
    keeps the line: state refused, "dropped" and the reason in its detail)."""
    item = _find(ws, bundle_id)
    Path(item.file).unlink(missing_ok=True)
    with ws.db.write() as s:
        usb_ledger.ledger_drop_relay(s, bundle_id=item.bundle_id,
                                    detail=f"dropped from the relay queue; {item.detail}")
    return item


def _mark(ws: Workspace, bundle_id: str, state: str, detail: str) -> None:
    with ws.db.write() as s:
        usb_ledger.ledger_set_state(s, bundle_id=bundle_id, direction="in", state=state,
                                   detail=detail)


def ledger(ws: Workspace) -> list[tuple]:
    """Bundles written and read, newest first, as rows of LEDGER_COLUMNS."""
    with ws.db.read() as s:
        return usb_ledger.ledger_rows(s)
