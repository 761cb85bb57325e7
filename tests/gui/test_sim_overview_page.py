"""The overview page on the province and region PCs of the simulated SBPAC area
(tests/helpers/district_sim.py, built through a real server): the cells show the districts'
own sums, and nothing on the page can be edited — no editable cell, a double-click or a key
typed on a cell opens no editor, and the PC's store is unchanged afterwards."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tambon_desktop.core import geo
from tests.helpers.district_sim import AREA, PROVINCE, expected, world
from tests.helpers.keys import shot

# the simulation takes minutes to build (once per session); it runs in the normal suite
pytestmark = pytest.mark.slow
MONTH = "2022-01"


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    return world(tmp_path_factory)


def _records(folder: Path) -> list[tuple]:
    from tambon_desktop.services.workspace import Workspace

    conn = sqlite3.connect(Workspace.path_in(folder))
    try:
        return list(conn.execute("SELECT id, status, data, deleted FROM record ORDER BY id"))
    finally:
        conn.close()


@pytest.mark.parametrize("pc", ["province", "region"])
def test_overview_page_of_a_synced_officer_pc_shows_the_sums_and_edits_nothing(
        qtbot, sim, pc, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.overview_page import COLUMNS, OverviewPage

    folder = sim.province_dir if pc == "province" else sim.region_dir
    codes = [d.code for d in geo.districts(PROVINCE)] if pc == "province" else list(AREA)
    before = _records(folder)
    today = dt.datetime.now(dt.UTC).date()
    with Workspace.open(folder) as ws:
        page = OverviewPage(ws, today=today)
        qtbot.addWidget(page)
        page.resize(1360, 740)
        page.show()
        page.set_month("2565-01")
        model = page.proxy
        shown = {model.index(r, 0).data(): r for r in range(model.rowCount())}
        assert sorted(shown) == sorted(geo.name_of(c) for c in codes)
        want = expected(sim.plans, MONTH, codes)
        for code in codes:
            r, w = shown[geo.name_of(code)], want[code]
            cell = {key: model.index(r, c).data() for c, key in enumerate(COLUMNS)}
            assert cell["reports"] == f"{w['reports']}/{w['projects']}", code
            assert cell["disbursed"] == f"{w['disbursed']:,.2f}", code
            assert cell["meetings"] == f"{w['meetings']}/{w['certified']}", code
        t = want["total"]
        assert f"เบิกจ่าย {t['disbursed']:,.2f} บาท" in page.totals.text()
        # nothing can be edited: no cell says so, a double-click or typing opens no editor
        for r in range(model.rowCount()):
            for c in range(len(COLUMNS)):
                assert not model.index(r, c).flags() & Qt.ItemFlag.ItemIsEditable
        for r, c in ((0, COLUMNS.index("disbursed")), (model.rowCount() - 1, 0)):
            rect = page.table.visualRect(model.index(r, c))
            qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                              pos=rect.center())
            page.table.setCurrentIndex(model.index(r, c))
            qtbot.keyClicks(page.table, "9")
            qtbot.keyClick(page.table, Qt.Key.Key_F2)
            assert page.table.state() != page.table.State.EditingState
            assert not isinstance(QApplication.focusWidget(), QLineEdit) or \
                QApplication.focusWidget() is page.search
        shot(page, f"sim-overview-{pc}")  # when TAMBON_GUI_SHOTS is set
    assert _records(folder) == before
