"""Batch printing of the selected minutes (issue 12): rendered off the GUI thread with
progress, cancellable, joined into one PDF in the print preview."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.helpers import clerk_meeting as cm
from tests.helpers.keys import activate, wait_tasks


def _three_meetings(window) -> list[str]:
    saved = [window.ws.records.create("meeting", dict(cm.last_meeting(), number=n,
                                                        committee=f"คณะที่ {n}"))
             for n in (1, 2, 3)]
    for view in saved:
        window.ws.publish(view.op_changes)  # as the editor's saves announce
    return [view.id for view in saved]


def test_the_selected_minutes_print_as_one_batch(qtbot, window, tmp_path):
    _three_meetings(window)
    page = window.pages["meeting"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    activate(qtbot, window)
    page.table.setFocus()
    page.table.selectAll()
    shown = []
    window.print_many = lambda ids, on_ready=None, f=window.print_many: f(
        ids, on_ready=shown.append)  # the real batch, with a hand on its dialog
    page.print_many_requested.disconnect()
    page.print_many_requested.connect(window.print_many)
    QTest.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    dialog = shown[0]
    assert dialog.windowTitle().endswith("รายงานการประชุม 3 ฉบับ")
    assert dialog.file_name == "รายงานการประชุม 3 ฉบับ.pdf"
    qtbot.waitUntil(dialog.complete, timeout=30_000)
    out = tmp_path / "batch.pdf"
    dialog.save_pdf(out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout.replace(" ", "")
    for n in "๑๒๓":  # each set of minutes, in order, with its own number
        assert f"รายงานการประชุมคณะที่{n}\nครั้งที่{n}/๒๕๖๘" in text
    listed = [page.model.data(page.model.index(r, 0))[-1] for r in range(3)]  # list order
    where = [text.index(f"คณะที่{'๑๒๓'['123'.index(n)]}") for n in listed]
    assert where == sorted(where)  # printed in the order the list shows them
    assert len(dialog.images) == len(dialog.page_labels) >= 3
    wait_tasks(qtbot)
    dialog.close()


def test_a_batch_can_be_cancelled_and_shows_nothing(qtbot, window):
    ids = _three_meetings(window) * 4  # twelve sets of minutes
    shown = []
    task = window.print_many(ids, on_ready=shown.append)
    cancel = task._dialog.findChild(QPushButton)
    assert cancel.text() == "ยกเลิก"
    cancel.click()
    wait_tasks(qtbot)
    assert task.done and shown == []
