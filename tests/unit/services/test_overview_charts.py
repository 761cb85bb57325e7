"""The overview's chart data (per-district bars, the fiscal-year line, one district's year) and
a district's own records, against a generated province workspace: every number is computed
here from the generated input, never from the store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tambon_desktop.core import geo
from tambon_desktop.services import overview
from tambon_desktop.services.overview import fiscal_months
from tambon_desktop.services.workspace import Workspace
from tests.helpers.province_data import MONTH, fill

TODAY = dt.datetime.now(dt.UTC).date()
YALA = [d.code for d in geo.districts("95")]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A Yala province officer's PC holding Yala and Pattani (Pattani is outside its scope)."""
    folder = tmp_path_factory.mktemp("charts") / "ws"
    ws = Workspace.init(folder, district="9501", user="เจ้าหน้าที่จังหวัด", role="province_officer")
    gen = fill(ws, list(geo.districts("95")) + list(geo.districts("94"))[:3], projects_each=3,
               today=TODAY)
    yield ws, gen
    ws.close()


def percents(gen, month: str, districts: list[str]) -> tuple[float | None, float | None]:
    """(disbursed % of approved, mean physical %) of the latest sent live report of each
    project of `districts` for `month`, from the generated input."""
    latest: dict = {}
    for r in gen.reports:
        if r["status"] != "sent" or r["deleted"] or r["period"] != month:
            continue
        if r["district"] not in districts:
            continue
        old = latest.get(r["project"])
        if old is None or r["data"]["report_date"] > old["data"]["report_date"]:
            latest[r["project"]] = r
    if not latest:
        return None, None
    approved = sum(Decimal(r["data"]["approved_baht"]) for r in latest.values())
    disbursed = sum(Decimal(r["data"]["disbursed_baht"]) for r in latest.values())
    physical = sum(Decimal(str(r["data"]["physical_percent"])) for r in latest.values())
    return (float(disbursed * 100 / approved) if approved else None,
            float(physical / len(latest)))


def same(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and a == pytest.approx(b)


def test_bars_are_each_districts_percentages_with_late_and_silent(province):
    ws, gen = province
    view = overview.overview(ws, MONTH, today=TODAY)
    bars = overview.bars(view)
    assert [b.code for b in bars] == YALA
    assert [b.name for b in bars] == [d.name_th for d in geo.districts("95")]
    for bar in bars:
        disbursed, physical = percents(gen, MONTH, [bar.code])
        assert same(bar.disbursed, disbursed) and same(bar.physical, physical), bar
        assert bar.late == (disbursed is None and physical is None)
        # a district last heard from by USB (today) is not silent, whatever its pulls
        assert bar.silent == (bar.code in (gen.never | gen.old) - set(gen.usb))
    assert any(b.late for b in bars) and any(b.silent for b in bars)
    assert any(b.disbursed and b.disbursed > 0 for b in bars)


def test_the_fiscal_year_line_from_october_to_september(province):
    ws, gen = province
    view = overview.overview(ws, "2565-03", today=TODAY)
    points = overview.line(view.series)
    assert [p.month for p in points] == fiscal_months(MONTH)
    assert [p.label for p in points][:4] == ["ต.ค. 64", "พ.ย. 64", "ธ.ค. 64", "ม.ค. 65"]
    assert points[-1].label == "ก.ย. 65"
    for p in points:
        disbursed, physical = percents(gen, p.month, YALA)
        assert same(p.disbursed, disbursed) and same(p.physical, physical), p
    assert sum(p.disbursed is not None for p in points) == 12  # the generator reports every month


def test_one_districts_fiscal_year(province, raises_th):
    ws, gen = province
    code = next(c for c in YALA if c not in gen.never)
    series = overview.fiscal_year(ws, "2022-01", code)
    assert [p.month for p in series] == fiscal_months(MONTH)
    for p in series:
        disbursed, physical = percents(gen, p.month, [code])
        assert same(p.figures.disbursed_percent, disbursed)
        assert same(p.figures.physical_percent, physical)
        assert p.figures.projects == sum(1 for x in gen.projects if x["district"] == code)
        held = [m for m in gen.meetings if m["district"] == code and not m["deleted"]
                and m["date"][:7] == p.month and m["status"] != "cancelled"]
        assert (p.figures.meetings, p.figures.certified) == (
            len(held), sum(m["status"] == "certified" for m in held))
    silent = next(iter(gen.never & set(YALA)))
    assert all(p.figures.reports == 0 for p in overview.fiscal_year(ws, MONTH, silent))
    pattani = geo.districts("94")[0].code  # its records are in the store, outside the scope
    with raises_th("ไม่อยู่ในขอบเขต"):
        overview.fiscal_year(ws, MONTH, pattani)


def test_a_districts_own_records(province, raises_th):
    ws, gen = province
    code = next(c for c in YALA if c not in gen.never)
    lists = overview.district_records(ws, code)
    assert sorted(r.id for r in lists["project"]) == sorted(
        p["id"] for p in gen.projects if p["district"] == code)
    reports = [r for r in gen.reports if r["district"] == code and not r["deleted"]]
    assert len(lists["progress_report"]) == len(reports)
    dates = [r.date for r in lists["progress_report"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    meetings = [m for m in gen.meetings if m["district"] == code and not m["deleted"]]
    assert sorted(r.date for r in lists["meeting"]) == sorted(m["date"] for m in meetings)
    assert {r.form_id for rs in lists.values() for r in rs} == {"project", "progress_report",
                                                                 "meeting"}
    with raises_th("ไม่อยู่ในขอบเขต"):
        overview.district_records(ws, geo.districts("94")[0].code)


def _pages_text(path) -> list[str]:
    import re
    import subprocess
    import unicodedata

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [re.sub(r"\s+", "", unicodedata.normalize("NFC", page)) for page in out.split("\f")]


def _colours(path, page: int) -> set[tuple[int, int, int]]:
    """The colours of one page rendered by poppler (a binary PPM, read here)."""
    import subprocess

    ppm = subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    head = ppm.split(maxsplit=4)  # P6, width, height, maxval (one whitespace byte), pixels
    assert head[0] == b"P6"
    data = head[4]
    return {tuple(data[i:i + 3]) for i in range(0, len(data), 3)}


def test_the_printed_report_draws_the_bars_and_the_year(province, tmp_path):
    from tambon_desktop.core.thai import to_thai_digits
    from tambon_desktop.services import province_report

    ws, gen = province
    target = province_report.write(ws, "2565-01", tmp_path / "province.pdf")
    pages = _pages_text(target)
    bars_page = next(i for i, p in enumerate(pages)
                     if "ร้อยละการเบิกจ่ายและผลการดำเนินงานรายอำเภอ" in p)
    text = pages[bars_page]
    text = text[text.find("ร้อยละการเบิกจ่ายและผลการดำเนินงานรายอำเภอ"):]  # after the table
    view = overview.overview(ws, MONTH, today=TODAY)
    positions = [text.find(r.name) for r in view.rows]
    assert -1 not in positions and positions == sorted(positions)  # every district, in order
    for bar in overview.bars(view):
        if bar.disbursed is None:
            assert f"{bar.name}(" in text  # marked late or silent in words
        else:
            assert to_thai_digits(f"{bar.disbursed:.1f}") in text
            assert to_thai_digits(f"{bar.physical:.1f}") in text
    assert "เงียบเกิน๒๑วัน" in text and "ไม่มีรายงานเดือนนี้" in text
    colours = _colours(target, bars_page + 1)
    assert {(0x1F, 0x5F, 0xA8), (0xE0, 0x7B, 0x00), (0xFD, 0xE2, 0xE1)} <= colours
    year_page = next(i for i, p in enumerate(pages)
                     if "ผลการดำเนินงานรายเดือนปีงบประมาณพ.ศ.๒๕๖๕" in p)
    axis = pages[year_page]
    labels = ["ต.ค.๖๔", "พ.ย.๖๔", "ธ.ค.๖๔", "ม.ค.๖๕", "ก.พ.๖๕", "มี.ค.๖๕", "เม.ย.๖๕",
              "พ.ค.๖๕", "มิ.ย.๖๕", "ก.ค.๖๕", "ส.ค.๖๕", "ก.ย.๖๕"]
    found = [axis.find(label) for label in labels]
    assert -1 not in found and found == sorted(found)  # October to September
    assert {(0x1F, 0x5F, 0xA8), (0xE0, 0x7B, 0x00)} <= _colours(target, year_page + 1)
