"""The conflict inbox over a real conflict: two PCs signed in to a real server change the
same fields offline; on PC A the status bar counts them, a click opens the inbox, the clerk
picks one candidate, confirms another and types a value for the third; PC B gets the result."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.keys import close_all, shot, type_text, wait_tasks


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_conflict_inbox_pick_confirm_and_edit(qtbot, enrolled_pcs):
    from tambon_desktop.ui.main_window import MainWindow
    from tests.helpers.sync_harness import project

    a, b = enrolled_pcs
    rec = a.ws.records.create("project", project(a.district, name="เดิม", policy_area=2,
                                                   budget_baht="100000.00"))
    a.engine.run_round()
    b.engine.run_round()
    a.ws.records.update(rec.id, project(a.district, name="จาก A", policy_area=1,
                                          budget_baht="120000.00"))
    b.ws.records.update(rec.id, project(a.district, name="จาก B", policy_area=3,
                                          budget_baht="150000.00"))  # later: the provisional winner
    a.engine.run_round()
    b.engine.run_round()
    a.engine.run_round()
    assert len(a.engine.conflicts()) == 3
    window = MainWindow(a.ws.folder)
    window.attach(a.ws)
    window.show()
    try:
        assert window.status.conflicts.text() == "ข้อขัดแย้งรอตรวจ 3"
        hand = Qt.CursorShape.PointingHandCursor  # clickable only while there is something to open
        assert window.status.conflicts.cursor().shape() == hand
        window.nav.setCurrentRow(5)
        assert window.pages["sync"].conflicts.text() == "ตรวจข้อขัดแย้ง (3)…"
        qtbot.mouseClick(window.status.conflicts, Qt.MouseButton.LeftButton)
        inbox = window.inbox
        assert inbox is not None and inbox.isVisible()
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 3, timeout=10_000)
        rows = {_cells(inbox.table, r)[1]: r for r in range(3)}
        assert set(rows) == {"ชื่อโครงการ", "นโยบาย ศอ.บต. ๔ ด้าน", "งบประมาณ (บาท)"}
        assert _cells(inbox.table, rows["ชื่อโครงการ"])[::2] == ["จาก B", "จาก B"]  # title, value

        # the name: candidates with who and when, B's marked provisional; keep A's instead
        inbox.table.setCurrentCell(rows["ชื่อโครงการ"], 0)
        cands = [_cells(inbox.candidates, r) for r in range(inbox.candidates.rowCount())]
        assert [c[0] for c in cands] == ["จาก A", "จาก B"]
        assert cands[0][1] == f"เครื่องนี้ ({a.user})" and cands[1][1].startswith("เครื่องอื่น")
        assert cands[0][3] == "" and cands[1][3] == "✓ ใช้อยู่ชั่วคราว"
        assert all(c[2][2] == "/" and c[2][5] == "/" for c in cands)  # dd/mm/พ.ศ. time
        assert inbox.candidates.currentRow() == 1 and inbox.editor.toPlainText() == "จาก B"
        shot(inbox, "conflict-inbox")
        shot(window, "conflict-status")
        inbox.candidates.setCurrentCell(0, 0)
        qtbot.mouseClick(inbox.choose, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 2, timeout=10_000)
        assert a.ws.records.get(rec.id).data["name"] == "จาก A"

        # the policy area: a choice shown by its label; confirm the provisional winner
        row = next(r for r in range(2) if _cells(inbox.table, r)[1] == "นโยบาย ศอ.บต. ๔ ด้าน")
        inbox.table.setCurrentCell(row, 0)
        labels = [inbox.candidates.item(r, 0).text() for r in range(2)]
        assert all(not t.isdigit() for t in labels), labels
        qtbot.mouseClick(inbox.choose, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 1, timeout=10_000)

        # the budget: a value of the clerk's own
        inbox.table.setCurrentCell(0, 0)
        assert _cells(inbox.table, 0)[1] == "งบประมาณ (บาท)"
        inbox.editor.clear()
        type_text(inbox.editor, "135000.00")
        qtbot.mouseClick(inbox.save_edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: inbox.table.rowCount() == 0, timeout=10_000)
        assert inbox.summary.text() == "ไม่มีข้อขัดแย้งรอตรวจ"
        qtbot.waitUntil(lambda: window.status.conflicts.text() == "ข้อขัดแย้งรอตรวจ 0")
        assert window.status.conflicts.cursor().shape() != hand
        wait_tasks(qtbot)  # the sync round started after each decision
        data = a.ws.records.get(rec.id).data
        assert (data["name"], data["policy_area"], data["budget_baht"]) == (
            "จาก A", 3, "135000.00")
    finally:
        close_all(qtbot)
    # the decisions went through the server: PC B ends with them and no open conflict
    a.engine.run_round()
    b.engine.run_round()
    assert b.engine.conflicts() == []
    data = b.ws.records.get(rec.id).data
    assert (data["name"], data["policy_area"], data["budget_baht"]) == ("จาก A", 3, "135000.00")
