"""Lists page in SQL (500 rows a fetch), sort Thai titles in dictionary order, filter by
status, and search as you type (debounced)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tambon_desktop.core.thai import sort_key
from tests.helpers.keys import type_text

NAMES = ("โครงการเลี้ยงไก่", "กองทุนหมู่บ้าน", "ข้าวเกรียบปลา", "เกษตรพอเพียง", "ไก่พื้นเมือง",
         "ฆ้องวง", "งานจักสาน", "ปลูกผัก")


@pytest.fixture
def many_projects(workspace, seed_project):
    data = seed_project["data"]
    for n in range(1010):
        workspace.records.create("project", dict(data, name=f"{NAMES[n % len(NAMES)]} {n:04d}"))
    return workspace


def test_paging_sorting_filtering_over_sql(qtbot, many_projects, seed_project):
    from tambon_desktop.ui.main_window import MainWindow

    window = MainWindow(many_projects.folder)
    window.attach(many_projects)
    window.show()
    window.nav.setCurrentRow(1)
    page = window.pages["project"]
    model = page.model
    assert model.total == 1010 and model.rowCount() == 500  # one page, not all rows
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 1000
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # title, in SQL by Thai sort key
    assert model.rowCount() == 500
    titles = [model.data(model.index(r, 0)) for r in range(500)]
    assert titles == sorted(titles, key=sort_key)
    assert titles[0].startswith("กองทุน") and not titles[0].startswith("เกษตร")
    assert [t.split()[0] for t in titles[:300:127]] == ["กองทุนหมู่บ้าน", "เกษตรพอเพียง",
                                                        "ไก่พื้นเมือง"]
    from tambon_desktop.ui import operations

    operations.transition_record(parent=window, ws=many_projects, record_id=model.record_id(0),
                                 action="submit", comment="", on_done=lambda _view: None)
    qtbot.waitUntil(lambda: model.data(model.index(0, 2)) == "เสนอ")  # refreshed on change
    page.status.setCurrentIndex(page.status.findData("proposed"))
    assert model.total == 1 and model.data(model.index(0, 3)) == "—"  # a clerk has no next step
    page.status.setCurrentIndex(0)
    type_text(page.search, "ข้าวเกรียบ")
    assert model.total == 1010  # debounced: not yet
    qtbot.waitUntil(lambda: model.query.text == "ข้าวเกรียบ", timeout=2_000)
    assert model.total == 126
    from tests.helpers.keys import close_all

    close_all(qtbot)


def test_short_columns_fit_their_contents_and_the_title_stretches(qtbot, window, seed_meeting):
    from PySide6.QtWidgets import QHeaderView

    window.ws.publish(window.ws.records.create("meeting", seed_meeting["data"]).op_changes)
    page = window.pages["meeting"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    window.resize(1280, 760)
    qtbot.wait(50)
    header = page.table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    metrics = page.table.fontMetrics()
    assert page.model.data(page.model.index(0, 3)) not in ("", "—")  # a draft has a next step
    for column in range(1, page.model.columnCount()):
        if page.table.isColumnHidden(column):  # "พบคำค้นใน": only while searching
            continue
        text = page.model.data(page.model.index(0, column))
        head = page.model.headerData(column, Qt.Orientation.Horizontal)
        width = header.sectionSize(column)
        assert metrics.horizontalAdvance(text) + 6 <= width, (column, text, width)  # no "…"
        assert header.fontMetrics().horizontalAdvance(head) <= width, (column, head, width)
        assert width < header.sectionSize(0)
