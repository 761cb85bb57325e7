"""Print actions shared by the app and the CLI: records in, PDF bytes out (pdf/ gets plain data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tambon_desktop.core import geo
from tambon_desktop.core.errors import KnownError
from tambon_desktop.store.queries import ListQuery

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


# The office's typing style for minutes: one per workspace (one district office follows one
# style), kept on this PC with the store (sync_meta "print_style"), not synced.
PRINT_STYLE: dict[str, bool] = {
    "thai_digits": True,  # ๑๒๓ (customary) or 123
    "be_label": False,  # "พ.ศ. ๒๕๖๕" or "๒๕๖๕"
    "weekday": True,  # "เมื่อวันพฤหัสบดีที่ ๒๐ ..." or "เมื่อวันที่ ๒๐ ..."
    "continuation": False,  # คำต่อ at each page's foot
    "justify": True,  # Thai distributed justification of body paragraphs (กระจายแบบไทย)
}
_STYLE_KEY = "print_style"


def _stored_style(session) -> dict[str, bool]:
    import json

    from tambon_desktop.store import sync_meta

    stored = sync_meta.get_meta(session, _STYLE_KEY)
    try:
        saved = json.loads(stored) if stored else {}
    except ValueError:
        saved = {}
    return {k: bool(saved.get(k, default)) for k, default in PRINT_STYLE.items()}


def print_style(ws: Workspace) -> dict[str, bool]:
    with ws.db.read() as s:
        return _stored_style(s)


def set_print_style(ws: Workspace, **changes: bool) -> dict[str, bool]:
    import json

    from tambon_desktop.store import sync_meta

    unknown = set(changes) - set(PRINT_STYLE)
    if unknown:
        raise KnownError(f"ไม่รู้จักตัวเลือกการพิมพ์ {', '.join(sorted(unknown))}",
                         f"unknown print options: {', '.join(sorted(unknown))}")
    with ws.db.write() as s:
        style = {**_stored_style(s), **{k: bool(v) for k, v in changes.items()}}
        sync_meta.set_meta(s, **{_STYLE_KEY: json.dumps(style, sort_keys=True)})
    return style


def minutes_pdf(ws: Workspace, record_id: str) -> bytes:
    from tambon_desktop import pdf

    view = ws.records.get(record_id)
    if view.form_id != "meeting":
        raise KnownError("ระเบียนนี้ไม่ใช่รายงานการประชุม", f"{record_id} is not a meeting")
    options = pdf.MinutesOptions(**print_style(ws))
    data = {**view.data, "status": view.status}  # a cancelled meeting prints as cancelled
    return pdf.render_minutes(data, options=options, draft=view.status != "certified")


def monthly_pdf(ws: Workspace, month: str, *, tambon: str | None = None) -> bytes:
    from tambon_desktop import pdf
    from tambon_desktop.core import thai

    try:
        year, mon = (int(x) for x in thai.to_arabic_digits(month).split("-"))
    except ValueError:
        year = mon = 0
    if not 1 <= mon <= 12 or year < 1:
        raise KnownError("เดือนต้องเป็น ปปปป-ดด", f"month must be YYYY-MM, got {month!r}")
    year = year - thai.BE_OFFSET if year >= 2400 else year
    period = f"{year:04d}-{mon:02d}"
    reports = [ws.records.get(r[0]) for r in ws.records.list(
        ListQuery("progress_report", limit=10_000)) if r[2] == period]
    rows, area = [], {}
    for rep in reports:
        project = ws.records.get(rep.data["project"])
        if tambon and project.area.get("tambon") != tambon:
            continue
        area = area or project.area
        rows.append({
            "name": project.data.get("name", ""),
            "approved_baht": rep.data.get("approved_baht"),
            "disbursed_baht": rep.data.get("disbursed_baht"),
            "target_group": rep.data.get("target_group", ""),
            "people_reached": rep.data.get("people_reached"),
            "income_baht": rep.data.get("income_baht"),
            "quality_of_life": rep.data.get("quality_of_life", ""),
            "problems": "\n".join(x for x in (rep.data.get("problems"),
                                              rep.data.get("suggestions")) if x),
            "notes": rep.data.get("notes", ""),
        })
    if not rows:
        where = f" ตำบล{geo.name_of(tambon) or tambon}" if tambon else ""
        raise KnownError(f"ไม่มีรายงานความก้าวหน้าของเดือน{thai.MONTHS[mon - 1]} "
                         f"{thai.be_year(year)}{where}",
                         f"no progress reports for {period}")
    area = area or {"changwat": ws.district[:2], "amphoe": ws.district}
    report = {
        "month": period,
        "changwat": geo.name_of(area.get("changwat", "")) or "",
        "amphoe": geo.name_of(area.get("amphoe", "")) or "",
        "tambon": geo.name_of(area.get("tambon", "")) or "",
        "fiscal_year_be": thai.fiscal_year_be(f"{period}-01"),
        "rows": rows,
    }
    from tambon_desktop.pdf.monthly import MonthlyOptions

    # the office's one digits setting, money included
    return pdf.render_monthly_report(report, options=MonthlyOptions(thai_digits=print_style(ws)["thai_digits"]))


class Printing:
    """Printing over the workspace (`ws.printing`): the functions above, bound to it."""

    PRINT_STYLE = PRINT_STYLE

    def __init__(self, ws: Workspace):
        self._ws = ws

    def style(self) -> dict[str, bool]:
        return print_style(self._ws)

    def set_style(self, **changes: bool) -> dict[str, bool]:
        return set_print_style(self._ws, **changes)

    def minutes_pdf(self, record_id: str) -> bytes:
        return minutes_pdf(self._ws, record_id)

    def monthly_pdf(self, month: str, *, tambon: str | None = None) -> bytes:
        return monthly_pdf(self._ws, month, tambon=tambon)
