"""The minutes PDF read back: order of elements, options, fonts, page size, qpdf, page numbers,
line breaks checked against an independent segmentation of the printed lines."""

from __future__ import annotations

import re

import pytest

from tambon_desktop.forms.agenda import load_template
from tambon_desktop.pdf import MinutesOptions, render_minutes
from tambon_desktop.pdf.linebreak import FOLLOWING, NO_START
from tests.helpers.pdf_helpers import long_meeting, page_count, pdftotext, run, squash, write_pdf


def test_seed_prints_a4_with_embedded_fonts_and_clean_structure(tmp_path, seed):
    path = write_pdf(tmp_path, render_minutes(seed))
    info = run("pdfinfo", str(path))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info), info
    fonts_out = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts_out, "no fonts"
    for line in fonts_out:
        assert "Sarabun" in line, f"unexpected font: {line}"
        assert re.search(r"\byes\s+yes\s+yes\b", line), f"font not embedded+subset+unicode: {line}"
    assert any("Sarabun-Bold" in line for line in fonts_out), "real bold not used"
    check = run("qpdf", "--check", str(path))
    assert "No syntax or stream encoding errors found" in check, check


def test_elements_in_the_order_of_form_11(tmp_path, full_meeting):
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(full_meeting, draft=False))))
    order = ["รายงานการประชุมกลไกการขับเคลื่อน", "ครั้งที่๑/๒๕๖๕", "เมื่อวันพฤหัสบดีที่๒๐มกราคม๒๕๖๕",
             "ณห้องประชุมชั้น๒", "ผู้มาประชุม", "นายอำนวยศรีระแก้ว", "มาประชุมแทน",
             "ผู้ไม่มาประชุม", "นางสุภาพรแวดือราแม", "ผู้เข้าร่วมประชุม", "นางสาวอามีเนาะ", "เริ่มประชุมเวลา๐๙.๓๐น.",
             "เมื่อที่ประชุมพร้อม", "ระเบียบวาระที่๑", "มติที่ประชุมที่ประชุมรับทราบ", "ระเบียบวาระที่๔", "๔.๑",
             "ระเบียบวาระที่๕", "ประธานกล่าวขอบคุณ", "เลิกประชุมเวลา๑๒.๐๐น.", "(ลงชื่อ)", "ผู้จดรายงานการประชุม",
             "(นายธีรพงษ์ศรีระแก้ว)", "ผู้ตรวจรายงานการประชุม", "(นายอำนวยศรีระแก้ว)", "ผู้รับรองการประชุม",
             "ประธานสภาสันติสุขตำบลสะเตง"]
    pos = 0
    for item in order:
        found = text.find(item, pos)
        assert found >= 0, f"{item!r} missing or out of order"
        pos = found


def test_optional_sections_only_when_present(tmp_path, seed):
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed))))
    assert "ผู้ไม่มาประชุม" not in text and "ผู้เข้าร่วมประชุม" not in text
    assert "ผู้ตรวจรายงานการประชุม" not in text


def test_page_numbers_from_page_two_centred_at_top(tmp_path, full_meeting):
    path = write_pdf(tmp_path, render_minutes(full_meeting, draft=False))
    assert page_count(path) >= 2
    bbox = pdftotext(path, "-bbox")
    pages = bbox.split("<page ")[1:]
    thai = "๐๑๒๓๔๕๖๗๘๙"
    for number, page in enumerate(pages, 1):
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page)
        top = min(words, key=lambda w: float(w[1]))
        label = "- " + "".join(thai[int(d)] for d in str(number)) + " -"
        if number == 1:
            assert all(w[3] != label for w in words)
            assert top[3].startswith("รายงานการประชุม")
            continue
        assert top[3] == label, (number, top)
        centre = (float(top[0]) + float(top[2])) / 2
        assert abs(centre - 595.28 / 2) < 2, f"page number not centred: {centre}"
        assert float(top[1]) < 2.5 * 72 / 2.54, "page number not in the top margin"


def test_options_arabic_digits_be_label_no_weekday_labels(tmp_path, seed):
    options = MinutesOptions(thai_digits=False, be_label=True, weekday=False,
                             labels={"end": "ปิดการประชุมเวลา", "recorder": "ผู้จดบันทึกการประชุม"})
    raw = pdftotext(write_pdf(tmp_path, render_minutes(seed, options=options, draft=False)))
    assert "เมื่อวันที่ 20 มกราคม พ.ศ. 2565" in raw  # "วันที่ ๒๐", spaced as typed by hand
    text = squash(raw)
    assert "ครั้งที่1/2565" in text and "09.30น." in text and "ปิดการประชุมเวลา12.00น." in text
    assert "ผู้จดบันทึกการประชุม" in text
    assert not re.search("[๐-๙]", text)
    thai = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed, draft=False), "t.pdf")))
    assert "(๒๐มกราคม๒๕๖๕)" in thai and "ทั้ง๔ด้าน" in thai  # digits inside discussion converted


@pytest.mark.parametrize("template", ["standard5", "standard6", "sbpac_mct02"])
def test_agenda_templates_print(tmp_path, seed, template):
    seed["agenda"] = load_template(template)
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed, options=MinutesOptions(template=template)))))
    last = {"standard5": "เรื่องอื่นๆ", "standard6": "เรื่องอื่นๆ", "sbpac_mct02": "ข้อสั่งการ/ปิดการประชุม"}
    assert last[template] in text
    if template == "sbpac_mct02":
        assert "๓.๔ด้านการพัฒนาสังคมสาธารณสุขและสิ่งแวดล้อม" in text
        assert "(ผู้รายงาน:ผอ.รพ.สต.)" in text
        assert "ปิดการประชุมเวลา" in text and "ผู้จดบันทึกการประชุม" in text


def test_resolutions_only_prints_no_discussion(tmp_path, seed):
    seed["recording_style"] = "resolutions_only"
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed))))
    assert "เพื่อชี้แจงกรอบแนวทาง" not in text
    assert "ที่ประชุมรับทราบและถือแผนปฏิบัติการเป็นกรอบดำเนินงานในพื้นที่" in text


def test_headings_never_orphaned_at_page_foot(tmp_path, seed):
    from tests.helpers.pdf_helpers import long_meeting

    meeting = long_meeting(seed, 6)
    path = write_pdf(tmp_path, render_minutes(meeting, draft=False))
    for page in pdftotext(path).split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines:
            assert not lines[-1].startswith("ระเบียบวาระที่"), lines[-3:]


def _printed_lines(path) -> list[str]:
    out = []
    for line in pdftotext(path, "-layout").splitlines():
        line = line.strip()
        if line and not re.fullmatch(r"-\s*[๐-๙0-9]+\s*-", line):
            out.append(re.sub(r"\s{2,}", "  ", line))
    return out


def test_no_line_break_inside_a_word_or_glued_unit(tmp_path, full_meeting):
    """Read the printed lines back (pdftotext -layout) and check every break of the body text
    against an independent whole-paragraph segmentation with the same dictionary."""
    from pythainlp.tokenize import newmm

    from tambon_desktop.pdf import words

    path = write_pdf(tmp_path, render_minutes(full_meeting, draft=False))
    lines = _printed_lines(path)
    body = [item["discussion"] for item in full_meeting["agenda"][:1]]
    body += [sub["discussion"] for sub in full_meeting["agenda"][3]["items"]]
    names = ["ศรีระแก้ว", "อำนวย", "ญาณวุฒิ", "แวดือราแม"]
    glued = [r"[๐-๙]+ มกราคม [๐-๙]+", r"[๐-๙]+ / [๐-๙]+", r"ศอ\.บต\.", r"โครงการฯ", r"สถาบันฯ ,"]
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    checked = 0
    from pythainlp.util import Trie

    trie = Trie([*words.dictionary_words(), *names])  # pythainlp's newmm: an independent oracle
    for para in body:
        text = para.translate(thai_digits)
        squashed = re.sub(r"\s+", "", text)
        # find the printed lines that make up this paragraph
        joined, picked = "", []
        for line in lines:
            s = re.sub(r"\s+", "", line)
            if not picked and not squashed.startswith(s):
                continue
            if squashed.startswith(joined + s):
                joined += s
                picked.append(line)
                if joined == squashed:
                    break
        assert joined == squashed, f"paragraph not found line by line: {text[:40]}"
        cuts, pos = set(), 0
        for line in picked[:-1]:
            pos += len(re.sub(r"\s+", "", line))
            cuts.add(pos)
        for line in picked[1:]:
            assert line[0] not in NO_START and line[0] not in FOLLOWING, line
        bounds, pos = {0}, 0
        for tok in newmm.segment(text, custom_dict=trie):  # spaces are boundaries too
            pos += len(re.sub(r"\s+", "", tok))
            bounds.add(pos)
        for cut in cuts:
            assert cut in bounds, f"break inside a word: {squashed[cut - 12:cut]}|{squashed[cut:cut + 12]}"
            for pattern in [*(re.escape(n) for n in names), *glued]:
                for m in re.finditer(re.sub(r" ", "", pattern), squashed):
                    assert not (m.start() < cut < m.end()), f"break inside {m.group()}"
            checked += 1
    assert checked >= 15, "too few line breaks checked"


@pytest.mark.parametrize("thai_digits", [True, False])
def test_continuation_word_at_each_page_foot(tmp_path, seed, thai_digits):
    """คำต่อ (optional): each page but the last ends, bottom right, with "/" + the first
    word(s) of the next page + "…"; the last page has none; off by default."""

    meeting = long_meeting(seed, 4)
    options = MinutesOptions(continuation=True, thai_digits=thai_digits)
    path = write_pdf(tmp_path, render_minutes(meeting, options=options, draft=False))
    run("qpdf", "--check", str(path))
    pages = pdftotext(path, "-layout").split("\f")[:-1]
    assert len(pages) >= 4
    bbox = pdftotext(path, "-bbox").split("<page ")[1:]
    for number, page in enumerate(pages, 1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        foot = lines[-1]
        if number == len(pages):
            assert not re.fullmatch(r"/\S.*…", foot), foot
            continue
        assert re.fullmatch(r"/\S.*…", foot), (number, foot)
        following = [ln.strip() for ln in pages[number].splitlines() if ln.strip()]
        first = following[1]  # after "- n -"
        assert squash(first).startswith(squash(foot[1:-1])), (foot, first)
        words = re.findall(r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', bbox[number - 1])
        right, low = max(float(w[0]) for w in words), max(float(w[1]) for w in words)
        assert abs(right - (595.28 - 2 * 72 / 2.54)) < 2, "not at the right margin"
        assert low > 841.89 - 2 * 72 / 2.54, "not in the bottom margin"
    plain = write_pdf(tmp_path, render_minutes(meeting, draft=False), "plain.pdf")
    assert not re.search(r"^\s*/\S.*…\s*$", pdftotext(plain, "-layout"), re.M)
