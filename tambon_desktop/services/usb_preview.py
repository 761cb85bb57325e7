"""What importing a USB bundle would do, item by item, against this PC's view: new, already
known, or would conflict. Read-only; the facade is services/usb.py."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol.ops import Op
from tambon_desktop.services.records import title_of
from tambon_desktop.store import outbox_state, pulled
from tambon_desktop.store import records as store_records

ITEM_COLUMNS = ("seq", "kind", "record_id", "title", "state")
STATE_LABELS = {"new": "ใหม่", "known": "มีอยู่แล้ว", "conflict": "จะขัดแย้ง"}


@dataclass
class Preview:
    path: Path
    kind: str  # "up" (a district's ops, relayed by a province) or "down" (from the server)
    action: str  # what importing does: "relay" (province queue) or "apply"
    bundle_id: str
    district: str | None
    device_id: str
    signer: str  # "device <id>" or "server"
    signer_key: str
    created_at: str
    encrypted: bool
    op_count: int = 0
    seq_first: int = 0
    seq_last: int = 0
    change_count: int = 0
    acked_through: int = 0
    rejected_count: int = 0
    attachment_count: int = 0
    new: int = 0
    known: int = 0
    conflict: int = 0
    imported_before: int = 0  # times this PC imported it already
    items: list[tuple] = field(default_factory=list)  # rows of ITEM_COLUMNS
    notes: list[str] = field(default_factory=list)  # Thai, for the clerk
    detailed: bool = False  # per-item states known (False for a sealed bundle)

    @classmethod
    def of(cls, m: fmt.Manifest, *, path: Path, action: str, imported_before: int) -> Preview:
        up = isinstance(m, fmt.UpManifest)
        p = cls(path=path, kind=m.kind, action=action, bundle_id=m.bundle_id,
                district=m.district, device_id=m.device_id,
                signer=f"device {m.device_id}" if up else "server",
                signer_key=m.signer_public_key, created_at=m.created_at,
                encrypted=m.encryption is not None, attachment_count=m.attachment_count,
                imported_before=imported_before)
        if isinstance(m, fmt.UpManifest):
            p.op_count, p.seq_first, p.seq_last = m.op_count, m.seq_first, m.seq_last
        else:
            p.change_count, p.acked_through = m.change_count, m.acked_through
            p.rejected_count = m.rejected_count
        return p

    def count(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)


def classify_ops(session, ops: list[Op], preview: Preview) -> None:
    """A district's ops against the province's local copy of the district's records."""
    preview.detailed = True
    for op in ops:
        row = store_records.get_row(session, op.record_id)
        title = row.title if row is not None else title_of(op.form_id, op.fields)[0]
        if op.kind == "create":
            state = "known" if row is not None else "new"
        elif row is None:
            state = "new"
        else:
            state = _edit_state(session, op, row)
        preview.count(state)
        preview.items.append((op.device_seq, op.kind, op.record_id, title, state))


def _edit_state(session, op: Op, row) -> str:
    data = json.loads(row.data)
    same = all(data.get(k) == v for k, v in op.fields.items())
    if op.kind == "transition" and op.status and op.status != row.status:
        same = False
    if op.kind == "delete" and not row.deleted:
        same = False
    if same:
        return "known"
    copy = pulled.server_copy(session, op.record_id)
    if copy is not None and op.base_version < copy[0]:
        return "conflict"  # the record changed on the server after the district's base
    return "new"


def classify_changes(session, down: fmt.DownBody, preview: Preview, *, cursor_note: bool) -> None:
    """The server's changes against this PC: new, already here, or touching records with
    unsent local edits or open conflicts."""
    preview.detailed = True
    unsent = outbox_state.records_with_unsent(session, [c.record_id for c in down.changes],
                                           after_seq=down.acked_through)
    for change in down.changes:
        copy = pulled.server_copy(session, change.record_id)
        row = store_records.get_row(session, change.record_id)
        if (copy is not None and copy[0] >= change.version) or (
                row is not None and json.loads(row.data) == change.data
                and row.status == (change.status or "draft")):
            state = "known"  # already here (pulled before, or this PC's own edit)
        elif change.record_id in unsent or change.conflicts:
            state = "conflict"
        else:
            state = "new"
        preview.count(state)
        title = row.title if row is not None and row.title else title_of(
            change.form_id, change.data)[0]
        preview.items.append((change.version, "change", change.record_id, title, state))
    if down.rejected:
        preview.notes.append(f"เซิร์ฟเวอร์ไม่รับ {len(down.rejected)} รายการ (ดูเหตุผลใน tambon sync --status)")
    if cursor_note:
        preview.notes.append("ชุดข้อมูลนี้เริ่มหลังจากข้อมูลที่เครื่องนี้มี: บางรายการอาจยังไม่มา")
