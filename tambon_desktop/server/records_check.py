"""Record data checked on the server against the form and version an op claims, with the
shared form definitions and validation (forms/): an op for an unknown form, a newer form
version than this server has, or a field value the form refuses (a date 2565-02-30, a number
"abc", an unknown field, text over the form's length) is a rejected op with a coded reason in
English and Thai ("record.invalid: ... — ...") that the PC shows; it is never stored.

An op carries only the fields it changes, so each given field is checked on its own (its type,
options, length; constraints between two fields when both are given); a field the op leaves
out is not reported as missing. The merged record is held to the record size limit."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from tambon_desktop.core import canonical
from tambon_desktop.core.errors import ValidationFailed
from tambon_desktop.protocol.jsonprofile import MAX_RECORD_BYTES
from tambon_desktop.protocol.lifecycle import Refusal
from tambon_desktop.protocol.ops import Op

MAX_REASON = 600


@lru_cache(maxsize=1)
def _forms():
    from tambon_desktop.forms.registry import load_forms

    return load_forms()


def check_fields(op: Op) -> Refusal | None:
    """A refusal for an op whose form or fields the shared forms refuse; None when fine."""
    form = _forms().get(op.form_id)
    if form is None:
        return Refusal("record.unknown_form",
                       f"this server does not know form {op.form_id!r}",
                       f"เซิร์ฟเวอร์ไม่รู้จักแบบฟอร์ม '{op.form_id}'")
    if not 1 <= op.form_version <= form.version:
        return Refusal("record.form_version",
                       f"form {op.form_id} version {op.form_version}: this server knows "
                       f"versions 1..{form.version}; update the server",
                       f"แบบฟอร์ม {op.form_id} รุ่น {op.form_version} ใหม่กว่าที่เซิร์ฟเวอร์รู้จัก "
                       f"(ต้องปรับปรุงเซิร์ฟเวอร์)")
    if not op.fields:
        return None
    from tambon_desktop.forms.validate import validate

    try:
        validate(form, op.fields)
    except ValidationFailed as failed:
        errors = [e for e in failed.errors
                  if _top(e.path) in op.fields and e.message_en.split(": ", 1)[-1] != "is required"]
        if errors:
            en = "; ".join(e.message_en for e in errors)[:MAX_REASON]
            th = "; ".join(e.message_th for e in errors)[:MAX_REASON]
            return Refusal("record.invalid", f"invalid record data: {en}",
                           f"ข้อมูลไม่ถูกต้อง: {th}")
    return None


def check_size(data: dict[str, Any]) -> Refusal | None:
    size = len(canonical.dumps(data))
    if size > MAX_RECORD_BYTES:
        return Refusal("record.too_large",
                       f"the record would be {size} bytes, over {MAX_RECORD_BYTES}",
                       f"ระเบียนใหญ่เกินกำหนด ({size // 1024} KB เกิน {MAX_RECORD_BYTES // 1024} KB)")
    return None


def _top(path: str) -> str:
    return path.split("[", 1)[0].split(".", 1)[0]
