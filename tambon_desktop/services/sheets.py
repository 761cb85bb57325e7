"""A project printed as a sheet: every filled field of the form, labelled, in form order, as
plain lines for pdf.sheet (dates in Thai, money with บาท, area and choice names)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tambon_desktop.core import geo, thai
from tambon_desktop.forms.model import Field
from tambon_desktop.forms.registry import get_form

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


def _text(f: Field, value: Any, ws: Workspace) -> str:
    if value in (None, "", [], {}):
        return ""
    if f.type == "date":
        try:
            return thai.thai_date(str(value), thai_digits=False)
        except ValueError:
            return str(value)
    if f.type == "money":
        return f"{thai.format_money(value)} บาท"
    if f.type == "choice":
        return next((o.label.th for o in f.options if o.value == value), str(value))
    if f.type == "boolean":
        return "ใช่" if value else ""
    if f.type == "area" and isinstance(value, dict):
        names = [geo.name_of(str(value[k])) or "" for k in ("tambon", "amphoe", "changwat")
                 if value.get(k)]
        return " ".join(n for n in names if n)
    if f.type == "person" and isinstance(value, dict):
        return " ".join(x for x in (f"{value.get('prefix') or ''}{value.get('name') or ''}",
                                    value.get("position") or "") if x).strip()
    if f.type == "record_ref":
        try:
            return ws.records.get(str(value)).title
        except Exception:  # a reference not on this PC: its id
            return str(value)
    return str(value)


def _lines(f: Field, value: Any, ws: Workspace) -> list[str]:
    if f.sensitive or f.type == "attachments":
        return []  # a sheet is handed around: no PDPA section 26 data, no file list
    if f.type == "text_list":
        return [f"• {v}" for v in value or [] if str(v).strip()]
    if f.type == "repeat":
        out = []
        for n, item in enumerate(value or [], 1):
            parts = [f"{sub.label.th} {_text(sub, item.get(sub.id), ws)}" if n_sub else
                     _text(sub, item.get(sub.id), ws)
                     for n_sub, sub in enumerate(f.fields) if not sub.sensitive
                     and _text(sub, item.get(sub.id), ws)]
            if parts:
                out.append(f"{n}. " + "  ".join(parts))
        return out
    text = _text(f, value, ws)
    return [text] if text else []


def record_sheet(ws: Workspace, record_id: str) -> tuple[str, list[tuple[str, list[str]]], bool]:
    view = ws.records.get(record_id)
    form = get_form(view.form_id)
    sections = [(f.label.th, _lines(f, view.data.get(f.id), ws)) for f in form.fields
                if f.id != form.title_field]
    title = view.title if view.title.startswith("โครงการ") else f"โครงการ{view.title}"
    return title, sections, view.status not in ("approved", "certified", "completed")


def project_pdf(ws: Workspace, record_id: str) -> bytes:
    from tambon_desktop.pdf.sheet import render_sheet
    from tambon_desktop.services.printing import print_style

    title, sections, draft = record_sheet(ws, record_id)
    return render_sheet(title, sections, thai_digits=print_style(ws)["thai_digits"], draft=draft)
