"""The sync page lists the changes the server refused, over a real server: PC A's edit of a
project PC B proposed meanwhile, and an approval A's server role may not make. Newest first,
with the record's title and form, when, the Thai reason, the values not kept, and a button that
opens the record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.keys import close_all, shot, wait_tasks


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_sync_page_lists_refused_changes_and_opens_the_record(qtbot, enrolled_pcs):
    from tambon_desktop.ui.editor.window import EditorWindow
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.sync_harness import project

    a, b = enrolled_pcs
    road = a.ws.records.create("project", project(a.district, name="ถนนคอนกรีตหมู่ที่ ๓")).id
    water = a.ws.records.create("project", project(a.district, name="ประปาหมู่บ้านปิยะมิตร")).id
    a.engine.run_round()
    b.engine.run_round()
    a.ws.records.update(road, project(a.district, name="ถนนลาดยางหมู่ที่ ๓"))
    b.ws.records.transition(road, "submit")
    b.engine.run_round()
    a.ws.set_user(a.user, "district_chief")  # the server knows the user as a clerk
    a.ws.records.transition(water, "submit")
    a.ws.records.transition(water, "approve")
    a.ws.set_user(a.user, "clerk")
    report = a.engine.run_round()
    assert (report.acked, report.rejected) == (1, 2)

    window = MainWindow(a.ws.folder)
    window.attach(a.ws)
    window.resize(1100, 760)
    window.show()
    try:
        window.nav.setCurrentRow(SECTIONS.index("sync"))
        box = window.pages["sync"].rejected
        assert box.isVisible()
        assert box.title() == "การเปลี่ยนแปลงที่เซิร์ฟเวอร์ไม่รับ (2)"
        state = window.pages["sync"].state.text()  # the outbox counts, in Thai
        assert "เซิร์ฟเวอร์รับแล้ว 3, ถูกปฏิเสธ 2" in state and "acked" not in state
        assert box.table.rowCount() == 2
        newest, older = _cells(box.table, 0), _cells(box.table, 1)
        # newest first: the approval, then the edit
        assert newest[1:4] == ["โครงการ", "ประปาหมู่บ้านปิยะมิตร", "เปลี่ยนสถานะ เป็นอนุมัติ"]
        assert newest[4] == "เจ้าหน้าที่ธุรการไม่มีสิทธิ์อนุมัติ (ผู้มีสิทธิ์: นายอำเภอ, ผู้ดูแลระบบ)"
        assert older[1:4] == ["โครงการ", "ถนนคอนกรีตหมู่ที่ ๓", "แก้ไข"]
        assert older[4].startswith("แก้ไขไม่ได้: มีผู้เปลี่ยนสถานะเป็นเสนอจากเครื่องอื่นก่อนแล้ว")
        assert "lifecycle" not in older[4] and " — " not in older[4]
        assert older[0][2] == "/" and older[0][5] == "/"  # dd/mm/พ.ศ. HH:MM
        # the selected edit: its whole reason and the value that was not kept
        box.table.setCurrentCell(1, 0)
        assert "ค่าที่ไม่ได้บันทึก:<br>" in box.detail.text()
        assert "• ชื่อโครงการ: ถนนลาดยางหมู่ที่ ๓" in box.detail.text()
        assert box.open.isEnabled()
        shot(window.pages["sync"], "rejected-list")
        qtbot.mouseClick(box.open, Qt.MouseButton.LeftButton)
        editors = [e for e in window.editors if isinstance(e, EditorWindow)]
        assert [e.record_id for e in editors] == [road]
        assert editors[0].read_only()  # proposed: the PC does not let it be edited either
        assert a.ws.records.get(road).data["name"] == "ถนนคอนกรีตหมู่ที่ ๓"
        wait_tasks(qtbot)
    finally:
        close_all(qtbot)


def test_sync_page_without_rejections(qtbot, window):
    from tambon_desktop.ui.main_window import SECTIONS

    window.nav.setCurrentRow(SECTIONS.index("sync"))
    box = window.pages["sync"].rejected
    assert box.title() == "การเปลี่ยนแปลงที่เซิร์ฟเวอร์ไม่รับ (0)"
    assert box.table.rowCount() == 0
    assert box.detail.text() == "ไม่มีการเปลี่ยนแปลงที่เซิร์ฟเวอร์ไม่รับ"
    assert not box.open.isEnabled()


def test_an_edit_of_minutes_certified_elsewhere_reads_thai(qtbot, enrolled_pcs, sync_server,
                                                          tmp_path, seed_meeting):
    """A clerk's edit hits minutes a checker certified on another PC meanwhile: the sync page
    shows the server's coded refusal in Thai, with no code and no English."""
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.sync_harness import add_user_direct, make_pc, server_db_url

    a, _ = enrolled_pcs
    checker = f"gui_checker_{a.user}"
    add_user_direct(server_db_url(sync_server), checker, district=a.district, role="checker")
    c = make_pc(tmp_path / "checker", sync_server.url, district=a.district, user=checker)
    window = None
    try:
        data = dict(seed_meeting["data"], area={"changwat": a.district[:2], "amphoe": a.district})
        rid = a.ws.records.create("meeting", data).id
        a.engine.run_round()
        c.engine.run_round()
        a.ws.records.update(rid, dict(a.ws.records.get(rid).data, venue="ห้องประชุมชั้น ๒"))
        c.ws.set_user(checker, "checker")
        for step in ("submit", "check", "certify"):
            c.ws.records.transition(rid, step)
        c.engine.run_round()
        assert a.engine.run_round().rejected == 1
        window = MainWindow(a.ws.folder)
        window.attach(a.ws)
        window.resize(1100, 760)
        window.show()
        window.nav.setCurrentRow(SECTIONS.index("sync"))
        box = window.pages["sync"].rejected
        assert box.table.rowCount() == 1
        row = _cells(box.table, 0)
        assert row[1:4] == ["รายงานการประชุม", data["committee"], "แก้ไข"]
        assert row[4] == "รายงานการประชุมที่รับรองแล้วแก้ไขไม่ได้ (สร้างบันทึกแก้ไขแทน)"
        shot(window.pages["sync"], "rejected-certified")
        wait_tasks(qtbot)
    finally:
        c.close()
        close_all(qtbot)
