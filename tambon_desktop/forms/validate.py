"""Validation of record data against a form: normalises what a clerk may type (BE years,
Thai digits, '9.30') into the stored form, and names every failing field in Thai."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from tambon_desktop.core import geo, thai
from tambon_desktop.core.errors import FieldError, ValidationFailed
from tambon_desktop.core.ids import is_uuid, uuid7
from tambon_desktop.forms.model import Constraint, Field, FormDef

DEFAULT_MAX_TEXT = 2_000
DEFAULT_MAX_LONG_TEXT = 200_000
DEFAULT_MAX_ITEMS = 1_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
PERSON_KEYS = ("prefix", "name", "position")
ATTACHMENT_KEYS = ("sha256", "name", "size", "mime")

VillageCheck = Callable[[str, int], bool]


class _Ctx:
    def __init__(self, villages: VillageCheck | None):
        self.errors: list[FieldError] = []
        self.villages = villages

    def fail(self, path: str, label: str, th: str, en: str) -> None:
        self.errors.append(FieldError(path, label, th, en))


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate(form: FormDef, data: Any, *, villages: VillageCheck | None = None) -> dict:
    """The normalised data, or ValidationFailed listing every problem."""
    ctx = _Ctx(villages)
    if not isinstance(data, dict):
        raise ValidationFailed(
            [FieldError("data", "ข้อมูล", "ต้องเป็นชุดข้อมูล (object)", "must be an object")]
        )
    out = _group(form.fields, form.constraints, data, "", "", ctx)
    if ctx.errors:
        raise ValidationFailed(ctx.errors)
    return out


def _group(
    fields: tuple[Field, ...],
    constraints: tuple[Constraint, ...],
    data: dict,
    path: str,
    label: str,
    ctx: _Ctx,
    allow: tuple[str, ...] = (),
) -> dict:
    known = {f.id for f in fields}
    for key in data:
        if key not in known and key not in allow:
            ctx.fail(f"{path}{key}", f"{label}{key}", "ไม่มีช่องนี้ในแบบฟอร์ม", "no such field in the form")
    out: dict[str, Any] = {}
    for f in fields:
        fpath, flabel = f"{path}{f.id}", f"{label}{f.label.th}"
        value = data.get(f.id)
        if f.relevant and data.get(f.relevant.field) not in f.relevant.values:
            if not is_empty(value):
                out[f.id] = _value(f, value, fpath, flabel, ctx)
            continue
        if is_empty(value):
            if f.required:
                ctx.fail(fpath, flabel, "ต้องกรอก", "is required")
            if f.id in data:  # kept as given (normalised), absent stays absent: exact round trip
                out[f.id] = _empty(f) if value is not None else None
            continue
        out[f.id] = _value(f, value, fpath, flabel, ctx)
    for c in constraints:
        left, right = out.get(c.left), out.get(c.right)
        if is_empty(left) or is_empty(right):
            continue
        lf = next(f for f in fields if f.id == c.left)
        rf = next(f for f in fields if f.id == c.right)
        if not _compare(_comparable(lf, left), c.op, _comparable(rf, right)):
            ctx.fail(f"{path}{c.left}", f"{label}{lf.label.th}", c.message.th, c.message.en)
    return out


def _empty(f: Field) -> Any:
    if f.type in ("repeat", "text_list", "attachments"):
        return []
    if f.type in ("person", "area", "record_ref", "integer", "decimal", "money", "boolean"):
        return None if f.type != "boolean" else False
    return ""


def _comparable(f: Field, value: Any) -> Any:
    """Numbers compare as numbers: money is stored as text ("80000.00"), and as text it would
    sort after "300000.00". Dates and times are ISO text, which sorts in time order."""
    if f.type in ("money", "decimal", "integer"):
        try:
            return Decimal(str(value))
        except (InvalidOperation, ValueError):
            return value
    return value


def _compare(a: Any, op: str, b: Any) -> bool:
    if isinstance(a, str) and not isinstance(b, str):
        return True
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


def _text(value: Any, f: Field, path: str, label: str, ctx: _Ctx, multiline: bool) -> str | None:
    if not isinstance(value, str):
        ctx.fail(path, label, "ต้องเป็นข้อความ", "must be text")
        return None
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    if _CONTROL.search(text) or (not multiline and "\n" in text):
        ctx.fail(path, label, "มีอักขระควบคุมที่พิมพ์ไม่ได้", "contains control characters")
        return None
    limit = f.max_length or (DEFAULT_MAX_LONG_TEXT if multiline else DEFAULT_MAX_TEXT)
    if len(text) > limit:
        ctx.fail(path, label, f"ยาวเกิน {limit:,} ตัวอักษร ({len(text):,})",
                 f"longer than {limit:,} characters ({len(text):,})")
        return None
    return text if multiline else text.strip()


def _number(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> Any:
    if isinstance(value, bool):
        ctx.fail(path, label, "ต้องเป็นตัวเลข", "must be a number")
        return None
    try:
        if f.type == "money":
            number: Any = thai.parse_money(value)
        elif f.type == "integer":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            number = int(thai.to_arabic_digits(str(value)).replace(",", "").strip())
        else:
            number = Decimal(thai.to_arabic_digits(str(value)).replace(",", "").strip())
            if not number.is_finite():
                raise ValueError
    except (ValueError, ArithmeticError):
        kind = {"integer": "จำนวนเต็ม", "money": "จำนวนเงิน"}.get(f.type, "ตัวเลข")
        ctx.fail(path, label, f"ต้องเป็น{kind}", f"must be a {f.type}")
        return None
    if f.min is not None and number < Decimal(str(f.min)):
        ctx.fail(path, label, f"ต้องไม่น้อยกว่า {f.min:g}", f"must be at least {f.min:g}")
    if f.max is not None and number > Decimal(str(f.max)):
        ctx.fail(path, label, f"ต้องไม่เกิน {f.max:g}", f"must be at most {f.max:g}")
    if f.type == "money":
        return str(number)
    if f.type == "decimal":
        return int(number) if number == number.to_integral_value() else float(number)
    return number


def _value(f: Field, value: Any, path: str, label: str, ctx: _Ctx) -> Any:
    t = f.type
    if t in ("text", "long_text"):
        return _text(value, f, path, label, ctx, multiline=t == "long_text")
    if t in ("integer", "decimal", "money"):
        return _number(value, f, path, label, ctx)
    if t == "date":
        try:
            return thai.parse_date(str(value)).isoformat()
        except ValueError as exc:
            ctx.fail(path, label, str(exc), f"invalid date {value!r}")
            return None
    if t == "time":
        try:
            return thai.parse_time(str(value))
        except ValueError as exc:
            ctx.fail(path, label, str(exc), f"invalid time {value!r}")
            return None
    if t == "boolean":
        if not isinstance(value, bool):
            ctx.fail(path, label, "ต้องเป็น ใช่/ไม่ใช่", "must be true or false")
        return bool(value)
    if t == "choice":
        for option in f.options:
            if option.value == value:
                return value
        choices = ", ".join(str(o.value) for o in f.options)
        ctx.fail(path, label, f"ไม่มีตัวเลือก '{value}'", f"{value!r} is not one of {choices}")
        return None
    if t == "record_ref":
        if not isinstance(value, str) or not is_uuid(value):
            ctx.fail(path, label, "ต้องเป็นรหัสระเบียน", "must be a record id")
            return None
        return value
    if t == "person":
        return _person(value, f, path, label, ctx)
    if t == "area":
        return _area(value, f, path, label, ctx)
    if t == "text_list":
        return _list(value, f, path, label, ctx, _text_item)
    if t == "attachments":
        return _list(value, f, path, label, ctx, _attachment)
    if t == "repeat":
        return _list(value, f, path, label, ctx, _repeat_item)
    raise AssertionError(t)


def _person(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> dict | None:
    if not isinstance(value, dict):
        ctx.fail(path, label, "ต้องมี คำนำหน้า ชื่อ ตำแหน่ง", "must be {prefix, name, position}")
        return None
    pf = Field(id="", type="text", label=f.label)
    out = {}
    for key in value:
        if key not in PERSON_KEYS:
            ctx.fail(f"{path}.{key}", f"{label} › {key}", "ไม่มีช่องนี้", "no such field")
    for key in PERSON_KEYS:
        raw = value.get(key) or ""
        out[key] = _text(raw, pf, f"{path}.{key}", label, ctx, multiline=False) or ""
    return out


def _area(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> dict | None:
    if not isinstance(value, dict):
        ctx.fail(path, label, "ต้องระบุรหัสพื้นที่", "must be {changwat, amphoe, tambon}")
        return None
    out: dict[str, Any] = {}
    for key, raw in value.items():
        if key not in f.levels:
            ctx.fail(f"{path}.{key}", label, f"ไม่มีระดับพื้นที่ '{key}'", f"unknown level {key!r}")
        elif key == "village":
            if raw not in (None, ""):
                out[key] = raw
        elif not isinstance(raw, str):
            ctx.fail(f"{path}.{key}", label, "รหัสพื้นที่ต้องเป็นข้อความ", "codes are strings")
        elif raw:
            out[key] = thai.to_arabic_digits(raw.strip())
    for level in f.required_levels:
        if not out.get(level):
            names = {"changwat": "จังหวัด", "amphoe": "อำเภอ", "tambon": "ตำบล", "village": "หมู่ที่"}
            ctx.fail(f"{path}.{level}", label, f"ต้องระบุ{names[level]}", f"{level} is required")
    if "changwat" in out:
        problem = geo.check_area(out["changwat"], out.get("amphoe", ""), out.get("tambon", ""))
        if problem:
            ctx.fail(path, label, problem, f"unknown area code {out}")
    elif out:
        ctx.fail(path, label, "ต้องระบุจังหวัด", "changwat is required")
    if "village" in out:
        moo = out["village"]
        if isinstance(moo, bool) or not isinstance(moo, int) or not 1 <= moo <= 99:
            ctx.fail(f"{path}.village", label, "หมู่ที่ต้องเป็นเลข 1–99", "village must be 1-99")
        elif not out.get("tambon"):
            ctx.fail(f"{path}.village", label, "ระบุหมู่ที่แล้วต้องระบุตำบล", "village needs tambon")
        elif ctx.villages and not ctx.villages(out["tambon"], moo):
            ctx.fail(f"{path}.village", label, f"ไม่มีหมู่ที่ {moo} ในรายชื่อหมู่บ้านของตำบล",
                     f"village {moo} is not in the local village list")
    return out


def _list(value: Any, f: Field, path: str, label: str, ctx: _Ctx, item) -> list:
    if not isinstance(value, list):
        ctx.fail(path, label, "ต้องเป็นรายการ", "must be a list")
        return []
    limit = f.max_items or DEFAULT_MAX_ITEMS
    if len(value) > limit:
        ctx.fail(path, label, f"มีได้ไม่เกิน {limit} รายการ", f"at most {limit} items")
        return []
    if f.min_items and len(value) < f.min_items:
        ctx.fail(path, label, f"ต้องมีอย่างน้อย {f.min_items} รายการ", f"needs {f.min_items} items")
    return [item(v, f, f"{path}[{i}]", f"{label} ลำดับที่ {i + 1}", ctx) for i, v in enumerate(value)]


def _text_item(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> str:
    return _text(value, Field(id="", type="text", label=f.label), path, label, ctx, False) or ""


def _attachment(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> dict:
    if not isinstance(value, dict) or set(value) - set(ATTACHMENT_KEYS):
        ctx.fail(path, label, "ไฟล์แนบไม่ถูกต้อง", f"must be {{{', '.join(ATTACHMENT_KEYS)}}}")
        return {}
    if not _SHA256.match(str(value.get("sha256", ""))):
        ctx.fail(path, label, "รหัสไฟล์แนบไม่ถูกต้อง", "sha256 must be 64 hex digits")
    return {k: value.get(k) for k in ATTACHMENT_KEYS}


def _repeat_item(value: Any, f: Field, path: str, label: str, ctx: _Ctx) -> dict:
    if not isinstance(value, dict):
        ctx.fail(path, label, "ต้องเป็นชุดข้อมูล", "must be an object")
        return {}
    out = _group(f.fields, f.constraints, value, f"{path}.", f"{label} › ", ctx, allow=("id",))
    item_id = value.get("id")
    out = {"id": item_id if isinstance(item_id, str) and item_id else uuid7(), **out}
    if f.require_any and all(is_empty(out.get(k)) for k in f.require_any):
        names = " หรือ ".join(f.field(k).label.th for k in f.require_any)
        ctx.fail(path, label, f"ต้องกรอก{names}", f"needs one of {', '.join(f.require_any)}")
    return out
