"""Text extraction round trip: pdftotext (default mode) returns exactly the Thai text printed.

This guards the two ReportLab-internal fixes in tambon_desktop/pdf/extract_fix.py
(/ActualText spans, ToUnicode entries for substituted glyphs): keep it when upgrading."""

from __future__ import annotations

import re
from collections import Counter

import reportlab

from tambon_desktop.pdf import render_minutes
from tambon_desktop.pdf.extract_fix import SUPPORTED_REPORTLAB, glyph_text
from tambon_desktop.pdf.minutes import build_story
from tambon_desktop.pdf.styles import WATERMARK
from tests.helpers.pdf_helpers import (
    page_count,
    pdftotext,
    run,
    squash,
    story_paragraphs,
    strip_page_numbers,
    write_pdf,
)


def _expected(meeting, draft=False):
    from reportlab.platypus import Table

    story = build_story(meeting, draft=draft)
    paragraphs = story_paragraphs(story)
    in_tables = {id(p) for t in story if isinstance(t, Table) for p in story_paragraphs([t])}
    for table in (t for t in story if isinstance(t, Table)):
        table.wrap(16 * 72 / 2.54, 10_000)  # lays out every cell: ThaiPara.line_texts()
    return paragraphs, in_tables


def test_reportlab_version_is_the_pinned_one():
    assert reportlab.Version == SUPPORTED_REPORTLAB, (
        "extract_fix.py patches ReportLab internals tested on 5.1.0: re-run this file's tests "
        "and update SUPPORTED_REPORTLAB after checking extraction on the new version")


def test_pdftotext_returns_exactly_the_printed_text(tmp_path, full_meeting):
    path = write_pdf(tmp_path, render_minutes(full_meeting, draft=False))
    pages = pdftotext(path).split("\f")
    assert len([p for p in pages if p.strip()]) == page_count(path) >= 2
    body = strip_page_numbers(pages)
    got = squash(body)
    paragraphs, in_tables = _expected(full_meeting)
    expected_all = "".join(squash(p.text) for p in paragraphs)
    # nothing missing, nothing extra, no private-use or replacement characters
    assert Counter(got) == Counter(expected_all)
    assert not re.search("[\ue000-\uf8ff\ufffd\x00]", body)
    # every paragraph outside tables comes back whole and in order
    pos = 0
    for para in paragraphs:
        if id(para) in in_tables:
            continue
        found = got.find(squash(para.text), pos)
        assert found >= 0, f"paragraph not extracted intact: {para.text[:60]!r}"
        pos = found
    # table cells come back whole line by line (pdftotext reads a table row by row)
    cell_lines = [line for para in paragraphs if id(para) in in_tables for line in para.line_texts()]
    assert cell_lines
    for line in cell_lines:
        assert squash(line) in got, line


def test_tricky_shaping_cases_extract_exactly(tmp_path, seed):
    words = "ที่ ญี่ปุ่น นั้น กตัญญู น้ำ ก้ำ ฤๅษี ปั้ม ฐูฎู ป่ ป้ำ สำนักงาน ผู้ใหญ่บ้าน กำนัน"
    seed["agenda"][0]["discussion"] = words
    path = write_pdf(tmp_path, render_minutes(seed, draft=False))
    assert squash(words) in squash(pdftotext(path))


def test_draft_watermark_extracts_as_the_word(tmp_path, seed):
    draft = write_pdf(tmp_path, render_minutes(seed, draft=True), "draft.pdf")
    final = write_pdf(tmp_path, render_minutes(seed, draft=False), "final.pdf")
    n = page_count(draft)
    assert squash(pdftotext(draft)).count(WATERMARK) == n
    assert WATERMARK not in squash(pdftotext(final))


def test_tounicode_maps_substituted_glyphs_to_real_characters(tmp_path, seed):
    path = write_pdf(tmp_path, render_minutes(seed, draft=False))
    plain = tmp_path / "plain.pdf"
    run("qpdf", "--qdf", "--object-streams=disable", str(path), str(plain))
    data = plain.read_bytes()
    cmaps = re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S)
    assert cmaps, "no ToUnicode CMap"
    values = [v for c in cmaps for v in re.findall(rb"<[0-9A-F]{2}> <([0-9A-F]+)>", c)]
    private = [v for v in values if 0xE000 <= int(v[:4], 16) <= 0xF8FF]
    assert not private, f"ToUnicode still maps glyphs to private-use code points: {private[:5]}"
    # the lowered tone mark of ที่ (uni0E48.small) is among the glyphs: the mapping was exercised
    assert values.count(b"0E48") >= 2


def test_glyph_names_map_back():
    reverse = {"yoYingthai": 0x0E0D}
    assert glyph_text("uni0E48.small", reverse) == "\u0e48"
    assert glyph_text("uni0E4D0E49", reverse) == "\u0e4d\u0e49"
    assert glyph_text("yoYingthai.less", reverse) == "ญ"
