"""Thai line breaking: names and glued units never split, no line starts with a mark,
compounds kept when another break fits, over-long tokens split between clusters only."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tambon_desktop.pdf import fonts, prepare
from tambon_desktop.pdf.flow import PStyle, ThaiPara
from tambon_desktop.pdf.linebreak import FOLLOWING, NO_START, Breaker

prepare()
SIZE = 16.0


def lines_of(text: str, width: float, breaker: Breaker | None = None, font=fonts.REGULAR) -> list[str]:
    para = ThaiPara(text, PStyle(size=SIZE, font=font), breaker or Breaker())
    para.wrap(width, 10_000)
    return para.line_texts()


def assert_lines_rebuild(text: str, lines: list[str]) -> None:
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", text)


def breaks_inside(text: str, lines: list[str], unit: str) -> bool:
    """True when some line break falls strictly inside an occurrence of `unit`."""
    cuts, pos = [], 0
    squashed = re.sub(r"\s+", "", text)
    for line in lines[:-1]:
        pos += len(re.sub(r"\s+", "", line))
        cuts.append(pos)
    target = re.sub(r"\s+", "", unit)
    for m in re.finditer(re.escape(target), squashed):
        if any(m.start() < c < m.end() for c in cuts):
            return True
    return False


def test_surname_never_split_at_any_offset():
    """LibreOffice breaks ศรี|ระแก้ว; we must not, wherever the name falls on the line."""
    breaker = Breaker(names=["อำนวย ศรีระแก้ว", "อำนวย", "ศรีระแก้ว"])
    for k in range(0, 40):
        text = "การ" * k + "ประชุมโดยนายอำนวย ศรีระแก้ว เป็นประธาน" + "และ" * 5
        for width in (120.0, 150.0, 200.0):
            lines = lines_of(text, width, breaker)
            assert_lines_rebuild(text, lines)
            assert not breaks_inside(text, lines, "ศรีระแก้ว"), lines
            assert not breaks_inside(text, lines, "อำนวย"), lines


def test_glued_units_stay_whole():
    units = ["๒๐ มกราคม ๒๕๖๕", "๐๙.๓๐ น.", "พ.ศ. ๒๕๖๕", "๑/๒๕๖๕", "๑ / ๒๕๖๕", "๔.๑",
             "ศอ.บต.", "ผอ.รพ.สต.", "๓๐๐,๐๐๐ บาท", "ครั้งที่ ๒"]
    breaker = Breaker()
    for unit in units:
        for k in range(0, 30):
            text = "ประชุม" * k + f"ที่ประชุม {unit} รับทราบ"
            lines = lines_of(text, 140.0, breaker)
            assert not breaks_inside(text, lines, unit), (unit, lines)


def test_no_line_starts_with_a_mark_or_closing_punctuation():
    text = ("อื่น ๆ และโครงการฯ ให้เกิดประโยชน์ (ตามแผน) การสร้างความรัก สามัคคี เชิดชูสถาบันฯ ,ด้านการพัฒนา"
            " “รวมพลังสร้างสันติสุข” น้ำ ที่ดี ฯลฯ . ") * 6
    for width in (90.0, 130.0, 170.0, 260.0):
        lines = lines_of(text, width)
        assert_lines_rebuild(text, lines)
        for line in lines[1:]:
            assert line[0] not in NO_START, (line, lines)
        for line in lines[:-1]:
            assert line.rstrip()[-1] not in "(“‘", (line, lines)


def test_space_before_comma_and_repetition_mark_are_not_break_points():
    text = "สามัคคี เชิดชูสถาบันฯ ,ด้านการพัฒนา เรื่องอื่น ๆ"
    breaker = Breaker()
    starts = {c.next for c in breaker.analyze(text).candidates}
    assert text.index(",") not in starts
    assert text.index("ๆ") not in starts


def test_dictionary_compound_has_no_break_inside():
    """ขับเคลื่อน is one dictionary word: no break opportunity inside (LibreOffice: ขับ|เคลื่อน)."""
    text = "มุ่งขับเคลื่อนโครงการ"
    inside = range(text.index("ขับ") + 1, text.index("ขับ") + len("ขับเคลื่อน"))
    assert not [c for c in Breaker().analyze(text).candidates if c.end in inside]


def test_soft_compound_kept_when_another_break_fits():
    """กรอบแนวทาง is in compounds.txt (newmm splits it): the line ends before it, not inside."""
    text = "ที่ประชุมรับทราบการชี้แจงกรอบแนวทางการทำงาน"
    width = fonts.text_width("ที่ประชุมรับทราบการชี้แจงกรอบ", fonts.REGULAR, SIZE) + 3
    lines = lines_of(text, width)
    assert not breaks_inside(text, lines, "กรอบแนวทาง"), lines
    assert lines[0] == "ที่ประชุมรับทราบการชี้แจง", lines


def test_prefers_a_space_near_the_line_end_over_a_word_boundary():
    text = "ที่ประชุมรับทราบและเห็นชอบตามที่เสนอ และถือแผนปฏิบัติการ"
    width = fonts.text_width("ที่ประชุมรับทราบและเห็นชอบตามที่เสนอ และ", fonts.REGULAR, SIZE) + 1
    assert lines_of(text, width)[0] == "ที่ประชุมรับทราบและเห็นชอบตามที่เสนอ"


def test_overlong_token_split_between_grapheme_clusters_only():
    text = "ก้ำ" * 60 + "ที่นี่" * 10
    lines = lines_of(text, 60.0, Breaker(names=[text]))
    assert len(lines) > 3
    assert_lines_rebuild(text, lines)
    for line in lines[1:]:
        assert line[0] not in FOLLOWING
    for line in lines[:-1]:
        assert line[-1] not in "เแโใไ"


THAI_WORDS = ["การ", "ประชุม", "ขับเคลื่อน", "ตำบล", "มั่นคง", "น้ำ", "ที่", "ญี่ปุ่น", "ศอ.บต.",
              "๒๐ มกราคม ๒๕๖๕", "อื่น ๆ", "(ตามแผน)", "โครงการฯ", "ศรีระแก้ว", "COVID-19", "ๆ", " ", ","]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(THAI_WORDS), min_size=1, max_size=60), st.floats(40, 460))
def test_property_lines_rebuild_text_and_never_start_with_a_mark(parts, width):
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    if not text:
        return
    lines = lines_of(text, width, Breaker(names=["ศรีระแก้ว"]))
    assert_lines_rebuild(text, lines)
    for line in lines:
        assert line == line.strip() or line.strip()
    for line in lines[1:]:
        assert line[0] not in FOLLOWING


def test_learned_words_do_not_leak_between_documents():
    from tambon_desktop.pdf import words

    text = "นายซูไฮมีย์ ดือราแมชี้แจง"
    assert "ดือราแม" in Breaker(names=["ซูไฮมีย์ ดือราแม"]).tokens(text)
    assert "ดือราแม" not in Breaker().tokens(text)
    assert "ดือราแม" not in words.segment(text) and "ดือราแม" not in words.dictionary_words()


def test_dictionary_knows_abbreviations_and_places():
    from tambon_desktop.pdf import words

    trie = words.dictionary_words()
    for word in ("ศอ.บต.", "อบต.", "รพ.สต.", "กศน.", "ตชด.", "พอช.", "ยะลา", "ปัตตานี", "นราธิวาส",
                 "สะบ้าย้อย", "ตากใบ", "สุไหงโก-ลก", "สะเตง"):
        assert word in trie, word


def test_shipped_dictionary_is_current():
    """resources/words/dictionary.txt is generated (python -m tambon_desktop.pdf.words) from
    pythainlp's words, our abbreviations and compounds and geothai's places: regenerate it
    when one of them changes."""
    from tambon_desktop.pdf import words

    found = words.build_dictionary()
    assert sorted(words.dictionary_words()) == found
    assert {c: n for c, n, _ in words.build_places()} == {c: n for c, (n, _) in words._places().items()}  # noqa: SLF001
    assert words.area_names({"changwat": "95", "amphoe": "9501", "tambon": "950101"}) == [
        "ยะลา", "เมืองยะลา", "สะเตง"]
    assert {"สะบ้าย้อย", "ตากใบ", "สุไหงโก-ลก", "สะเตง"} <= set(words.sbpac_place_names())


def test_long_compounds_split_into_their_words():
    from tambon_desktop.pdf import words

    word = "นายกองค์การบริหารส่วนตำบล"
    cuts = words.split_compound(word, depth=3)
    parts = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    assert parts[0] == "นายก" and "ตำบล" in parts[-1] and len(parts) >= 3, parts
    assert words.split_compound("กขฃคฅฆง") == []


def test_printing_imports_neither_pythainlp_nor_geothai():
    """The first print in a fresh process stays fast: the shipped dictionary and places are
    read as files (pythainlp's import alone takes ~0.3 s, its Trie ~0.6 s, geothai ~0.1 s)."""
    import subprocess
    import sys

    from tests.helpers.pdf_helpers import DATA

    code = ("import json, sys; from tambon_desktop.pdf import render_minutes;"
            f"m = json.load(open({str(DATA / 'seed-meeting.json')!r}, encoding='utf-8'))['data'];"
            "assert render_minutes(m).startswith(b'%PDF');"
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('pythainlp', 'geothai', 'fontTools')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_document_word_never_cuts_a_long_dictionary_word():
    """"ตำบลสะเตง" (a position word of the meeting) must not cut องค์การบริหารส่วนตำบล|สะเตง
    into ...องค์|การ...: the break chances stay those of the dictionary."""
    text = "ประธานสภาองค์การบริหารส่วนตำบลสะเตง"
    tokens = Breaker(learned=["ตำบลสะเตง"]).tokens(text)
    assert "องค์การบริหารส่วนตำบล" in tokens and "องค์" not in tokens, tokens
    assert "อับดุลเล๊าะ" in Breaker(names=["อับดุลเล๊าะ ดือราแม"]).tokens("นายอับดุลเล๊าะชี้แจง")
