"""Shaping is active (and its absence fails loudly), the monthly report, agenda templates,
and the pdf package's import boundary."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pytest
from reportlab.pdfbase import pdfmetrics

from tambon_desktop.core.errors import KnownError
from tambon_desktop.forms.agenda import list_templates, load_template
from tambon_desktop.pdf import (
    ShapingUnavailable,
    check_shaping,
    render_minutes,
    render_monthly_report,
)
from tambon_desktop.pdf.monthly import MonthlyReport, MonthlyRow
from tests.helpers.pdf_helpers import pdftotext, run, squash, write_pdf


def test_check_shaping_passes_here():
    check_shaping()


def test_check_shaping_fails_loudly_when_a_font_is_not_shapable(monkeypatch):
    font = pdfmetrics.getFont("Sarabun-Bold")
    monkeypatch.setattr(font, "_shapable", False)
    with pytest.raises(ShapingUnavailable) as err:
        check_shaping()
    assert "shapable" in err.value.message_en


def test_check_shaping_fails_loudly_without_uharfbuzz(monkeypatch):
    monkeypatch.setitem(sys.modules, "uharfbuzz", None)  # import uharfbuzz -> ImportError
    with pytest.raises(ShapingUnavailable) as err:
        check_shaping()
    assert "uharfbuzz" in err.value.message_en


def test_glyphs_are_positioned_by_harfbuzz(tmp_path, seed):
    """Shaped output moves marks (Ts rise / TJ offsets) and uses substituted glyphs; an
    unshaped ReportLab string of the same text would do neither."""
    path = write_pdf(tmp_path, render_minutes(seed, draft=True))
    plain = tmp_path / "plain.pdf"
    run("qpdf", "--qdf", "--object-streams=disable", str(path), str(plain))
    content = plain.read_bytes()
    assert re.search(rb"-?\d+(\.\d+)? Ts", content), "no vertical mark positioning"
    assert content.count(b"BDC") > 100
    # page numbers and the watermark go through the same shaped path
    lower = content.lower()
    assert b"/actualtext <feff002d00200e520020002d>" in lower  # "- ๒ -"
    assert b"/actualtext <feff0e230e480e320e07>" in lower  # ร่าง


MONTHLY = {
    "month": "2022-01", "tambon": "สะเตง", "amphoe": "เมืองยะลา", "changwat": "ยะลา",
    "meeting_number": "1/2565", "meeting_date": "2022-01-20",
    "meeting_venue": "ห้องประชุมองค์การบริหารส่วนตำบลสะเตง",
    "missions_done": [True, True, False, True, True, False],
    "rows": [
        {"name": "กิจกรรมเลี้ยงไก่พื้นเมืองเพื่อสร้างรายได้ให้ครัวเรือนยากจน", "approved_baht": "300000",
         "disbursed_baht": 150000.5, "target_group": "ครัวเรือนยากจน", "people_reached": 45,
         "income_baht": "12500", "quality_of_life": "มีรายได้เพิ่มขึ้น ครัวเรือนละ 500 บาทต่อเดือน",
         "problems": "ราคาอาหารสัตว์สูงขึ้น", "notes": "ภาพกิจกรรม 4 ภาพ"},
        {"name": "กิจกรรมปลูกผักปลอดสารพิษ", "approved_baht": 50000, "disbursed_baht": 0,
         "target_group": "กลุ่มสตรี", "people_reached": 20},
    ],
    "reporter": {"prefix": "นาย", "name": "สมชาย ใจดี", "position": "พัฒนากรประจำตำบลสะเตง"},
}


def test_monthly_report_from_dict(tmp_path):
    path = write_pdf(tmp_path, render_monthly_report(MONTHLY))
    info = run("pdfinfo", str(path))
    assert re.search(r"Page size:\s+841\.8\d* x 595\.2\d* pts", info), "landscape A4 expected"
    text = squash(pdftotext(path))
    for item in ("แบบรายงานผลการดำเนินงานประจำเดือนมกราคมพ.ศ.๒๕๖๕", "ประจำปีงบประมาณพ.ศ.๒๕๖๕",
                 "สภาสันติสุขตำบลสะเตงอำเภอเมืองยะลาจังหวัดยะลา", "ครั้งที่๑/๒๕๖๕", "๓๐๐,๐๐๐.๐๐",
                 "๑๕๐,๐๐๐.๕๐", "๓๕๐,๐๐๐.๐๐", "๑๒,๕๐๐.๐๐", "๔๕คน", "ทุกวันที่๒๕ของทุกเดือน",
                 "(นายสมชายใจดี)", "ยังไม่ได้ดำเนินการ"):
        assert item in text, item
    assert "Helvetica" not in run("pdffonts", str(path))


def test_monthly_report_from_dataclass_and_bad_amount():
    report = MonthlyReport(month="2021-10", tambon="บาเจาะ", amphoe="บาเจาะ", changwat="นราธิวาส",
                           rows=[MonthlyRow(name="กิจกรรม", approved_baht=Decimal("1000"))])
    assert render_monthly_report(report).startswith(b"%PDF-")
    bad = dict(MONTHLY, rows=[{"name": "x", "approved_baht": "หนึ่งพัน"}])
    with pytest.raises(KnownError):
        render_monthly_report(bad)
    with pytest.raises(KnownError):
        render_monthly_report(dict(MONTHLY, month="มกรา"))


def test_agenda_templates_shape():
    names = [t["name"] for t in list_templates()]
    assert names[:3] == ["standard5", "standard6", "sbpac_mct02"]
    assert [i["number"] for i in load_template("standard5")] == ["1", "2", "3", "4", "5"]
    assert len(load_template("standard6")) == 6
    mct = load_template("sbpac_mct02")
    assert len(mct[2]["items"]) == 6 and mct[5]["title"].startswith("ข้อสั่งการ")
    for item in mct:
        assert set(item) >= {"number", "title", "discussion", "resolution", "items"}
    first = load_template("standard5")
    first[0]["title"] = "changed"
    assert load_template("standard5")[0]["title"] != "changed"
    with pytest.raises(KnownError):
        load_template("../etc/passwd")


def test_pdf_package_imports_no_forbidden_layers():
    code = ("import sys, json, tambon_desktop.pdf as p, tambon_desktop.pdf.minutes, tambon_desktop.pdf.monthly;"
            "p.prepare();"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6','shiboken6','sqlmodel','sqlalchemy') or m.startswith(('tambon_desktop.store',"
            "'tambon_desktop.services','tambon_desktop.ui','tambon_desktop.server')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
