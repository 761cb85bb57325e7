"""Property tests over realistic meetings and monthly reports (generators.py): the printed PDF
read back with pdftotext (default mode) returns every name, position and paragraph exactly,
lines never start with a following vowel, a mark or closing punctuation, breaks never fall
inside a name, a place, a number or a dictionary word, list numbers and names stay on one line;
keep-together rules hold on the page."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Table

from tambon_desktop.pdf import monthly as monthly_pdf
from tambon_desktop.pdf import render_minutes, render_monthly_report, words
from tambon_desktop.pdf.flow import ThaiPara
from tambon_desktop.pdf.linebreak import FOLLOWING, NO_START
from tambon_desktop.pdf.minutes import build_story
from tambon_desktop.pdf.styles import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH
from tests.helpers.generators import (
    meeting,
    meeting_texts,
    meetings,
    monthly,
    monthly_reports,
    monthly_texts,
)
from tests.helpers.pdf_helpers import pdftotext, squash, story_paragraphs, write_pdf

SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
NUMBER = re.compile(r"[0-9๐-๙](?:[0-9๐-๙,.]*[0-9๐-๙])?")
PAGE_NUMBER = re.compile(r"^\s*-\s*[๐-๙0-9]+\s*-\s*$", re.M)


def extracted(path) -> str:
    """pdftotext (default mode) without the '- n -' page numbers, whitespace removed."""
    return squash(PAGE_NUMBER.sub("", pdftotext(path)))


def missing(texts: list[str], got: str) -> list[str]:
    return [t for t in texts if squash(t) not in got]


BAD_LINE_START = FOLLOWING | set("ๆฯ.,")


def bad_line_starts(path) -> list[str]:
    """Printed lines (pdftotext, default mode) that start with a following vowel, a mark,
    ๆ, ฯ, "." or ","."""
    return [ln for ln in pdftotext(path).splitlines() if ln.strip() and ln.strip()[0] in BAD_LINE_START]


def laid_out(story, width: float) -> list[ThaiPara]:
    """Every paragraph of a story wrapped at its printed width (tables lay out their cells)."""
    for item in story:
        if isinstance(item, Table):
            item.wrap(width, 1e6)
        elif isinstance(item, ThaiPara):
            item.wrap(width, 1e6)
    return story_paragraphs(story)


def bad_breaks(para: ThaiPara, protected: list[str]) -> list[str]:
    """Line breaks of `para` that start a line wrongly or fall inside a protected unit, a
    number or a dictionary word."""
    text, lines = para.text, para.lines
    if len(lines) < 2:
        return []
    # independent of the breaker: the dictionary's own segmentation (no document words), spaces,
    # and the edges of the names and places of the document
    allowed, pos = set(), 0
    width = para._wrapped_for or 1e9  # noqa: SLF001 - the width it was laid out for
    for token in words.segment(text):
        if para.width_of(pos, pos + len(token)) > width:  # wider than the line: may split
            allowed.update(pos + c for c in words.split_compound(token, depth=3))
        pos += len(token)
        allowed.add(pos)
    allowed |= {i for i, c in enumerate(text) if c.isspace()} | {i + 1 for i, c in enumerate(text) if c.isspace()}
    spans = [m.span() for m in NUMBER.finditer(text)]
    spans += [m.span() for unit in protected for m in re.finditer(re.escape(unit), text)]
    allowed |= {edge for span in spans for edge in span}
    out = []
    for (_a, b), (nxt, _e) in zip(lines, lines[1:], strict=False):
        where = f"{text[max(0, b - 12):b]}|{text[nxt:nxt + 12]}"
        if text[nxt] in NO_START:
            out.append(f"line starts with {text[nxt]!r}: {where}")
        if any(s < b < e for s, e in spans):
            out.append(f"break inside a name/place/number: {where}")
        elif b not in allowed:
            out.append(f"break inside a word: {where}")
    return out


def protected_units(m: dict) -> list[str]:
    parts = set()
    for key in ("attendees", "absentees", "participants"):
        for p in m.get(key) or []:
            parts.update(x for x in p["name"].split() if len(x) >= 2)
    return sorted(parts | set(words.sbpac_place_names()), key=len, reverse=True)


@SETTINGS
@given(m=meetings)
def test_minutes_of_any_meeting_extract_exactly(tmp_path_factory, m):
    path = write_pdf(tmp_path_factory.mktemp("m"), render_minutes(m, draft=False))
    assert missing(meeting_texts(m), extracted(path)) == []
    assert bad_line_starts(path) == []
    pages = pdftotext(path).split("\f")
    signed = next(p for p in pages if "(ลงชื่อ)" in p)
    assert "เลิกประชุมเวลา" in signed  # the first signature block keeps the text above it


@SETTINGS
@given(m=meetings)
def test_minutes_lines_break_only_where_thai_allows(m):
    story = build_story(m, draft=False)
    protected = [u for u in protected_units(m)]
    problems = []
    for para in laid_out(story, TEXT_WIDTH):
        used = [u for u in protected if u in para.text]
        problems += bad_breaks(para, used)
    assert problems == []
    for table in (t for t in story if isinstance(t, Table)):
        for row in table._cellvalues:  # noqa: SLF001
            number, name = (c[0] if isinstance(c, (list, tuple)) else c for c in row[:2])
            if not number:
                continue  # the position line of a long name
            assert len(number.lines) == 1, number.text  # ๑๐., ๑๒๐. never wrap
            if name.natural_width() <= TEXT_WIDTH:
                assert len(name.lines) == 1, name.text  # a full name on one line


@SETTINGS
@given(rep=monthly_reports)
def test_monthly_report_extracts_exactly_with_one_digits_setting(tmp_path_factory, rep):
    path = write_pdf(tmp_path_factory.mktemp("r"), render_monthly_report(rep))
    text = pdftotext(path)
    assert missing(monthly_texts(rep), extracted(path)) == []
    assert bad_line_starts(path) == []
    assert not re.search(r"[0-9]", re.sub(r"[A-Za-z][\w-]*", "", text)), "Arabic digits beside Thai ones"
    # the signature block keeps the text above it; the part-2 heading keeps the table
    pages = text.split("\f")
    signed = [p for p in pages if "(ลงชื่อ)" in p]
    assert len(signed) == 1 and "กำหนดรายงานผลการดำเนินงาน" in signed[0] and "รวม" in signed[0]
    part2 = [p for p in pages if "ส่วนที่ ๒" in p]
    assert "ชื่อโครงการ/กิจกรรม" in part2[0]


@SETTINGS
@given(rep=monthly_reports)
def test_monthly_report_lines_break_only_where_thai_allows(rep):
    report = monthly_pdf.MonthlyReport.from_dict(rep)
    story = monthly_pdf.build_story(report, monthly_pdf.MonthlyOptions())
    places = [p for p in words.sbpac_place_names() if any(p in r["name"] for r in rep["rows"])]
    problems = []
    for para in laid_out(story, LANDSCAPE_TEXT_WIDTH):
        problems += bad_breaks(para, [p for p in places if p in para.text])
    assert problems == []


def test_a_forty_member_meeting_keeps_numbers_and_names_whole(tmp_path):
    m = meeting(11, attendees=40, agenda=4)
    path = write_pdf(tmp_path, render_minutes(m, draft=False))
    text = pdftotext(path)
    for i in ("๑๐.", "๑๗.", "๔๐."):
        assert re.search(rf"^{i} ", text, re.M), i  # the number and its dot start one line
    assert missing(meeting_texts(m), extracted(path)) == []


def test_long_representative_names_break_at_words_not_letters():
    reps = ["ผู้แทนกำนันตำบลคอลอตันหยง", "ตัวแทนกำนันดอนรัก", "ผู้แทนนายกองค์การบริหารส่วนตำบลบ่อทอง"]
    m = meeting(3, attendees=3, agenda=1)
    for person, name in zip(m["attendees"], reps, strict=True):
        person.update(prefix="", name=name, position="ประธานสภาองค์การบริหารส่วนตำบลบองอ", substitute_for="")
    story = build_story(m, draft=False)
    table = next(t for t in story if isinstance(t, Table))
    table.wrap(TEXT_WIDTH, 1e6)
    cells = [[c[0] if isinstance(c, (list, tuple)) else c for c in row] for row in table._cellvalues]  # noqa: SLF001
    names = [row[1] for row in cells if row[1]]
    positions = [row[2] for row in cells if row[2]]
    assert [n.line_texts() for n in names] == [[n] for n in reps]  # each whole on one line
    assert all(len(p.lines) <= 2 for p in positions), [p.line_texts() for p in positions]
    narrow = ThaiPara("ผู้แทนกำนันตำบลคอลอตันหยง", cells[0][1].style, cells[0][1].breaker)
    narrow.wrap(80, 1e6)
    assert narrow.line_texts()[0] in ("ผู้แทน", "ผู้แทนกำนัน", "ผู้แทนกำนันตำบล"), narrow.line_texts()


def test_cancelled_meeting_prints_as_cancelled(tmp_path, seed):
    seed["status"] = "cancelled"
    text = pdftotext(write_pdf(tmp_path, render_minutes(seed, draft=False)))
    assert "(การประชุมครั้งนี้ยกเลิก)" in text and "ยกเลิก" in squash(text.split("\f")[-2])
    assert "ร่าง" not in squash(text)
    seed["status"] = "draft"
    assert "ยกเลิก" not in pdftotext(write_pdf(tmp_path, render_minutes(seed), "d.pdf"))


def test_closing_line_is_its_own_paragraph(seed):
    seed["closing"] = "ประธานกล่าวขอบคุณและปิดประชุม"
    story = build_story(seed, draft=False)
    paras = [p for p in story if isinstance(p, ThaiPara)]
    end = next(i for i, p in enumerate(paras) if p.text.startswith("เลิกประชุมเวลา"))
    closing = next(i for i, p in enumerate(paras) if p.text == seed["closing"])
    assert closing == end - 1 and paras[closing].getSpaceBefore() > 0
    assert paras[end].getSpaceBefore() >= paras[end].style.size * 0.5
    assert "มติที่ประชุม" not in paras[end].text


RIGHT_MARGIN = 595.28 - 2 * 72 / 2.54  # A4 width minus the 2 cm right margin, points


def pdf_lines(path) -> list[tuple[str, float]]:
    """(text, xMax) of every line pdftotext -bbox-layout finds."""
    out = []
    xml = pdftotext(path, "-bbox-layout")
    for line in re.findall(r"<line [^>]*xMax=\"([\d.]+)\"[^>]*>(.*?)</line>", xml, re.S):
        words_ = re.findall(r"<word [^>]*>(.*?)</word>", line[1])
        out.append(("".join(words_), float(line[0])))
    return out


@SETTINGS
@given(seed=st.integers(0, 10_000))
def test_justified_paragraphs_reach_the_right_margin(tmp_path_factory, seed):
    m = meeting(seed, attendees=2, agenda=1)
    text = " ".join(meeting(seed + 1, agenda=3)["agenda"][i].get("title", "") for i in range(3))
    text += " " + " ".join((i.get("discussion") or "").replace("\n", " ") for i in meeting(seed + 2, agenda=6)["agenda"])
    m["agenda"][0].update(discussion=text, items=[], resolution="ที่ประชุมรับทราบ")
    path = write_pdf(tmp_path_factory.mktemp("j"), render_minutes(m, draft=False))
    body = squash(text)
    lines = [(squash(t), x) for t, x in pdf_lines(path) if len(squash(t)) > 12 and squash(t) in body]
    assert len(lines) >= 4
    *middle, last = lines
    assert all(abs(x - RIGHT_MARGIN) <= 1.0 for _t, x in middle), [(t[:20], round(x, 1)) for t, x in middle]
    assert last[1] < RIGHT_MARGIN + 1.0
    # off by the print style: ragged right again
    from tambon_desktop.pdf import MinutesOptions

    plain = write_pdf(tmp_path_factory.mktemp("p"), render_minutes(m, draft=False, options=MinutesOptions(justify=False)))
    ragged = [x for t, x in pdf_lines(plain) if len(squash(t)) > 12 and squash(t) in body][:-1]
    assert any(x < RIGHT_MARGIN - 1.0 for x in ragged)


def test_monthly_report_in_arabic_digits_has_no_thai_digit(tmp_path):
    rep = monthly(5, projects=4)
    data = render_monthly_report(rep, options=monthly_pdf.MonthlyOptions(thai_digits=False))
    text = pdftotext(write_pdf(tmp_path, data))
    assert re.search(r"\d{1,3}(,\d{3})*\.\d\d", text) and not re.search("[๐-๙]", text)
