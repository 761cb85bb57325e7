"""A 12-member council meeting with Malay-Thai names and four agenda items, entered with the
keyboard alone at 1366×768: every Tab lands on the widget that comes next on the screen (rows
added after the editor opened included), nothing typed is overwritten, and in the reopened
meeting Tab stays in the form instead of reaching ยกเลิกการประชุม."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from tests.helpers.keys import activate, type_text

MEMBERS = [
    ("นาย", "อับดุลเลาะ สาและ", "ประธานสภาองค์การบริหารส่วนตำบลบองอ", "ประธาน"),
    ("นาย", "มะยากี บือราเฮง", "รองประธานสภาองค์การบริหารส่วนตำบลบองอ", "รองประธาน"),
    ("นาง", "แวนอ แวสะแม", "สมาชิกสภา อบต. หมู่ที่ ๑", "สมาชิก"),
    ("นาย", "อิสมาแอ ดอเลาะ", "สมาชิกสภา อบต. หมู่ที่ ๒", "สมาชิก"),
    ("นางสาว", "ซูไฮลา มะแซ", "สมาชิกสภา อบต. หมู่ที่ ๓", "สมาชิก"),
    ("นาย", "มูฮัมหมัดรอฟีอี เจ๊ะเลาะ", "สมาชิกสภา อบต. หมู่ที่ ๔", "สมาชิก"),
    ("นาย", "สะมะแอ ยูโซะ", "สมาชิกสภา อบต. หมู่ที่ ๕", "สมาชิก"),
    ("นาง", "ฟาตีเมาะ หะยีดอเลาะ", "สมาชิกสภา อบต. หมู่ที่ ๖", "สมาชิก"),
    ("นาย", "อาแว ตาเยะ", "สมาชิกสภา อบต. หมู่ที่ ๗", "สมาชิก"),
    ("นาย", "ยะผา เจ๊ะแว", "สมาชิกสภา อบต. หมู่ที่ ๘", "สมาชิก"),
    ("นาย", "รอซาลี อาลี", "ปลัดองค์การบริหารส่วนตำบลบองอ", "กรรมการและเลขานุการ"),
    ("นางสาว", "นูรีซัน หะมะ", "นักจัดการงานทั่วไป", "ผู้ช่วยเลขานุการ"),
]
AGENDA = [
    ("1", "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ประธานแจ้งการประชุมประจำเดือน", "รับทราบ"),
    ("2", "รับรองรายงานการประชุมครั้งที่แล้ว", "เลขานุการเสนอรายงาน", "รับรองรายงาน"),
    ("3", "เรื่องเพื่อพิจารณา งบประมาณโครงการถนน", "อภิปรายงบประมาณ ๒ แสนบาท", "เห็นชอบ"),
    ("4", "เรื่องอื่น ๆ", "ไม่มี", "รับทราบ"),
]


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _after(prev: QWidget, nxt: QWidget) -> bool:
    """nxt comes after prev on the screen: on the same row to the right, or further down."""
    a, b = _rect(prev), _rect(nxt)
    if a.top() <= b.center().y() <= a.bottom() or b.top() <= a.center().y() <= b.bottom():
        return b.x() > a.x()
    return b.center().y() > a.center().y()


class Journey:
    def __init__(self, editor):
        self.editor = editor
        self.steps = 0

    def focus(self) -> QWidget:
        return QApplication.focusWidget()

    def tab(self) -> QWidget:
        QApplication.processEvents()  # a person's keys come between layout passes
        prev = self.focus()
        QTest.keyClick(prev, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = self.focus()
        self.steps += 1
        assert now is not prev, f"Tab did not move from {prev!r}"
        assert self.editor.editor.isAncestorOf(now), f"Tab left the form for {now!r}"
        assert _after(prev, now), (
            f"Tab went back up: {type(prev).__name__} at {_rect(prev)} → "
            f"{type(now).__name__} at {_rect(now)}")
        return now

    def tab_to(self, target: QWidget, limit: int = 12) -> None:
        for _ in range(limit):
            if self.tab() is target:
                return
        raise AssertionError(f"{target!r} not reached in {limit} Tabs")

    def type(self, text: str) -> None:
        widget = self.focus()
        for ch in text:  # into whatever has focus, as a keyboard does
            type_text(widget, ch)
        assert self.focus() is widget

    def choose(self, text: str) -> None:
        """A focused dropdown: typing picks the entry that starts with it."""
        combo = self.focus()
        assert isinstance(combo, QComboBox)
        self.type(text)
        assert combo.currentText().startswith(text), combo.currentText()

    def press(self, key=Qt.Key.Key_Space) -> None:
        QTest.keyClick(self.focus(), key)


@pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")  # the completers' popups, offscreen
def test_whole_meeting_by_keyboard_in_visual_tab_order(qtbot, window):
    editor = window.open_editor("meeting")
    editor.resize(1366, 768)
    activate(qtbot, editor)
    e = editor.editor
    w = e.group.widgets
    j = Journey(editor)
    e.input_for("committee").setFocus()  # the editor opens with the cursor in the first field
    j.type("สภาองค์การบริหารส่วนตำบลบองอ สมัยสามัญ สมัยที่ ๑")
    j.tab_to(e.input_for("number"))
    j.type("3")
    j.tab_to(e.input_for("date"))
    j.type("14/03/2568")
    j.tab_to(e.input_for("start_time"))
    j.type("9.30")
    j.tab_to(e.input_for("end_time"))
    j.type("12.00")
    j.tab_to(e.input_for("venue"))
    j.type("ห้องประชุมองค์การบริหารส่วนตำบลบองอ")
    j.tab_to(w["area"].combos["changwat"])
    j.choose("ยะลา")
    j.tab_to(w["area"].combos["amphoe"])
    j.choose("เมืองยะลา")

    attendees = w["attendees"]
    j.tab_to(attendees.add)
    for n, (prefix, name, position, role) in enumerate(MEMBERS):
        j.press()  # "+ เพิ่มผู้มาประชุม": a new row, the cursor in its first field
        row = attendees.items[n]
        assert j.focus() is row.group.input_for("prefix")
        j.type(prefix)
        j.tab_to(row.group.input_for("name"))
        j.type(name)
        j.tab_to(row.group.input_for("position"))
        j.type(position)
        j.tab_to(row.group.widgets["role"].combo)
        j.choose(role)
        stops = []
        for _ in range(6):  # the row's own fields and buttons, then its "+ add"
            stops.append(j.tab())
            if stops[-1] is attendees.add:
                break
        assert stops[0] is row.group.input_for("substitute_for")
        assert row.remove in stops and stops[-1] is attendees.add
        assert (row.up in stops) == (n > 0)

    agenda = w["agenda"]
    j.tab_to(e.input_for("opening"))
    j.type("ประธานกล่าวเปิดประชุมเวลา ๐๙.๓๐ น.")
    j.tab_to(agenda.add)
    for n, (number, title, discussion, resolution) in enumerate(AGENDA):
        j.press()
        item = agenda.items[n].group
        # the agenda number is filled in (the next one), the cursor waits in the title
        assert item.input_for("number").text() == number
        assert j.focus() is item.input_for("title")
        j.type(title)
        j.tab_to(item.input_for("discussion"))
        j.type(discussion)
        j.tab_to(item.input_for("resolution"))
        j.type(resolution)
        # the very next Tab goes on down (to this item's "+ เพิ่มเรื่องย่อย"), never to the top
        assert j.tab() is item.widgets["items"].add
        j.tab_to(agenda.items[n].remove)
        j.tab_to(agenda.add)
    j.tab_to(e.input_for("closing"))
    j.type("ปิดประชุมเวลา ๑๒.๐๐ น.")
    j.tab_to(w["recorder"].edits["name"])
    j.type("นูรีซัน หะมะ")
    j.tab_to(w["recorder"].edits["position"])
    j.type("นักจัดการงานทั่วไป")
    last = w["attachments"].add
    j.tab_to(last)
    # From the end of the form Tab goes on to the approval panel, then round to the top.
    for _ in range(6):
        QTest.keyClick(j.focus(), Qt.Key.Key_Tab)
        if j.focus() is e.input_for("committee"):
            break
    assert j.focus() is e.input_for("committee")
    assert j.steps > 130  # every row and button was walked through

    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.view is not None and not editor.dirty, timeout=10_000)
    data = window.ws.records.get(editor.record_id).data
    assert data["committee"] == "สภาองค์การบริหารส่วนตำบลบองอ สมัยสามัญ สมัยที่ ๑"
    assert (data["number"], data["date"], data["start_time"], data["end_time"]) == (
        3, "2025-03-14", "09:30", "12:00")
    assert data["area"] == {"changwat": "95", "amphoe": "9501"}
    assert [(a["prefix"], a["name"], a["position"], a["role"]) for a in data["attendees"]] \
        == MEMBERS
    assert not any(a.get("substitute_for") for a in data["attendees"])
    assert [(a["number"], a["title"], a["discussion"], a["resolution"])
            for a in data["agenda"]] == AGENDA
    assert data["recorder"] == {"prefix": "", "name": "นูรีซัน หะมะ",
                                "position": "นักจัดการงานทั่วไป"}
    record_id = editor.record_id
    editor.close()
    qtbot.waitUntil(lambda: not window.editors)

    reopened = window.open_editor("meeting", record_id)
    reopened.resize(1366, 768)
    activate(qtbot, reopened)
    cancel = reopened.panel.buttons["cancel"]
    if QApplication.focusWidget() is None or not reopened.isAncestorOf(QApplication.focusWidget()):
        QTest.keyClick(reopened, Qt.Key.Key_Tab)
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not cancel
        assert reopened.editor.isAncestorOf(QApplication.focusWidget())
    assert reopened.editor.value()["attendees"] == data["attendees"]
    assert not reopened.dirty


def test_tab_follows_rows_moved_and_removed(qtbot, window, seed_meeting):
    record = window.ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", record.id)
    editor.resize(1366, 768)
    activate(qtbot, editor)
    attendees = editor.editor.group.widgets["attendees"]
    j = Journey(editor)
    first = attendees.items[0].group.input_for("prefix")
    first.setFocus()
    j.tab()  # the chain is read now; the rows change below
    moved = attendees.items[0].item_id
    QTest.keyClick(j.focus(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Alt+Down
    assert attendees.items[1].item_id == moved
    QTest.keyClick(j.focus(), Qt.Key.Key_Delete,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    assert moved not in [item.item_id for item in attendees.items]
    row = attendees.items[1]  # was the third: the one removed is gone from the chain
    row.group.input_for("prefix").setFocus()
    j.tab_to(row.remove)
    assert j.tab() is attendees.items[2].group.input_for("prefix")
