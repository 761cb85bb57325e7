"""The monthly progress report printed from the app: the progress-report list's print button
(and Ctrl+P there) asks for the month in Thai (พ.ศ.) and the tambon, renders in the background
with the same service as `tambon report monthly`, and opens the print preview."""

from __future__ import annotations

import datetime as dt
import subprocess

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from tests.helpers.keys import wait_tasks


def _reports(ws, seed_project) -> str:
    project = ws.records.create("project", seed_project["data"])
    for period, spent in (("2565-01", "120000"), ("2565-01", "80000"), ("2565-02", "5000")):
        ws.records.create("progress_report", {
            "project": project.id, "period": period, "report_date": "2022-01-25",
            "physical_percent": 40, "approved_baht": "300000", "disbursed_baht": spent,
            "people_reached": 120, "target_group": "ครัวเรือนยากจน"})
    return project.data["name"]


def _answer_dialog(month_index: int, year_be: int, tambon: str | None = None) -> list:
    """Fill the month dialog once it is up (it is modal) and press the preview button."""
    seen = []

    def fill() -> None:
        from tambon_desktop.ui.monthly_report import MonthlyReportDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MonthlyReportDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append([dialog.tambon.itemText(i) for i in range(dialog.tambon.count())])
        dialog.month.setCurrentIndex(month_index)
        dialog.year.setValue(year_be)
        if tambon:
            dialog.tambon.setCurrentIndex(dialog.tambon.findData(tambon))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    return seen


def _previews():
    from tambon_desktop.ui.print_preview import PrintPreview

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, PrintPreview) and w.isVisible()]


def test_month_dialog_speaks_buddhist_era():
    from tambon_desktop.ui.monthly_report import MonthlyReportDialog

    dialog = MonthlyReportDialog("9501", today=dt.date(2022, 2, 3))
    assert dialog.month.currentText() == "กุมภาพันธ์" and dialog.year.value() == 2565
    assert dialog.period() == "2022-02" and dialog.tambon_code() is None
    dialog.tambon.setCurrentIndex(dialog.tambon.findData("950101"))
    assert dialog.tambon.currentText() == "สะเตง" and dialog.tambon_code() == "950101"
    dialog.close()


def test_print_the_month_from_the_progress_list(qtbot, window, workspace, seed_project,
                                                tmp_path):
    name = _reports(workspace, seed_project)
    window.nav.setCurrentRow(2)
    page = window.pages["progress_report"]
    assert page.print.isVisible() and page.print.text() == "พิมพ์รายงานประจำเดือน (Ctrl+P)"

    seen = _answer_dialog(0, 2565)
    qtbot.mouseClick(page.print, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot)
    qtbot.waitUntil(lambda: len(_previews()) == 1, timeout=20_000)
    assert seen and seen[0][0] == "ทุกตำบลที่มีรายงาน" and "สะเตง" in seen[0]
    preview = _previews()[0]
    path = preview.save_pdf(tmp_path / "monthly.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "มกราคม" in text and "๒๕๖๕" in text
    assert text.count(name[:12]) == 2  # January's two reports, not February's
    preview.close()


def test_a_month_without_reports_says_so_in_thai(qtbot, window, workspace, seed_project):
    from tambon_desktop.ui import errors

    _reports(workspace, seed_project)
    shown = []
    errors.error_hooks.append(lambda exc, _tb: shown.append(exc))
    try:
        window.nav.setCurrentRow(2)
        _answer_dialog(2, 2565, "950101")
        window._print_selected()  # Ctrl+P on the progress-report list
        wait_tasks(qtbot)
        qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    finally:
        errors.error_hooks.pop()
    assert shown[0].message_th == "ไม่มีรายงานความก้าวหน้าของเดือนมีนาคม 2565 ตำบลสะเตง"
    assert not _previews()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
