"""A clerk entering a 12-member council meeting (Malay-Thai names, four agenda items) that
repeats the last meeting of the same committee, by keyboard and mouse through the real editor,
counting every key press and click (issue 12: "before" and "after" counts).

Counting rules: one printable character = one key; Tab, Enter, arrows, Space, a shortcut
(Ctrl+S) = one key each; a click on a button or a field = one click. Typing that is the same on
paper (agenda text, date, times) is counted too, so the totals compare whole journeys."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.helpers.keys import type_text

DISTRICT = "9605"  # ระแงะ, นราธิวาส
COMMITTEE = "สภาองค์การบริหารส่วนตำบลบองอ สมัยสามัญ สมัยที่ ๑"
VENUE = "ห้องประชุมสภาองค์การบริหารส่วนตำบลบองอ"
AREA = {"changwat": "96", "amphoe": "9605", "tambon": "960506"}
MEMBERS = [  # prefix, name, position, role
    ("นาย", "อับดุลเลาะ มะแซ", "ประธานสภาองค์การบริหารส่วนตำบลบองอ", "ประธาน"),
    ("นาย", "อับดุลรอแม เจ๊ะแว", "รองประธานสภาองค์การบริหารส่วนตำบลบองอ", "รองประธาน"),
    ("นาย", "มะรอนิง สาและ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๑", "สมาชิก"),
    ("นาย", "อาแว ยูโซะ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๒", "สมาชิก"),
    ("นาง", "แวนะ ดอเลาะ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๓", "สมาชิก"),
    ("นาย", "สุไลมาน บินหามะ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๔", "สมาชิก"),
    ("นาย", "ฮาซัน แวมะ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๕", "สมาชิก"),
    ("นางสาว", "นูรีซัน สะมะแอ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๖", "สมาชิก"),
    ("นาย", "มาหามะ อาลี", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๗", "สมาชิก"),
    ("นาย", "อิสมาแอ ลาเต๊ะ", "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๘", "สมาชิก"),
    ("ว่าที่ร้อยตรี", "ซาการียา หะยีดอเลาะ", "นายกองค์การบริหารส่วนตำบลบองอ", ""),
    ("นาย", "รอซาลี เจ๊ะมะ", "ปลัดองค์การบริหารส่วนตำบลบองอ", "กรรมการและเลขานุการ"),
]
ABSENT_LAST_TIME = {"prefix": "นาย", "name": "ยูโซ๊ะ มามะ", "reason": "ลาป่วย",
                    "position": "สมาชิกสภาองค์การบริหารส่วนตำบลบองอ หมู่ที่ ๙"}
AGENDA = [  # number, title, discussion, resolution
    ("1", "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ไม่มี", "ที่ประชุมรับทราบ"),
    ("2", "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว", "",
     "ที่ประชุมรับรองรายงานการประชุม"),
    ("3", "เรื่องเพื่อพิจารณา",
     "ร่างข้อบัญญัติงบประมาณรายจ่ายประจำปี พ.ศ. ๒๕๖๙ วาระที่ ๑ ขั้นรับหลักการ",
     "ที่ประชุมมีมติรับหลักการ ๑๑ เสียง งดออกเสียง ๑ เสียง"),
    ("4", "เรื่องอื่น ๆ", "ไม่มี", ""),
]
NEW = {"number": 2, "year_be": 2568, "date": "2025-08-15", "date_typed": "15/08/2568",
       "start_time": "09.30", "end_time": "12.00"}


def last_meeting() -> dict:
    """The previous meeting of the same committee (ครั้งที่ 1/2568), as saved."""
    return {
        "committee": COMMITTEE, "number": 1, "year_be": 2568, "date": "2025-06-13",
        "start_time": "09.30", "end_time": "11.30", "venue": VENUE, "area": dict(AREA),
        "attendees": [{"prefix": p, "name": n, "position": pos, "role": r or None}
                      for p, n, pos, r in MEMBERS],
        "absentees": [dict(ABSENT_LAST_TIME)],
        "agenda": [{"number": "1", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
                    "resolution": "ที่ประชุมรับทราบ"},
                   {"number": "2", "title": "เรื่องเพื่อพิจารณา",
                    "discussion": "การกำหนดสมัยประชุมสามัญประจำปี",
                    "resolution": "ที่ประชุมเห็นชอบ"}],
    }


def expected(saved: dict) -> None:
    """Assert the saved new meeting holds what the clerk meant to enter."""
    assert saved["committee"] == COMMITTEE and saved["venue"] == VENUE
    assert saved["number"] == NEW["number"] and saved["date"] == NEW["date"]
    assert saved.get("year_be") in (None, NEW["year_be"])
    assert saved["area"] == AREA
    people = [(a["prefix"], a["name"], a["position"], a.get("role") or "")
              for a in saved["attendees"]]
    assert people == MEMBERS
    assert not saved.get("absentees")
    agenda = [(a["number"], a["title"], a.get("discussion") or "", a.get("resolution") or "")
              for a in saved["agenda"]]
    assert agenda == AGENDA


@dataclass
class Typist:
    """Sends real key events and clicks, and counts them."""

    keys: int = 0
    clicks: int = 0
    log: list[str] = field(default_factory=list)

    def type(self, widget: QWidget, text: str) -> None:
        type_text(widget, text)
        self.keys += len(text)

    def key(self, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier,
            times: int = 1) -> None:
        for _ in range(times):
            QTest.keyClick(widget, key, modifier)
        self.keys += times

    def tab(self, times: int = 1) -> None:
        self.key(QApplication.focusWidget(), Qt.Key.Key_Tab, times=times)

    def click(self, widget: QWidget) -> None:
        widget.setFocus()  # a press focuses first; the release may move the focus on
        if hasattr(widget, "click"):
            widget.click()
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.clicks += 1

    def focus(self, widget: QWidget) -> None:
        """Be in `widget`: free if the focus is already there, else one click."""
        if QApplication.focusWidget() is not widget:
            self.click(widget)

    def choose(self, combo: QComboBox, text: str) -> None:
        """Pick an item of a closed combo by keyboard: its first letters, then Down."""
        self.focus(combo)
        want = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
        if combo.currentIndex() == want:
            return
        for n in range(1, len(text) + 1):
            hits = [i for i in range(combo.count()) if combo.itemText(i).startswith(text[:n])]
            if hits and hits[0] == want:
                self.type(combo, text[:n])
                return
        self.type(combo, text[0])
        while combo.currentIndex() < want:
            self.key(combo, Qt.Key.Key_Down)

    def complete(self, edit: QLineEdit, name: str) -> None:
        """Type the first letters of a name, then pick it from the completer's list."""
        self.focus(edit)
        completer = edit.completer()
        for n in range(1, len(name) + 1):
            edit.clear()
            type_text(edit, name[:n])
            QApplication.processEvents()
            model = completer.completionModel()
            rows = [model.index(i, 0).data() for i in range(model.rowCount())]
            if name in rows and completer.popup().isVisible() and (n >= 2 or len(rows) == 1):
                self.keys += n
                downs = rows.index(name) + 1
                popup = completer.popup()
                for _ in range(downs):
                    QTest.keyClick(popup, Qt.Key.Key_Down)
                QTest.keyClick(popup, Qt.Key.Key_Return)
                self.keys += downs + 1
                return
        edit.clear()
        self.type(edit, name)

    def total(self) -> int:
        return self.keys + self.clicks
