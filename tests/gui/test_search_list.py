"""The record list's search (issue 12): a name whatever its tone marks, the meeting number in
the list, and where each row matched."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tambon_desktop.ui.record_list import NUMBER, WHY
from tests.helpers import clerk_meeting as cm
from tests.helpers.keys import shot, type_text


def test_a_search_finds_a_name_whatever_its_marks_and_says_where(qtbot, window):
    last = cm.last_meeting()
    last["attendees"][0]["name"] = "อับดุลเล๊าะ มะแซ"
    first = window.ws.records.create("meeting", last)
    other = window.ws.records.create("meeting", dict(
        cm.last_meeting(), committee="คณะกรรมการอื่น", attendees=[cm.last_meeting()["attendees"][2]]))
    window.ws.publish(first.op_changes | other.op_changes)  # as the editor's saves announce
    page = window.pages["meeting"]
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    rows = {(model.data(model.index(r, 0)), model.data(model.index(r, NUMBER))) for r in range(2)}
    assert (cm.COMMITTEE, "1/2568") in rows  # the meeting number in the list, after the title
    header = page.table.horizontalHeader()
    assert header.visualIndex(NUMBER) == 1 and not page.table.isColumnHidden(NUMBER)
    assert page.model.headerData(NUMBER, Qt.Orientation.Horizontal) == "ครั้งที่"
    assert window.pages["project"].table.isColumnHidden(NUMBER)
    why = WHY
    assert page.table.isColumnHidden(why)  # no search: no "found in" column
    type_text(page.search, "อับดุลเลาะ")  # typed without the tone mark
    qtbot.waitUntil(lambda: model.query.text == "อับดุลเลาะ", timeout=2_000)
    assert model.total == 1
    assert not page.table.isColumnHidden(why)
    assert model.headerData(why, Qt.Orientation.Horizontal) == "พบคำค้นใน"
    assert model.data(model.index(0, why)) == "ผู้มาประชุม › ชื่อ-สกุล: อับดุลเล๊าะ มะแซ"
    page.search.clear()
    type_text(page.search, "บองอ หมู่ที่ ๓")
    qtbot.waitUntil(lambda: model.query.text == "บองอ หมู่ที่ ๓", timeout=2_000)
    assert model.total == 1 and model.data(model.index(0, why)).startswith(
        "ผู้มาประชุม › ตำแหน่ง: …")
    window.resize(1366, 768)
    shot(window, "list-search-why")

