"""Bad input prints or fails with a clear KnownError: never a crash or silent truncation."""

from __future__ import annotations

import pytest

from tambon_desktop.core.errors import KnownError
from tambon_desktop.pdf import render_minutes
from tests.helpers.pdf_helpers import page_count, pdftotext, squash, strip_page_numbers, write_pdf


def test_missing_venue_prints_a_blank_in_draft_and_refuses_the_final(tmp_path, seed):
    seed["venue"] = ""
    text = pdftotext(write_pdf(tmp_path, render_minutes(seed, draft=True)))
    assert "ณ ....." in text
    with pytest.raises(KnownError) as err:
        render_minutes(seed, draft=False)
    assert "สถานที่ประชุม" in err.value.message_th and "venue" in err.value.message_en


def test_fifty_page_discussion_prints_in_full(tmp_path, seed):
    paragraph = seed["agenda"][3]["items"][0]["discussion"]
    marker = "ข้อความสุดท้ายของการอภิปรายครั้งนี้"
    seed["agenda"][0]["discussion"] = "\n".join([paragraph] * 110) + "\n" + marker
    path = write_pdf(tmp_path, render_minutes(seed, draft=False))
    assert page_count(path) >= 50
    text = squash(strip_page_numbers(pdftotext(path).split("\f")))
    printed = squash(paragraph.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))
    assert text.count(printed) == 110 + 1  # plus the seed's own ๔.๑
    assert squash(marker) in text


def test_two_hundred_agenda_items(tmp_path, seed):
    seed["agenda"] = [{"number": str(i), "title": f"เรื่องที่ {i}", "discussion": "ไม่มี",
                       "resolution": "ที่ประชุมรับทราบ"} for i in range(1, 201)]
    path = write_pdf(tmp_path, render_minutes(seed))
    text = squash(pdftotext(path))
    assert "ระเบียบวาระที่๒๐๐เรื่องที่๒๐๐" in text
    assert text.count("มติที่ประชุมที่ประชุมรับทราบ") == 200


def test_emoji_is_refused_with_the_field_and_code_point(seed):
    seed["agenda"][1]["discussion"] = "ไม่มี 😀"
    with pytest.raises(KnownError) as err:
        render_minutes(seed)
    assert "U+1F600" in err.value.message_th and "U+1F600" in err.value.message_en
    assert "ระเบียบวาระที่ 2" in err.value.message_th


def test_latin_mixed_in_prints_and_extracts(tmp_path, seed):
    seed["agenda"][1]["discussion"] = "ประชุมผ่าน Zoom (meeting ID 123) ดูที่ https://www.sbpac.go.th และ COVID-19 ระลอก 3"
    text = pdftotext(write_pdf(tmp_path, render_minutes(seed)))
    assert squash("ประชุมผ่าน Zoom (meeting ID ๑๒๓) ดูที่ https://www.sbpac.go.th และ COVID-19 ระลอก ๓") in squash(text)


def test_control_characters_are_stripped(tmp_path, seed):
    seed["agenda"][1]["discussion"] = "ไม่\x00มี\x07\u200b (การ\x1bประชุม\u202eครั้งแรก)\r\nบรรทัดใหม่\tมีแท็บ"
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed))))
    assert "ไม่มี(การประชุมครั้งแรก)บรรทัดใหม่มีแท็บ" in text
    assert "\x00" not in text


@pytest.mark.parametrize("field,value,word", [
    ("date", "20/01/2565x", "date"), ("date", None, "date"), ("committee", "", "committee"),
    ("start_time", "25:00", "start_time"), ("number", "หนึ่ง", "number"), ("agenda", "x", "agenda"),
])
def test_invalid_fields_raise_known_errors(seed, field, value, word):
    seed[field] = value
    with pytest.raises(KnownError) as err:
        render_minutes(seed, draft=False)
    assert word in err.value.message_en
    assert err.value.message_th


def test_not_a_dict_is_a_known_error():
    with pytest.raises(KnownError):
        render_minutes(["not", "a", "meeting"])  # type: ignore[arg-type]


def test_position_only_people_and_missing_optional_fields_print(tmp_path, seed):
    for key in ("absentees", "participants", "checker", "area", "recording_style", "closing"):
        seed.pop(key, None)
    seed["attendees"].append({"position": "ปลัดอำเภอผู้เป็นหัวหน้าประจำตำบล"})
    text = squash(pdftotext(write_pdf(tmp_path, render_minutes(seed))))
    assert "๖.ปลัดอำเภอผู้เป็นหัวหน้าประจำตำบล" in text
