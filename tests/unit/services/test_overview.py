"""The province overview against a generated province workspace: every figure equals a sum
computed here from the generated input (not from the store), every district of the scope has
its row, and a district outside the scope never appears."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tambon_desktop.cli import main
from tambon_desktop.core import geo
from tambon_desktop.services import overview
from tambon_desktop.services.overview import fiscal_months
from tambon_desktop.services.workspace import Workspace
from tests.helpers.province_data import MONTH, fill

TODAY = dt.datetime.now(dt.UTC).date()
YALA = [d.code for d in geo.districts("95")]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """A province officer's PC of Yala (9501) whose store holds the records of all 37 SBPAC
    districts: the 29 outside Yala must never show on its overview."""
    folder = tmp_path_factory.mktemp("province") / "ws"
    ws = Workspace.init(folder, district="9501", user="เจ้าหน้าที่จังหวัด", role="province_officer")
    gen = fill(ws, list(geo.sbpac_districts()), today=TODAY)
    yield ws, gen
    ws.close()


def month_reports(gen, month: str) -> dict:
    """Project id -> its latest sent, live report of the month, from the generated input."""
    latest: dict = {}
    for r in gen.reports:
        if r["status"] != "sent" or r["deleted"] or r["period"] != month:
            continue
        key = r["project"]
        if key not in latest or r["data"]["report_date"] > latest[key]["data"]["report_date"]:
            latest[key] = r
    return latest


def expected(gen, month: str, districts: list[str]) -> dict:
    """Per district (and 'total'): the month's figures from the generated input."""
    latest = month_reports(gen, month)
    out = {}
    for code in [*districts, "total"]:
        mine = [r for r in latest.values() if code == "total" and r["district"] in districts
                or r["district"] == code]
        meets = [m for m in gen.meetings if not m["deleted"] and m["date"][:7] == month
                 and (m["district"] == code or code == "total" and m["district"] in districts)]
        held = [m for m in meets if m["status"] != "cancelled"]
        out[code] = {
            "projects": sum(1 for p in gen.projects if p["district"] == code
                            or code == "total" and p["district"] in districts),
            "reports": len(mine),
            "approved": sum((Decimal(r["data"]["approved_baht"]) for r in mine), Decimal(0)),
            "disbursed": sum((Decimal(r["data"]["disbursed_baht"]) for r in mine), Decimal(0)),
            "physical": (sum(Decimal(str(r["data"]["physical_percent"])) for r in mine) / len(mine)
                         if mine else None),
            "people": sum(r["data"]["people_reached"] for r in mine),
            "meetings": len(held),
            "certified": sum(1 for m in held if m["status"] == "certified"),
        }
    return out


def check(fig, want) -> None:
    assert (fig.projects, fig.reports, fig.approved, fig.disbursed, fig.people, fig.meetings,
            fig.certified) == (want["projects"], want["reports"], want["approved"],
                               want["disbursed"], want["people"], want["meetings"],
                               want["certified"])
    if want["physical"] is None:
        assert fig.physical_percent is None
    else:
        assert fig.physical_percent == pytest.approx(float(want["physical"]))
    if want["approved"]:
        assert fig.disbursed_percent == pytest.approx(
            float(want["disbursed"] * 100 / want["approved"]))


def test_sbpac_area_every_figure_equals_the_generated_sums(region):
    ws, gen = region
    area = geo.sbpac_districts()
    assert len(area) == 37
    view = overview.overview(ws, "2565-01", today=TODAY, districts=area, scope_name="ศอ.บต.")
    assert view.month == MONTH and view.fiscal_year_be == 2565 and view.label == "มกราคม 2565"
    codes = [d.code for d in area]
    assert [r.code for r in view.rows] == codes  # every district, those that sent nothing too
    want = expected(gen, MONTH, codes)
    assert sum(w["reports"] for w in want.values()) > 100  # the generator really made data
    for row in view.rows:
        check(row.figures, want[row.code])
        assert row.late == (want[row.code]["reports"] == 0)
    check(view.total, want["total"])
    for code in gen.never:
        row = next(r for r in view.rows if r.code == code)
        assert row.figures.projects == 0 and row.late and row.silent and not row.last_received
    silent = {r.code for r in view.rows if r.silent}
    assert silent == gen.never | gen.old
    for row in view.rows:
        if row.code in gen.usb:
            assert (row.last_via, row.last_pc) == ("usb", gen.usb[row.code])
        elif row.code not in gen.never:
            assert row.last_via == "online" and row.last_pc == ""
    # the fiscal year, month by month, October 2564 to September 2565
    assert [p.month for p in view.series] == fiscal_months(MONTH)
    assert view.series[0].month == "2021-10" and view.series[-1].month == "2022-09"
    assert view.series[0].label == "ต.ค. 2564"
    for point in view.series:
        check(point.figures, expected(gen, point.month, codes)["total"])


def test_a_province_pc_sees_its_province_only(region):
    ws, gen = region
    view = overview.overview(ws, MONTH, today=TODAY)
    assert view.scope == "จังหวัดยะลา"
    assert [r.code for r in view.rows] == YALA
    want = expected(gen, MONTH, YALA)
    for row in view.rows:
        check(row.figures, want[row.code])
    check(view.total, want["total"])
    outside = {d.code for d in geo.sbpac_districts()} - set(YALA)
    text = json.dumps(view.to_dict(), ensure_ascii=False)
    names = {geo.name_of(c) for c in outside}
    assert not any(f'"{c}"' in text for c in outside)
    assert not any(f'"name": "{n}"' in text for n in names)
    # the outside districts' reports are in the store, but not in any total
    everything = expected(gen, MONTH, [d.code for d in geo.sbpac_districts()])["total"]
    assert view.total.reports < everything["reports"]


def test_a_district_pc_sees_its_own_district(tmp_path):
    ws = Workspace.init(tmp_path / "ws", district="9502", user="สมศรี", role="clerk")
    try:
        gen = fill(ws, list(geo.districts("95")), projects_each=2, today=TODAY)
        view = overview.overview(ws, MONTH, today=TODAY)
        assert [r.code for r in view.rows] == ["9502"]
        check(view.total, expected(gen, MONTH, ["9502"])["total"])
    finally:
        ws.close()


def test_months_in_either_era_and_bad_months(raises_th):
    assert overview.parse_month("2565-01") == overview.parse_month("๒๕๖๕-๐๑") == "2022-01"
    assert overview.parse_month("2021-10") == "2021-10"
    assert fiscal_months("2021-10")[0] == "2021-10" and fiscal_months("2022-09")[0] == "2021-10"
    for bad in ("2565-13", "มกราคม", "2565", ""):
        with raises_th("เดือนต้องเป็น ปปปป-ดด"):
            overview.parse_month(bad)


def test_cli_json_and_thai_table(region, capsys):
    ws, gen = region
    folder = str(ws.folder)
    assert main(["--data-dir", folder, "overview", "--month", "2565-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(overview.overview(ws, MONTH).to_dict()))
    assert [d["code"] for d in data["districts"]] == YALA
    total = expected(gen, MONTH, YALA)["total"]
    assert Decimal(data["total"]["disbursed"]) == total["disbursed"]

    assert main(["--data-dir", folder, "overview", "--month", "2022-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ภาพรวมจังหวัดยะลา ประจำเดือนมกราคม 2565 (ปีงบประมาณ 2565)"
    body = lines[2:-2]
    assert [line.split()[0] for line in body] == [d.name_th for d in geo.districts("95")]
    last = lines[-2].split()
    assert last[0] == "รวม" and last[1] == f"{total['reports']}/{total['projects']}"
    assert last[3] == f"{total['disbursed']:,.2f}"
    for code in YALA:
        line = body[YALA.index(code)]
        if code in gen.usb:
            assert f"USB …{gen.usb[code][-8:]}" in line
        assert ("เงียบ" in line) == (code in gen.never | gen.old)
    late = sum(1 for c in YALA if expected(gen, MONTH, [c])[c]["reports"] == 0)
    assert lines[-1].startswith(f"ส่งล่าช้า {late} อำเภอ")

    assert main(["--data-dir", folder, "overview", "--month", "2565-13"]) == 1
    assert "เดือนต้องเป็น ปปปป-ดด" in capsys.readouterr().err


def test_province_report_xlsx_read_back_cell_by_cell(region, tmp_path, capsys):
    import openpyxl

    from tambon_desktop.services.province_report import SERIES_HEADER, SUMMARY_HEADER

    ws, gen = region
    target = tmp_path / "จังหวัด.xlsx"
    assert main(["--data-dir", str(ws.folder), "report", "province", "--month", "2565-01",
                 "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["สรุปรายอำเภอ", "รายเดือน", "โครงการ"]
    sheet = book["สรุปรายอำเภอ"]
    assert sheet["A1"].value == "รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด จังหวัดยะลา"
    assert sheet["A2"].value == "ประจำเดือนมกราคม 2565 ปีงบประมาณ พ.ศ. 2565"
    assert tuple(c.value for c in sheet[4]) == SUMMARY_HEADER
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(YALA) + 1
    view = overview.overview(ws, MONTH)
    want = expected(gen, MONTH, YALA)
    for i, (row, code, district) in enumerate(zip(rows, YALA, view.rows, strict=False), 1):
        w = want[code]
        assert row[:6] == (i, "ยะลา", geo.name_of(code), code, w["reports"], w["projects"])
        assert Decimal(str(row[6])) == w["approved"] and Decimal(str(row[7])) == w["disbursed"]
        if w["approved"]:
            assert row[8] == pytest.approx(float(w["disbursed"] * 100 / w["approved"]), abs=0.005)
        else:
            assert row[8] is None
        assert row[9] == (None if w["physical"] is None
                          else pytest.approx(float(w["physical"]), abs=0.005))
        assert row[10:13] == (w["people"], w["meetings"], w["certified"])
        if code in gen.never:
            assert row[13:16] == (None, None, None)
        else:
            assert isinstance(row[13], dt.datetime)  # a real date cell, in Thai time (UTC+7)
            stored = dt.datetime.fromisoformat(district.last_received.rstrip("Z"))
            assert row[13] == stored + dt.timedelta(hours=7)
            assert row[14] == ("USB" if code in gen.usb else "ออนไลน์")
            assert row[15] == gen.usb.get(code)
        assert row[16] == ("ส่งล่าช้า" if w["reports"] == 0 else None)
        assert row[17] == ("ไม่มีข้อมูล" if code in gen.never | gen.old else None)
    total = rows[-1]
    t = want["total"]
    assert total[2] == "รวม" and total[4:6] == (t["reports"], t["projects"])
    assert Decimal(str(total[6])) == t["approved"] and Decimal(str(total[7])) == t["disbursed"]
    assert total[10:13] == (t["people"], t["meetings"], t["certified"])
    assert sheet.cell(5, 7).number_format == "#,##0.00"
    assert sheet.cell(5, 14).is_date

    series = book["รายเดือน"]
    assert tuple(c.value for c in series[3]) == SERIES_HEADER
    months = list(series.iter_rows(min_row=4, values_only=True))
    assert [m[1] for m in months] == fiscal_months(MONTH)
    assert months[0][0] == "ต.ค. 2564"
    for m in months:
        w = expected(gen, m[1], YALA)["total"]
        assert m[2] == w["reports"] and Decimal(str(m[4])) == w["disbursed"]
        assert m[7:10] == (w["people"], w["meetings"], w["certified"])

    # every project of the scope, with its report of the month (or none)
    latest = month_reports(gen, MONTH)
    lines = list(book["โครงการ"].iter_rows(min_row=4, values_only=True))
    mine = [p for p in gen.projects if p["district"] in YALA]
    assert len(lines) == len(mine)
    by_name = {line[3]: line for line in lines}
    for p in mine:
        rep = latest.get(p["id"])
        line = by_name[p["name"]]
        assert line[:3] == ("ยะลา", geo.name_of(p["district"]), p["district"])
        if rep is None:
            assert line[4:] == ("ยังไม่ส่ง", None, None, None, None)
        else:
            d = rep["data"]
            assert line[4] == "ส่งแล้ว"
            assert Decimal(str(line[5])) == Decimal(d["approved_baht"])
            assert Decimal(str(line[6])) == Decimal(d["disbursed_baht"])
            assert line[7] == pytest.approx(d["physical_percent"]) and line[8] == d["people_reached"]


def test_province_report_refuses_other_files_and_writes_nothing(region, tmp_path, capsys):
    ws, _ = region
    target = tmp_path / "report.csv"
    assert main(["--data-dir", str(ws.folder), "report", "province", "--month", "2565-01",
                 "-o", str(target)]) == 1
    assert ".xlsx" in capsys.readouterr().err and not target.exists()


def _pdf_text(path) -> tuple[str, str]:
    import re
    import subprocess
    import unicodedata

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)), info


def test_province_report_pdf_landscape_with_every_district_and_totals(region, tmp_path):
    import re

    from tambon_desktop.core.thai import to_thai_digits

    ws, gen = region
    target = tmp_path / "province.pdf"
    assert main(["--data-dir", str(ws.folder), "report", "province", "--month", "2565-01",
                 "-o", str(target)]) == 0
    text, info = _pdf_text(target)
    assert re.search(r"Page size:\s+841\.89 x 595\.27\d* pts", info)  # A4 landscape
    assert "รายงานผลการดำเนินงานประจำเดือนระดับจังหวัด" in text
    assert "ประจำเดือนมกราคมพ.ศ.๒๕๖๕" in text and "จังหวัดยะลา" in text
    positions = [text.find(d.name_th) for d in geo.districts("95")]
    assert -1 not in positions and positions == sorted(positions)
    total = expected(gen, MONTH, YALA)["total"]
    assert f"รวม{to_thai_digits(total['reports'])}/{to_thai_digits(total['projects'])}" in text
    assert to_thai_digits(f"{total['approved']:,.2f}{total['disbursed']:,.2f}") in text
    outside = [d for d in geo.sbpac_districts() if d.code[:2] != "95"]
    assert not [d.name_th for d in outside if d.name_th in text]
    assert "ต.ค.๒๕๖๔" in text and "ก.ย.๒๕๖๕" in text  # the fiscal year, month by month
    latest = month_reports(gen, MONTH)
    mine = [p for p in gen.projects if p["district"] in YALA]
    for p in mine:  # each project of the province, in its district's order
        assert to_thai_digits(p["name"].replace(" ", "")) in text
    assert text.count("ยังไม่ส่ง") == sum(1 for p in mine if p["id"] not in latest)
    assert "(ลงชื่อ)" in text and "ผู้รายงาน" in text


def test_province_report_pdf_of_the_whole_area(region, tmp_path):
    from tambon_desktop.services import province_report

    ws, gen = region
    view = overview.overview(ws, MONTH, today=TODAY, districts=geo.sbpac_districts(),
                             scope_name="พื้นที่ ศอ.บต.")
    target = tmp_path / "area.pdf"
    target.write_bytes(province_report.pdf_bytes(view, thai_digits=False))
    text, _ = _pdf_text(target)
    positions = [text.find(d.name_th) for d in geo.sbpac_districts()]
    assert -1 not in positions
    total = expected(gen, MONTH, [d.code for d in geo.sbpac_districts()])["total"]
    assert f"{total['approved']:,.2f}{total['disbursed']:,.2f}" in text


def test_a_region_pc_sees_its_provinces_and_single_districts(tmp_path):
    """A region officer's overview covers the provinces and single districts of its scope
    (here Yala and Songkhla's Chana), never the others its store may hold."""
    ws = Workspace.init(tmp_path / "ws", district="9501", user="sbpac", role="region_officer")
    try:
        ws.set_scope(["95", "9003"])
        held = list(geo.districts("95")) + list(geo.districts("94")) + list(geo.districts("90"))
        gen = fill(ws, held, projects_each=1, today=TODAY)
        view = overview.overview(ws, MONTH, today=TODAY)
        want_codes = YALA + ["9003"]
        assert sorted(r.code for r in view.rows) == sorted(want_codes)
        assert "จังหวัดยะลา" in view.scope and "สงขลา" in view.scope
        check(view.total, expected(gen, MONTH, want_codes)["total"])
    finally:
        ws.close()


def test_a_relayed_bundle_that_comes_back_in_the_pull_still_counts_as_usb(tmp_path):
    """A province PC relays a district's USB bundle, then pulls the same records back from
    the server: the district's data came by USB (everything pulled of it was written before
    its PC wrote the bundle). A district whose PC wrote more after its bundle sent online."""
    from tambon_desktop.core.ids import uuid7
    from tambon_desktop.store import pulled, usb_ledger

    ws = Workspace.init(tmp_path / "ws", district="9501", user="p", role="province_officer")
    try:
        written = "001640000000000-00000"  # 2021-12-20T11:33:20Z on the districts' PCs
        later = "001640000900000-00000"  # 15 minutes later
        devices = {}
        with ws.db.write() as s:  # both bundles read here first (then relayed) ...
            for code in ("9502", "9503"):
                devices[code] = uuid7()
                usb_ledger.ledger_put(
                    s, bundle_id=uuid7(), direction="in", kind="up", district=code,
                    device_id=devices[code], created_at="2021-12-20T11:40:00Z",
                    file_name="b.tambon-bundle", file_sha256="0" * 64, size=1, state="queued")
        changes = [pulled.Incoming(
            record_id=uuid7(), form_id="project", form_version=1, status="approved",
            area={"changwat": "95", "amphoe": code, "tambon": code + "01"},
            data={"name": code, "budget_baht": "1000.00"}, version=1, deleted=False, hlc=hlc,
            title=code, record_date="2021-10-01") for code, hlc in (("9502", written),
                                                                 ("9503", written),
                                                                 ("9503", later))]
        import time

        time.sleep(1.1)  # ... and the pull that follows applies them a moment later
        with ws.db.write() as s:
            pulled.apply_pulled(s, changes=changes, cursor="c")
        rows = {r.code: r for r in overview.overview(ws, MONTH).rows}
        assert (rows["9502"].last_via, rows["9502"].last_pc) == ("usb", devices["9502"])
        assert (rows["9503"].last_via, rows["9503"].last_pc) == ("online", "")
        assert rows["9503"].last_received > rows["9502"].last_received
    finally:
        ws.close()


def test_province_report_names_the_district_a_page_goes_on_with(region, tmp_path):
    """The projects table names a district on its first row; a page that starts in the middle
    of a district's projects names it again on its first row (a reader turning the page)."""
    import subprocess

    from tambon_desktop.services import province_report

    ws, _ = region
    target = province_report.write(ws, "2565-01", tmp_path / "province.pdf")
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    names = [d.name_th for d in geo.districts("95")]
    firsts = []
    for page in range(1, pages + 1):
        lines = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page),
                                str(target), "-"], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        if "รายงานเดือนนี้" in lines:  # the projects table's header, repeated on each page
            firsts.append(lines[lines.index("รายงานเดือนนี้") + 1])
    assert len(firsts) > 1
    for line in firsts:  # every page's first project row names its district
        assert any(line.startswith(name) for name in names), line
    # and some page does begin in the middle of a district (so the rule was exercised)
    numbers = [line.split()[1] for line in firsts]  # after the district: the project's number
    assert any(n != "๑." for n in numbers), firsts
