"""The consolidated monthly report of the province (รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด)
from the overview (services/overview.py): .xlsx for staff who paste the numbers into their own
sheets (numbers, money and dates as real cell types, Thai headers), and PDF through the
minutes' typesetting (pdf/province.py)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.files import write_atomic
from tambon_desktop.services import overview as ov

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

TITLE = "รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด"
LOCAL = dt.timedelta(hours=7)  # Thai time, no daylight saving
SUMMARY_HEADER = (
    "ที่", "จังหวัด", "อำเภอ", "รหัสอำเภอ", "รายงานที่ได้รับ", "จำนวนโครงการ",
    "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)", "ร้อยละการเบิกจ่าย", "ผลการดำเนินงาน (ร้อยละ)",
    "ผู้ได้รับประโยชน์ (คน)", "ประชุม (ครั้ง)", "รับรองรายงานแล้ว (ครั้ง)", "รับข้อมูลล่าสุด",
    "ช่องทาง", "เครื่องที่ส่ง", "ส่งล่าช้า", "ไม่มีข้อมูลเกิน 21 วัน",
)
SERIES_HEADER = (
    "เดือน", "เดือน (ปปปป-ดด)", "รายงานที่ได้รับ", "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)",
    "ร้อยละการเบิกจ่าย", "ผลการดำเนินงาน (ร้อยละ)", "ผู้ได้รับประโยชน์ (คน)", "ประชุม (ครั้ง)",
    "รับรองรายงานแล้ว (ครั้ง)",
)
VIA = {"online": "ออนไลน์", "usb": "USB", "": ""}


def received_local(iso_utc: str | None) -> dt.datetime | None:
    """A stored UTC time ('2022-01-27T02:00:00Z') as Thai local time, naive (for a cell)."""
    if not iso_utc:
        return None
    return dt.datetime.fromisoformat(iso_utc.rstrip("Z")) + LOCAL


def xlsx_bytes(view: ov.Overview, projects: list[ov.ProjectLine] | None = None) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    font = {"font_name": "TH Sarabun New", "font_size": 14}
    fmt = {
        "title": book.add_format({**font, "bold": True, "font_size": 16}),
        "head": book.add_format({**font, "bold": True, "text_wrap": True, "align": "center",
                                 "valign": "vcenter", "border": 1, "bg_color": "#E8E8E8"}),
        "text": book.add_format({**font, "border": 1}),
        "int": book.add_format({**font, "border": 1, "num_format": "#,##0"}),
        "money": book.add_format({**font, "border": 1, "num_format": "#,##0.00"}),
        "pct": book.add_format({**font, "border": 1, "num_format": "0.00"}),
        "date": book.add_format({**font, "border": 1, "num_format": "dd/mm/yyyy hh:mm"}),
        "total": book.add_format({**font, "bold": True, "border": 1}),
        "total_int": book.add_format({**font, "bold": True, "border": 1, "num_format": "#,##0"}),
        "total_money": book.add_format({**font, "bold": True, "border": 1,
                                        "num_format": "#,##0.00"}),
        "total_pct": book.add_format({**font, "bold": True, "border": 1, "num_format": "0.00"}),
    }
    _summary(book.add_worksheet("สรุปรายอำเภอ"), view, fmt)
    _series(book.add_worksheet("รายเดือน"), view, fmt)
    if projects is not None:
        _projects(book.add_worksheet("โครงการ"), view, projects, fmt)
    book.close()
    return buffer.getvalue()


def _put_row(sheet, row: int, cells: list[tuple], fmt: dict) -> None:
    """One row of (value, kind) cells, each written as its kind's cell type and format."""
    for col, (value, kind) in enumerate(cells):
        _put(sheet, row, col, value, fmt[kind])


def _put_head(sheet, row: int, heads: tuple[str, ...], fmt: dict) -> None:
    for col, head in enumerate(heads):
        sheet.write_string(row, col, head, fmt["head"])


def _put(sheet, row: int, col: int, value, fmt) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def _figures(f: ov.Figures, total: bool = False) -> list[tuple]:
    p = "total_" if total else ""
    return [(f.reports, p + "int"), (f.projects, p + "int"), (f.approved, p + "money"),
            (f.disbursed, p + "money"), (_round(f.disbursed_percent), p + "pct"),
            (_round(f.physical_percent), p + "pct"), (f.people, p + "int"),
            (f.meetings, p + "int"), (f.certified, p + "int")]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _summary(sheet, view: ov.Overview, fmt: dict) -> None:
    sheet.write_string(0, 0, f"{TITLE} {view.scope}", fmt["title"])
    sheet.write_string(1, 0, f"ประจำเดือน{view.label} ปีงบประมาณ พ.ศ. {view.fiscal_year_be}",
                       fmt["title"])
    _put_head(sheet, 3, SUMMARY_HEADER, fmt)
    r = 4
    for i, row in enumerate(view.rows, 1):
        cells = [(i, "int"), (row.province, "text"), (row.name, "text"), (row.code, "text"),
                 *_figures(row.figures), (received_local(row.last_received), "date"),
                 (VIA[row.last_via], "text"), (row.last_pc, "text"),
                 ("ส่งล่าช้า" if row.late else "", "text"),
                 ("ไม่มีข้อมูล" if row.silent else "", "text")]
        _put_row(sheet, r, cells, fmt)
        r += 1
    total = [("", "total"), ("", "total"), ("รวม", "total"), ("", "total"),
             *_figures(view.total, total=True)]
    _put_row(sheet, r, total, fmt)
    sheet.set_row(3, 60)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 2, 14)
    sheet.set_column(3, 5, 10)
    sheet.set_column(6, 7, 16)
    sheet.set_column(8, 12, 11)
    sheet.set_column(13, 13, 17)
    sheet.set_column(14, 17, 11)
    sheet.freeze_panes(4, 3)


def _series(sheet, view: ov.Overview, fmt: dict) -> None:
    sheet.write_string(0, 0, f"{view.scope} รายเดือน ปีงบประมาณ พ.ศ. {view.fiscal_year_be}",
                       fmt["title"])
    _put_head(sheet, 2, SERIES_HEADER, fmt)
    for r, point in enumerate(view.series, 3):
        f = point.figures
        cells = [(point.label, "text"), (point.month, "text"), (f.reports, "int"),
                 (f.approved, "money"), (f.disbursed, "money"),
                 (_round(f.disbursed_percent), "pct"), (_round(f.physical_percent), "pct"),
                 (f.people, "int"), (f.meetings, "int"), (f.certified, "int")]
        _put_row(sheet, r, cells, fmt)
    sheet.set_row(2, 45)
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 9, 15)


PROJECT_HEADER = ("จังหวัด", "อำเภอ", "รหัสอำเภอ", "โครงการ", "รายงานเดือนนี้",
                  "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)", "ผลการดำเนินงาน (ร้อยละ)",
                  "ผู้ได้รับประโยชน์ (คน)")


def _projects(sheet, view: ov.Overview, projects: list[ov.ProjectLine], fmt: dict) -> None:
    sheet.write_string(0, 0, f"โครงการรายอำเภอ {view.scope} ประจำเดือน{view.label}", fmt["title"])
    _put_head(sheet, 2, PROJECT_HEADER, fmt)
    names = {r.code: (r.province, r.name) for r in view.rows}
    for r, p in enumerate(projects, 3):
        province, district = names.get(p.district, ("", p.district))
        cells = [(province, "text"), (district, "text"), (p.district, "text"), (p.name, "text"),
                 ("ส่งแล้ว" if p.reported else "ยังไม่ส่ง", "text"), (p.approved, "money"),
                 (p.disbursed, "money"), (p.physical, "pct"), (p.people, "int")]
        _put_row(sheet, r, cells, fmt)
    sheet.set_row(2, 45)
    sheet.set_column(0, 2, 12)
    sheet.set_column(3, 3, 40)
    sheet.set_column(4, 8, 15)


def write(ws: Workspace, month: str, target: Path | str) -> Path:
    """The report of `month` for this PC's scope into `target` (.pdf or .xlsx), atomically."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise KnownError("ชื่อไฟล์ต้องลงท้ายด้วย .pdf หรือ .xlsx",
                         f"the report file must end in .pdf or .xlsx, got {target.name!r}")
    view = ov.overview(ws, month)
    projects = ov.project_lines(ws, month)
    if suffix == ".xlsx":
        data = xlsx_bytes(view, projects)
    else:
        data = pdf_bytes(view, projects, thai_digits=ws.printing.style()["thai_digits"])
    write_atomic(target, data)
    return target


def pdf_bytes(view: ov.Overview, projects: list[ov.ProjectLine] | None = None, *,
              thai_digits: bool = True) -> bytes:
    from tambon_desktop.pdf.province import render_province_report

    return render_province_report(view_data(view, projects), thai_digits=thai_digits)


def view_data(view: ov.Overview, projects: list[ov.ProjectLine] | None = None) -> dict:
    """The overview as the plain data pdf/province.py lays out: times in Thai local time,
    money as text, each district's projects with their report of the month."""
    data = view.to_dict()
    data["projects"] = [{**asdict(p), "approved": None if p.approved is None else str(p.approved),
                         "disbursed": None if p.disbursed is None else str(p.disbursed)}
                        for p in projects or []]
    for row in data["districts"]:
        local = received_local(row["last_received"])
        row["last_received"] = local.isoformat(timespec="minutes") if local else None
    return data
