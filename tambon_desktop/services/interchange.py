"""The record interchange format tambon-record/1 — a contract province staff script against.

    {"format": "tambon-record/1", "form": FORM_ID, "data": {...}}

Export adds "id", "form_version" and "status" beside them; import accepts those and uses
"id" (so an export re-imported elsewhere keeps its identity) but always starts a draft.

Import only creates: a file whose "id" is already stored is refused, so importing an export
never overwrites, and never erases, a stored value. Export leaves sensitive fields (PDPA
มาตรา ๒๖, national IDs) out, absent rather than empty, unless include_sensitive is asked for;
that export is written in the audit log. Sync and USB bundles are not exports: they carry all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.ids import is_uuid
from tambon_desktop.forms.privacy import without_sensitive
from tambon_desktop.forms.registry import get_form
from tambon_desktop.store import records as store
from tambon_desktop.store.records import RecordView

if TYPE_CHECKING:
    from tambon_desktop.services.records import Saved
    from tambon_desktop.services.workspace import Workspace

FORMAT = "tambon-record/1"
MAX_FILE_BYTES = 20 * 1024 * 1024
_KEYS = {"format", "form", "data", "id", "form_version", "status"}


def read_file(path: Path) -> dict:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KnownError(f"เปิดไฟล์ไม่ได้: {path}", f"cannot open {path}: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise KnownError(f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 2**20} MB",
                         f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise KnownError("ไฟล์ไม่ใช่ข้อความ UTF-8", f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise KnownError(f"ไฟล์ JSON เสีย (บรรทัด {exc.lineno} ตำแหน่ง {exc.colno})",
                         f"broken JSON in {path} at line {exc.lineno} column {exc.colno}: "
                         f"{exc.msg}") from None


def check_envelope(obj: Any) -> tuple[str, dict, str | None]:
    if not isinstance(obj, dict):
        raise KnownError("ไฟล์ไม่ใช่ระเบียน tambon-record/1", "not a tambon-record/1 object")
    if obj.get("format") != FORMAT:
        raise KnownError(f"รูปแบบไฟล์ '{obj.get('format')}' ไม่รองรับ (ต้องเป็น {FORMAT})",
                         f"unsupported format {obj.get('format')!r} (expected {FORMAT})")
    unknown = set(obj) - _KEYS
    if unknown:
        raise KnownError(f"มีช่องที่ไม่รู้จัก: {', '.join(sorted(unknown))}",
                         f"unknown keys: {', '.join(sorted(unknown))}")
    form, data, record_id = obj.get("form"), obj.get("data"), obj.get("id")
    if not isinstance(form, str) or not isinstance(data, dict):
        raise KnownError("ต้องมี form (ข้อความ) และ data (ชุดข้อมูล)",
                         "'form' must be a string and 'data' an object")
    if record_id is not None and not (isinstance(record_id, str) and is_uuid(record_id)):
        raise KnownError("รหัสระเบียน (id) ไม่ถูกต้อง", "'id' must be a UUID")
    return form, data, record_id


def import_object(ws: Workspace, obj: Any) -> Saved:
    form, data, record_id = check_envelope(obj)
    return ws.records.create(form, data, record_id=record_id)


def import_file(ws: Workspace, path: Path) -> Saved:
    return import_object(ws, read_file(path))


def export_object(view: RecordView, *, include_sensitive: bool = False) -> dict:
    """The tambon-record/1 object of a record; sensitive fields absent unless asked for.
    Use export_record to export with them: it writes the audit line."""
    data = view.data if include_sensitive else without_sensitive(get_form(view.form_id),
                                                                 view.data)[0]
    return {"format": FORMAT, "form": view.form_id, "form_version": view.form_version,
            "id": view.id, "status": view.status, "data": data}


def export_record(ws: Workspace, record_id: str, *, include_sensitive: bool = False) -> dict:
    """export_object of a stored record. An export that carries sensitive values is logged
    (who, when, which record, which fields, which PC) in the workspace's audit log."""
    view = ws.records.get(record_id)
    if include_sensitive:
        _, fields = without_sensitive(get_form(view.form_id), view.data)
        if fields:
            with ws.db.write() as s:
                store.audit(s, user=ws.user, action="export-sensitive", record_id=view.id,
                            detail=f"fields={','.join(fields)} device={ws.device_id}")
    return export_object(view, include_sensitive=include_sensitive)
