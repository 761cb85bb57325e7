"""The overview page's pictures, drill-down and report buttons on a province PC: the bars and
the fiscal-year line carry services.overview's figures and are painted where a person looks
(late and silent bands coloured), Enter on a district opens its own records read-only and
Enter on a record asks to open it, and the PDF/.xlsx buttons write the same report as
`tambon report province`, off the GUI thread."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tambon_desktop.core import geo
from tests.helpers.province_data import MONTH, TODAY


@pytest.fixture
def page(qtbot, province):
    from tambon_desktop.ui.overview_page import OverviewPage

    ws, _ = province
    page = OverviewPage(ws, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1146, 708)  # 1366×768 less the navigation and the window's frame
    page.show()
    page.set_month("2565-01")
    return page


def _colour_in_row(image, y: int, color, x0: int = 0) -> bool:
    return any(image.pixelColor(x, y) == color for x in range(x0, image.width()))


def test_charts_show_the_months_figures_and_the_districts_year(qtbot, page, province):
    from PySide6.QtCore import Qt

    from tambon_desktop.services import overview
    from tambon_desktop.ui.charts import DISBURSED, PHYSICAL, SILENT

    ws, gen = province
    view = overview.overview(ws, MONTH, today=TODAY)
    assert page.bars.bars == overview.bars(view)
    assert page.line.points == overview.line(view.series) and page.line.month == MONTH
    assert page.line.district == []  # no district chosen yet: the scope's line only
    image = page.bars.grab().toImage()
    top, row = page.bars._top(), page.bars._row()  # noqa: SLF001
    for i, bar in enumerate(page.bars.bars):
        y = int(top + i * row + row / 2) - 2  # the disbursed bar, just above the band's middle
        reported = bar.disbursed is not None
        assert _colour_in_row(image, y, DISBURSED, 5) == bool(reported and bar.disbursed > 0.5)
        assert _colour_in_row(image, y, SILENT) == bar.silent  # silent bands stand out
    assert any(b.silent for b in page.bars.bars)
    assert _colour_in_row(page.line.grab().toImage(), page.line.height() // 2, PHYSICAL) or \
        _colour_in_row(page.line.grab().toImage(), page.line.height() // 3, DISBURSED)
    # the current district: outlined in the bars, its own year dashed beside the scope's
    code = next(c.code for c in geo.districts("95") if c.code not in gen.never)
    r = [d.code for d in geo.districts("95")].index(code)
    page.table.setCurrentIndex(page.proxy.index(r, 0))
    assert page.bars.selected == code
    assert page.line.district == overview.line(overview.fiscal_year(ws, MONTH, code))
    # a click on another district's bars chooses it in the table too
    other = next(i for i, b in enumerate(page.bars.bars) if b.code != code)
    band = page.bars.band(page.bars.bars[other].code)
    qtbot.mouseClick(page.bars, Qt.MouseButton.LeftButton,
                     pos=band.center().toPoint())
    assert page.current_district().code == page.bars.bars[other].code == page.bars.selected
    # the bars follow the table: sorted by a column, filtered to the late and silent
    from tambon_desktop.ui.overview_page import COLUMNS

    page.table.sortByColumn(COLUMNS.index("disbursed_pct"), Qt.SortOrder.DescendingOrder)
    shown = [b.disbursed for b in page.bars.bars if b.disbursed is not None]
    assert shown == sorted(shown, reverse=True) and len(page.bars.bars) == len(view.rows)
    page.flagged.setChecked(True)
    assert {b.code for b in page.bars.bars} == {r.code for r in view.rows if r.late or r.silent}
    page.flagged.setChecked(False)
    page.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # back to the scope's order
    # another month: other bars, the same fiscal year's line
    page.set_month("2021-11")
    november = overview.overview(ws, "2021-11", today=TODAY)
    assert page.bars.bars == overview.bars(november) != overview.bars(view)
    assert page.line.points == overview.line(view.series) and page.line.month == "2021-11"


def test_enter_on_a_district_opens_its_records_read_only(qtbot, page, province):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    from tambon_desktop.services import overview

    ws, gen = province
    code = next(c.code for c in geo.districts("95") if c.code not in gen.never)
    r = [d.code for d in geo.districts("95")].index(code)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(r, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert geo.name_of(code) in dialog.windowTitle()
    lists = overview.district_records(ws, code)
    for k, form_id in enumerate(overview.DISTRICT_FORMS):
        table = dialog.tables[form_id]
        assert table.rowCount() == len(lists[form_id]) > 0
        assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert f"({len(lists[form_id])})" in dialog.tabs.tabText(k)
    projects = dialog.tables["project"]
    assert sorted(projects.item(i, 0).text() for i in range(projects.rowCount())) == sorted(
        p["name"] for p in gen.projects if p["district"] == code)
    # Enter on a record asks to open it (the main window's read-only editor)
    dialog.tabs.setCurrentIndex(0)
    projects.setFocus()
    projects.setCurrentCell(0, 0)
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(projects, Qt.Key.Key_Return)
    assert opened.args == ["project", lists["project"][0].id]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _cells(path: Path) -> dict:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {name: [list(r) for r in book[name].iter_rows(values_only=True)]
            for name in book.sheetnames}


def test_report_buttons_write_what_the_command_writes(qtbot, page, province, tmp_path,
                                                      monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from tambon_desktop.cli import main
    from tests.helpers.keys import wait_tasks

    ws, _ = province
    for suffix in (".xlsx", ".pdf"):
        by_cli = tmp_path / f"cli{suffix}"
        assert main(["--data-dir", str(ws.folder), "report", "province", "--month", "2565-01",
                     "-o", str(by_cli)]) == 0
        by_page = tmp_path / f"หน้า{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, _p=by_page, **k: (str(_p), "")))
        button = page.xlsx_button if suffix == ".xlsx" else page.pdf_button
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)  # the keyboard reaches the buttons
        assert not button.isEnabled()  # one report at a time
        wait_tasks(qtbot)
        assert button.isEnabled() and by_page.exists()
        assert str(by_page) in page.saved.text()
        if suffix == ".xlsx":
            assert _cells(by_page) == _cells(by_cli)
        else:
            assert _pdf_text(by_page) == _pdf_text(by_cli)


def test_a_report_that_cannot_be_written_says_so(qtbot, page, tmp_path):
    from tambon_desktop.ui import errors
    from tests.helpers.keys import wait_tasks

    shown = []
    errors.error_hooks.append(lambda exc, _tb: shown.append(exc))
    try:
        (tmp_path / "a-file").write_text("x")
        target = tmp_path / "a-file" / "report.pdf"  # its folder is a file
        page.export(target)
        wait_tasks(qtbot)
    finally:
        errors.error_hooks.pop()
    assert not target.exists() and page.pdf_button.isEnabled()
    assert [e.message_th.startswith("บันทึกไฟล์ไม่สำเร็จ") for e in shown] == [True]
    assert page.saved.isHidden()


def test_a_record_of_a_district_opens_read_only_in_the_main_window(qtbot, province):
    from PySide6.QtCore import Qt

    from tambon_desktop.services import overview
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.keys import close_all

    ws, gen = province
    window = MainWindow(ws.folder)
    window.attach(ws)
    window.show()
    try:
        window.nav.setCurrentRow(SECTIONS.index("overview"))
        page = window.pages["overview"]
        code = next(c.code for c in geo.districts("95") if c.code not in gen.never)
        page.choose_district(code)
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        dialog = page.dialog
        table = dialog.tables["project"]
        table.setFocus()
        table.setCurrentCell(0, 0)
        qtbot.keyClick(table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(window.editors) == 1)
        editor = window.editors[0]
        assert editor.record_id == overview.district_records(ws, code)["project"][0].id
        assert editor.read_only()  # a province PC never edits a district's record
    finally:
        close_all(qtbot)
