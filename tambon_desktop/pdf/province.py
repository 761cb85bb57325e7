"""The province's consolidated monthly report (รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด),
landscape A4, from plain data: the overview as a dict (services.overview.Overview.to_dict(),
last_received in local time). A summary table by district with totals, the month's bars by
district (pdf/charts.py), the fiscal year month by month (a line, then a table), each
district's projects, and the province's signature block."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.colors import black
from reportlab.platypus.flowables import KeepTogether, Spacer

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.thai import MONTHS, MONTHS_SHORT, digits, format_money, thai_date
from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.charts import ROW, SIZE, DistrictBars, YearLine
from tambon_desktop.pdf.flow import KeepHeading, ThaiPara
from tambon_desktop.pdf.linebreak import Breaker
from tambon_desktop.pdf.styles import LANDSCAPE_TEXT_WIDTH, OfficialDoc, make_styles
from tambon_desktop.pdf.tables import Col, floors_fit, layout_table
from tambon_desktop.pdf.text import clean, one_line, render_digits

TITLE = "รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด"
HEADER = ["ที่", "อำเภอ", "รายงาน/ โครงการ", "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)",
          "เบิกจ่าย (ร้อยละ)", "ผลงาน (ร้อยละ)", "ผู้ได้รับประโยชน์ (คน)",
          "ประชุม/ รับรอง", "รับข้อมูลล่าสุด", "หมายเหตุ"]
NUMBERS = (2, 3, 4, 5, 6, 7, 8)
COLUMNS = [Col(priority=0, whole=True), Col(priority=0, whole=True),
           *[Col(priority=0, whole=True)] * 7, Col(priority=1, rest=True),
           Col(priority=1, rest=True)]
SERIES_HEADER = ["เดือน", "รายงาน", "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)",
                 "เบิกจ่าย (ร้อยละ)", "ผลงาน (ร้อยละ)", "ผู้ได้รับประโยชน์ (คน)",
                 "ประชุม/ รับรอง"]
SERIES_COLUMNS = [Col(priority=1), *[Col(priority=0, whole=True)] * 7]
PROJECT_HEADER = ["อำเภอ", "ที่", "โครงการ", "งบที่ได้รับอนุมัติ (บาท)", "เบิกจ่ายแล้ว (บาท)",
                  "เบิกจ่าย (ร้อยละ)", "ผลงาน (ร้อยละ)", "ผู้ได้รับประโยชน์ (คน)", "รายงานเดือนนี้"]
PROJECT_COLUMNS = [Col(priority=0, whole=True), Col(priority=0, whole=True), Col(priority=2, rest=True),
                   *[Col(priority=0, whole=True)] * 5, Col(priority=1)]


def _pct(value, t: bool) -> str:
    return "-" if value is None else digits(f"{value:.2f}", t)


def _figures(f: dict, t: bool) -> list[str]:
    return [format_money(Decimal(f["approved"]), thai_digits=t),
            format_money(Decimal(f["disbursed"]), thai_digits=t),
            _pct(f["disbursed_percent"], t), _pct(f["physical_percent"], t),
            digits(f"{f['people']:,}", t), digits(f"{f['meetings']}/{f['certified']}", t)]


def _axis_label(month: str) -> str:
    """'2021-10' → 'ต.ค. 64' (Buddhist-Era year, two digits: twelve fit across the page)."""
    return f"{MONTHS_SHORT[int(month[5:7]) - 1]} {(int(month[:4]) + 543) % 100:02d}"


def _received(row: dict, t: bool) -> str:
    at = row.get("last_received")
    if not at:
        return "-"
    via = {"usb": "USB", "online": "ออนไลน์"}.get(row.get("last_via") or "", "")
    return f"{thai_date(at[:10], thai_digits=t, short_month=True)} {via}".strip()


def _table(data: list[list[str]], cols, numbers, size: float, breaker: Breaker,
           total_row: bool, grouped: bool = False):
    """The rows as a table set from its content, one then two points smaller when what must
    not break does not fit across the page."""
    for smaller in (0, 1, 2):
        s = make_styles(size - smaller)
        head = s.cell_center.but(font=fonts.BOLD)
        right = s.cell.but(align="right")
        cells = [[ThaiPara(c, head, breaker) if c else "" for c in data[0]]]
        last = len(data) - 1
        for i, row in enumerate(data[1:], 1):
            style = [right if j in numbers else s.cell for j in range(len(row))]
            if total_row and i == last:
                style = [right.but(font=fonts.BOLD) if j in numbers else head
                         for j in range(len(row))]
            cells.append([ThaiPara(c, style[j], breaker) if c else "" for j, c in enumerate(row)])
        if floors_fit(cells, cols, LANDSCAPE_TEXT_WIDTH, header_rows=1):
            break
    return layout_table(cells, cols, LANDSCAPE_TEXT_WIDTH, repeat_rows=1, h_align="CENTER",
                        size=size - smaller, padding=(1, 2), grouped=grouped, style=[
                            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                            ("TOPPADDING", (0, 0), (-1, -1), 1),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                            ("GRID", (0, 0), (-1, -1), 0.5, black)])


def build_story(view: dict, *, thai_digits: bool = True) -> list:
    from tambon_desktop.pdf.warmup import prepare

    prepare(wait=False)
    t = thai_digits
    rows = view.get("districts") or []
    if not rows:
        raise KnownError("ไม่มีอำเภอในรายงาน", "the province report has no districts")
    month = str(view["month"])
    year, mon = int(month[:4]), int(month[5:7])
    names = [one_line(clean(r["name"], "อำเภอ", "district")) for r in rows]
    provinces = {r.get("province") or "" for r in rows}
    breaker = Breaker(names=names, places=names + [p for p in provinces if p])
    head = make_styles(16.0)

    def P(text, style):
        return ThaiPara(text, style, breaker)

    story = [
        P(f"{TITLE}", head.title),
        P(f"ประจำเดือน{MONTHS[mon - 1]} พ.ศ. {digits(year + 543, t)}", head.center.but(font=fonts.BOLD)),
        P("โครงการเสริมสร้างความเข้มแข็งให้กับตำบล จังหวัดชายแดนภาคใต้ ประจำปีงบประมาณ พ.ศ. "
          f"{digits(view['fiscal_year_be'], t)}", head.center.but(font=fonts.BOLD)),
        P(render_digits(one_line(clean(view.get("scope") or "", "ขอบเขต", "scope")), t),
          head.center.but(font=fonts.BOLD)),
        Spacer(1, 6),
    ]
    many = len(provinces) > 1
    data = [HEADER]
    for i, (row, name) in enumerate(zip(rows, names, strict=True), 1):
        f = row
        note = " ".join(x for x, on in (("ส่งล่าช้า", row["late"]),
                                        ("เงียบเกิน " + digits(21, t) + " วัน", row["silent"]))
                        if on)
        label = f"{name} ({row['province']})" if many else name
        data.append([f"{digits(i, t)}.", label, digits(f"{f['reports']}/{f['projects']}", t),
                     *_figures(f, t), _received(row, t), note])
    total = view["total"]
    data.append(["", "รวม", digits(f"{total['reports']}/{total['projects']}", t),
                 *_figures(total, t), "", ""])
    story.append(_table(data, COLUMNS, NUMBERS, 13.0, breaker, total_row=True))
    heading = P(f"ร้อยละการเบิกจ่ายและผลการดำเนินงานรายอำเภอ ประจำเดือน{MONTHS[mon - 1]} "
                f"พ.ศ. {digits(year + 543, t)}", head.label.but(space_before=10))
    bars = DistrictBars([{"name": n, "disbursed": r["disbursed_percent"],
                          "physical": r["physical_percent"], "late": r["late"],
                          "silent": r["silent"]} for r, n in zip(rows, names, strict=True)],
                        LANDSCAPE_TEXT_WIDTH, thai_digits=t)
    story += [KeepHeading(heading, ROW * 4 + SIZE * 4), heading, bars]
    series = view.get("series") or []
    if series:
        heading = P(f"ผลการดำเนินงานรายเดือน ปีงบประมาณ พ.ศ. {digits(view['fiscal_year_be'], t)}",
                    head.label.but(space_before=10))
        chart = YearLine([{"month": p["month"], "label": _axis_label(p["month"]),
                           "disbursed": p["disbursed_percent"],
                           "physical": p["physical_percent"]} for p in series],
                         month, LANDSCAPE_TEXT_WIDTH, thai_digits=t)
        sdata = [SERIES_HEADER] + [
            [render_digits(p["label"], t), digits(p["reports"], t), *_figures(p, t)]
            for p in series]
        table = _table(sdata, SERIES_COLUMNS, (1, 2, 3, 4, 5, 6, 7), 13.0, breaker,
                       total_row=False)
        story += [KeepHeading(heading, chart), heading, chart, Spacer(1, 6), table]
    projects = view.get("projects") or []
    if projects:
        heading = P("โครงการรายอำเภอ", head.label.but(space_before=10))
        table = _table(_project_rows(projects, rows, many, t), PROJECT_COLUMNS,
                       (1, 3, 4, 5, 6, 7), 13.0, breaker, total_row=False, grouped=True)
        story += [KeepHeading(heading, table), heading, table]
    sign = head.center.but(left_indent=14 * 28.35)
    story.append(KeepTogether([
        P(f"(ลงชื่อ) {'.' * 40} ผู้รายงาน", sign.but(space_before=24)),
        P(f"({'.' * 45})", sign),
        P("ตำแหน่ง " + "." * 35, sign),
        P("วันที่ " + "." * 10 + " เดือน " + "." * 20 + " พ.ศ. " + "." * 10, sign),
    ]))
    return story


def _project_rows(projects: list[dict], districts: list[dict], many: bool, t: bool) -> list:
    names = {r["code"]: f"{r['name']} ({r['province']})" if many else r["name"] for r in districts}
    data, last, n = [PROJECT_HEADER], None, 0
    for p in projects:
        first = p["district"] != last
        n = 1 if first else n + 1
        last = p["district"]
        name = render_digits(one_line(clean(p["name"], "ชื่อโครงการ", "project name")), t)
        if p["reported"]:
            money = [format_money(Decimal(p["approved"]), thai_digits=t),
                     format_money(Decimal(p["disbursed"]), thai_digits=t)]
            pct = (Decimal(p["disbursed"]) * 100 / Decimal(p["approved"])
                   if Decimal(p["approved"]) else None)
            cells = [*money, _pct(pct, t), _pct(p["physical"], t),
                     digits(f"{p['people'] or 0:,}", t), "ส่งแล้ว"]
        else:
            cells = ["", "", "", "", "", "ยังไม่ส่ง"]
        data.append([names.get(p["district"], p["district"]) if first else "",
                     f"{digits(n, t)}.", name, *cells])
    return data


def render_province_report(view: dict, *, thai_digits: bool = True) -> bytes:
    story = build_story(view, thai_digits=thai_digits)
    buffer = io.BytesIO()
    doc = OfficialDoc(buffer, thai_digits=thai_digits, draft=False, title=TITLE,
                      landscape_page=True)
    doc.build(story)
    return buffer.getvalue()
