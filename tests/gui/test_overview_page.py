"""The overview page on a province PC: one row per district of the province with the same
figures as services.overview, sorting by number, filtering, late and silent rows coloured,
nothing editable; reached from the main window's last section."""

from __future__ import annotations

from tambon_desktop.core import geo
from tests.helpers.province_data import MONTH, TODAY


def _column(page, key: str) -> list[str]:
    from tambon_desktop.ui.overview_page import COLUMNS

    c = COLUMNS.index(key)
    return [page.proxy.index(r, c).data() for r in range(page.proxy.rowCount())]


def test_overview_page_shows_sorts_filters_and_never_edits(qtbot, province, tmp_path):
    from PySide6.QtCore import Qt

    from tambon_desktop.services import overview
    from tambon_desktop.ui.overview_page import COLUMNS, LATE, SILENT, OverviewPage

    ws, gen = province
    page = OverviewPage(ws, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    page.set_month("2565-01")
    assert page.month.currentText() == "มกราคม 2565"
    view = overview.overview(ws, MONTH, today=TODAY)
    assert _column(page, "district") == [d.name_th for d in geo.districts("95")]
    assert _column(page, "disbursed") == [f"{r.figures.disbursed:,.2f}" for r in view.rows]
    assert _column(page, "reports") == [f"{r.figures.reports}/{r.figures.projects}"
                                        for r in view.rows]
    assert page.title.text() == "ภาพรวมจังหวัดยะลา ประจำเดือนมกราคม 2565 (ปีงบประมาณ 2565)"
    assert f"เบิกจ่าย {view.total.disbursed:,.2f} บาท" in page.totals.text()
    # late and silent stand out
    for r, row in enumerate(view.rows):
        brush = page.proxy.index(r, 0).data(Qt.ItemDataRole.BackgroundRole)
        want = SILENT if row.silent else LATE if row.late else None
        assert (brush.color() if brush else None) == want
    assert any(r.silent for r in view.rows) and any(r.late for r in view.rows)
    # sorting compares numbers, not text
    page.table.sortByColumn(COLUMNS.index("disbursed"), Qt.SortOrder.DescendingOrder)
    shown = [float(x.replace(",", "")) for x in _column(page, "disbursed")]
    assert shown == sorted((float(r.figures.disbursed) for r in view.rows), reverse=True)
    # filters
    page.flagged.setChecked(True)
    assert sorted(_column(page, "district")) == sorted(r.name for r in view.rows
                                                       if r.late or r.silent)
    page.flagged.setChecked(False)
    page.search.setText("เบตง")
    assert _column(page, "district") == ["เบตง"]
    page.search.clear()
    # read-only: no cell can be edited
    for r in range(page.proxy.rowCount()):
        for c in range(len(COLUMNS)):
            assert not page.proxy.index(r, c).flags() & Qt.ItemFlag.ItemIsEditable
    # another month, other figures
    page.set_month("2021-11")
    november = overview.overview(ws, "2021-11", today=TODAY)
    assert sorted(_column(page, "disbursed")) == sorted(f"{r.figures.disbursed:,.2f}"
                                                        for r in november.rows)


def test_main_window_has_the_overview_last(qtbot, province):
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.keys import close_all

    ws, _ = province
    window = MainWindow(ws.folder)
    window.attach(ws)
    window.show()
    try:
        assert SECTIONS[-1] == "overview"
        window.nav.setCurrentRow(SECTIONS.index("overview"))
        page = window.pages["overview"]
        assert window.stack.currentWidget() is page
        assert page.model.rowCount() == len(geo.districts("95"))
        assert window.nav.item(SECTIONS.index("overview")).text() == "ภาพรวม"
    finally:
        close_all(qtbot)
