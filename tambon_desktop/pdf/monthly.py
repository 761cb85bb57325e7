"""SBPAC monthly progress report (แบบรายงานผลการดำเนินงานประจำเดือน, DOMAIN.md §2.3), from
plain data: a MonthlyReport (or the same shape as a dict)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.colors import black
from reportlab.lib.units import cm
from reportlab.platypus import Table
from reportlab.platypus.flowables import KeepTogether, Spacer

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.thai import (
    MONTHS,
    digits,
    fiscal_year_be,
    format_money,
    parse_money,
    thai_date,
)
from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.flow import KeepHeading, ThaiPara
from tambon_desktop.pdf.linebreak import Breaker
from tambon_desktop.pdf.styles import LANDSCAPE_TEXT_WIDTH, OfficialDoc, make_styles
from tambon_desktop.pdf.tables import Col, auto_widths, floors_fit, layout_table
from tambon_desktop.pdf.text import clean, one_line, render_digits

MISSIONS = (
    "ด้านความมั่นคงและรักษาความสงบเรียบร้อย",
    "ด้านแผนงานและการพัฒนาด้านเศรษฐกิจ",
    "ด้านประสานแผนงานพัฒนาพื้นที่และงบประมาณ",
    "ด้านการพัฒนาสังคม สาธารณสุขและสิ่งแวดล้อม",
    "การพัฒนาการศึกษา ศาสนาและวัฒนธรรม",
    "ด้านอำนวยการและการบริหาร",
)
MAX_ROWS = 5000


@dataclass
class MonthlyRow:
    name: str
    approved_baht: Decimal | str | int | float | None = None
    disbursed_baht: Decimal | str | int | float | None = None
    target_group: str = ""
    people_reached: int | None = None
    income_baht: Decimal | str | int | float | None = None
    quality_of_life: str = ""
    problems: str = ""
    notes: str = ""


@dataclass
class MonthlyReport:
    month: str  # "2022-01" (Gregorian year, stored like every date)
    tambon: str
    amphoe: str
    changwat: str
    fiscal_year_be: int | None = None  # derived from the month when missing
    meeting_number: str = ""  # e.g. "1/2565"
    meeting_date: str | None = None  # ISO
    meeting_venue: str = ""
    missions_done: list[bool] | None = None  # the six ภารกิจ of วาระ ๓ (None = not reported)
    rows: list[MonthlyRow] = field(default_factory=list)
    reporter: dict | None = None  # {prefix, name, position}

    @classmethod
    def from_dict(cls, data: dict) -> MonthlyReport:
        if not isinstance(data, dict):
            raise KnownError("ข้อมูลรายงานประจำเดือนไม่ถูกต้อง", "monthly report must be a dict or MonthlyReport")
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        rows = []
        row_fields = {f.name for f in dataclasses.fields(MonthlyRow)}
        for i, row in enumerate(values.get("rows") or [], 1):
            if not isinstance(row, dict) or not row.get("name"):
                raise KnownError(f"รายการที่ {i} ไม่มีชื่อโครงการ/กิจกรรม", f"rows[{i}]: name is required")
            rows.append(MonthlyRow(**{k: v for k, v in row.items() if k in row_fields}))
        values["rows"] = rows
        for key in ("month", "tambon", "amphoe", "changwat"):
            if not values.get(key):
                raise KnownError(f"ไม่ได้ระบุ {key} ของรายงาน", f"monthly report: {key} is required")
        return cls(**values)


@dataclass
class MonthlyOptions:
    thai_digits: bool = True  # every number on the page, money included
    font_size: float = 14.0


def _month(report: MonthlyReport) -> dt.date:
    try:
        return dt.date.fromisoformat(str(report.month)[:7] + "-01")
    except ValueError:
        raise KnownError(f"เดือนของรายงานไม่ถูกต้อง '{report.month}' (ใช้ เช่น 2022-01)",
                         f"monthly report: month must be YYYY-MM, got {report.month!r}") from None


def _money(value, where: str, thai: bool) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_money(parse_money(value), thai_digits=thai)
    except ValueError as exc:
        raise KnownError(f"{where}: {exc}", f"{where}: invalid amount {value!r}") from None


def build_story(report: MonthlyReport, options: MonthlyOptions) -> list:
    from tambon_desktop.pdf.warmup import prepare

    prepare(wait=False)
    s = make_styles(options.font_size)
    head = make_styles(16.0)
    month = _month(report)
    fy = report.fiscal_year_be or fiscal_year_be(month)
    t = options.thai_digits

    def txt(value, where):
        return render_digits(one_line(clean(value, where, where)), t)

    names = [report.tambon, report.amphoe, report.changwat]
    person = report.reporter or {}
    names += [one_line(str(person.get("name") or ""))]
    breaker = Breaker(names=[n for n in names if n], places=[n for n in names[:3] if n])

    def P(text, style):
        return ThaiPara(text, style, breaker)

    title = f"แบบรายงานผลการดำเนินงานประจำเดือน{MONTHS[month.month - 1]} พ.ศ. {digits(month.year + 543, t)}"
    story = [
        P(title, head.title),
        P(f"โครงการเสริมสร้างความเข้มแข็งให้กับตำบล จังหวัดชายแดนภาคใต้ ประจำปีงบประมาณ พ.ศ. {digits(fy, t)}", head.center.but(font=fonts.BOLD)),
        P(f"สภาสันติสุขตำบล{txt(report.tambon, 'ตำบล')} อำเภอ{txt(report.amphoe, 'อำเภอ')} จังหวัด{txt(report.changwat, 'จังหวัด')}", head.center.but(font=fonts.BOLD)),
    ]
    if report.meeting_number:
        story.append(P(f"ครั้งที่ {txt(report.meeting_number, 'ครั้งที่')}", head.center.but(font=fonts.BOLD)))
    story.append(P(f"ส่วนที่ {digits(1, t)} การประชุมสภาสันติสุขตำบลประจำเดือน", head.label.but(space_before=8)))
    when = thai_date(report.meeting_date, thai_digits=t) if report.meeting_date else "ยังไม่ได้ประชุม"
    venue = txt(report.meeting_venue, "สถานที่ประชุม") or "-"
    story.append(P([("วันที่ประชุม ", fonts.BOLD), (when, fonts.REGULAR), ("   ณ ", fonts.BOLD), (venue, fonts.REGULAR)], head.body.but(left_indent=1 * cm)))
    if report.missions_done is not None:
        for i, (mission, done) in enumerate(zip(MISSIONS, list(report.missions_done) + [False] * 6, strict=False), 1):
            mark = "ดำเนินการแล้ว" if done else "ยังไม่ได้ดำเนินการ"
            story.append(P(f"{digits(i, t)}. {mission}: {mark}", head.body.but(left_indent=1 * cm)))
    part2 = P(f"ส่วนที่ {digits(2, t)} ผลการดำเนินงานโครงการ/กิจกรรม", head.label.but(space_before=8))
    table, total = _table(report, options, s, P)
    story += [KeepHeading(part2, table), part2, table]  # never a heading alone at a page foot
    footer = "กำหนดรายงานผลการดำเนินงานทุกวันที่ ๒๕ ของทุกเดือน" if t else "กำหนดรายงานผลการดำเนินงานทุกวันที่ 25 ของทุกเดือน"
    pname = txt(f"{person.get('prefix') or ''}{person.get('name') or ''}", "ผู้รายงาน")
    sign_style = head.center.but(left_indent=14 * cm)
    story.append(KeepTogether([  # the signature block never goes alone onto a page
        total, Spacer(1, 6), P(footer, head.body.but(font=fonts.BOLD)),
        P(f"(ลงชื่อ) {'.' * 40} ผู้รายงาน", sign_style.but(space_before=20)),
        P(f"({pname})" if pname else f"({'.' * 45})", sign_style),
        P(txt(person.get("position"), "ตำแหน่งผู้รายงาน") or "ตำแหน่ง " + "." * 35, sign_style),
    ]))
    return story


HEADER = ["ที่", "ชื่อโครงการ/กิจกรรม", "การเบิกจ่ายงบประมาณ (บาท)", "", "กลุ่มเป้าหมาย (ประเภท/คน)",
          "รายได้ที่ได้รับจากกิจกรรม (บาท)", "คุณภาพชีวิตกลุ่มเป้าหมาย", "ปัญหา/อุปสรรค/ข้อเสนอแนะ",
          "หมายเหตุ (ภาพและอื่น ๆ)"]
HEADER2 = ["", "", "ได้รับอนุมัติ", "เบิก-จ่าย", "", "", "", "", ""]
MONEY = (2, 3, 5)
# numbers and money whole; the project name and the texts share the rest by what they hold
COLUMNS = [Col(priority=0, whole=True), Col(priority=3, rest=True), Col(priority=0, whole=True),
           Col(priority=0, whole=True), Col(priority=3, rest=True), Col(priority=0, whole=True),
           Col(priority=3, rest=True), Col(priority=3, rest=True), Col(priority=3, rest=True)]


def _table(report: MonthlyReport, options: MonthlyOptions, s, P) -> tuple[Table, Table]:
    """The projects table and, apart, its total row with the same column widths (the total
    row goes with the signature block, so the signature never starts a page alone). When
    what must not break (header words, names, places, numbers) does not fit across the page
    at the report's size, the table is set one, then two points smaller."""
    if len(report.rows) > MAX_ROWS:
        raise KnownError(f"รายการมากเกินไป ({len(report.rows)}; สูงสุด {MAX_ROWS})",
                         f"too many rows ({len(report.rows)}; limit {MAX_ROWS})")
    for smaller in (0, 1, 2):
        size = options.font_size - smaller
        data, widths = _rows(report, options, make_styles(size) if smaller else s, P)
        if floors_fit(data, COLUMNS, LANDSCAPE_TEXT_WIDTH, skip={(0, 2)}, header_rows=2):
            break
    padding = [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
               ("GRID", (0, 0), (-1, -1), 0.5, black)]
    table = layout_table(data[:-1], COLUMNS, LANDSCAPE_TEXT_WIDTH, repeat_rows=2, h_align="CENTER",
                         size=size, widths=widths, style=[
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("SPAN", (2, 0), (3, 0)),
        *[("SPAN", (c, 0), (c, 1)) for c in (0, 1, 4, 5, 6, 7, 8)],
        *padding,
    ])
    total = layout_table(data[-1:], COLUMNS, LANDSCAPE_TEXT_WIDTH, h_align="CENTER",
                         size=size, widths=widths, style=padding)
    return table, total


def _rows(report: MonthlyReport, options: MonthlyOptions, s, P) -> tuple[list, list[float]]:
    """The table's rows (two header rows, the projects, the total) and its column widths."""
    t = options.thai_digits
    # a project's row may continue on the next page once it is taller than four lines
    split = 4 * s.cell.leading
    s = dataclasses.replace(s, cell=s.cell.but(split_above=split),
                            cell_center=s.cell_center.but(split_above=split))
    hc = s.cell_center.but(font=fonts.BOLD)
    data = [[P(h, hc) if h else "" for h in HEADER], [P(h, hc) if h else "" for h in HEADER2]]
    totals = [Decimal(0), Decimal(0), Decimal(0)]
    money_style = s.cell.but(align="right")
    for i, row in enumerate(report.rows, 1):
        where = f"รายการที่ {i}"
        amounts = []
        for k, key in enumerate(("approved_baht", "disbursed_baht", "income_baht")):
            value = getattr(row, key)
            amounts.append(_money(value, f"{where} {key}", t))
            if value not in (None, ""):
                totals[k] += parse_money(value)
        people = "" if row.people_reached in (None, "") else f"{digits(row.people_reached, t)} คน"
        target = " ".join(x for x in (render_digits(one_line(clean(row.target_group, where, where)), t), people) if x)
        cells = [f"{digits(i, t)}.", render_digits(one_line(clean(row.name, where, where)), t), amounts[0],
                 amounts[1], target, amounts[2]] + [render_digits(one_line(clean(getattr(row, k), where, where)), t)
                                                   for k in ("quality_of_life", "problems", "notes")]
        data.append([P(c, money_style if j in MONEY else (s.cell_center if j == 0 else s.cell)) if c else ""
                     for j, c in enumerate(cells)])
    total_cells = ["", "รวม", *(format_money(x, thai_digits=t) for x in totals[:2]), "",
                   format_money(totals[2], thai_digits=t), "", "", ""]
    # the totals in regular weight: bold amounts would widen the money columns for one row
    data.append([P(c, money_style if j in MONEY else hc) if c else "" for j, c in enumerate(total_cells)])
    return data, auto_widths(data, COLUMNS, LANDSCAPE_TEXT_WIDTH, skip={(0, 2)}, header_rows=2)


def render_monthly_report(report: MonthlyReport | dict, *, options: MonthlyOptions | None = None) -> bytes:
    if isinstance(report, dict):
        report = MonthlyReport.from_dict(report)
    options = options or MonthlyOptions()
    story = build_story(report, options)
    buffer = io.BytesIO()
    doc = OfficialDoc(buffer, thai_digits=options.thai_digits, draft=False,
                      title="แบบรายงานผลการดำเนินงานประจำเดือน", landscape_page=True)
    doc.build(story)
    return buffer.getvalue()
