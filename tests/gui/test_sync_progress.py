"""A province PC's first sync from the app, over a real server: the pull runs on the sync
worker, the sync page and the status bar count the records received of the total, and the
window stays usable meanwhile: the event loop keeps answering and the project list can be
reloaded and scrolled between pages (each page commits in a short transaction, SQLite WAL)."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QTimer

from tests.helpers.keys import close_all

RECORDS = 2_000
DISTRICT = "9507"  # a district no other GUI test writes


def _feed(server) -> None:
    from tambon_desktop.core import ids
    from tests.helpers.sync_harness import FakeDevice, add_user_direct, project, server_db_url

    add_user_direct(server_db_url(server), "gui_feed9507", district=DISTRICT)
    device = FakeDevice(server.url, district=DISTRICT)
    device.http.timeout = 300  # a loaded test machine
    assert device.login("gui_feed9507").status_code == 200
    area = {"changwat": "95", "amphoe": DISTRICT, "tambon": DISTRICT + "01"}
    ops = [device.op("create", ids.uuid7(), project(DISTRICT, name=f"โครงการกาบัง {i}"),
                     form_id="project", area=area) for i in range(RECORDS)]
    for i in range(0, len(ops), 500):
        assert device.push(ops[i:i + 500]).status_code == 200
    device.close()


def _officer(server, folder):
    from tambon_desktop.server import auth, db
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace
    from tests.helpers.sync_harness import PASSWORD, server_db_url

    engine = db.make_engine(server_db_url(server))
    with db.session_scope(engine) as session:
        auth.add_user(session, name="gui_prov95", password=PASSWORD, role="province_officer",
                      district=None, province="95", actor="test")
    engine.dispose()
    ws = Workspace.init(folder, district="9501", user="gui_prov95", role="province_officer")
    sync = SyncEngine(ws)
    sync.login(server=server.url, user="gui_prov95", password=PASSWORD)
    sync.close()
    return ws


def test_first_sync_counts_records_and_the_list_stays_usable(qtbot, sync_server, tmp_path,
                                                             monkeypatch):
    from tambon_desktop.services import sync
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow

    _feed(sync_server)
    ws = _officer(sync_server, tmp_path / "province")
    monkeypatch.setattr(sync, "PAGE_SIZE", 100)  # many pages: many steps to watch
    window = MainWindow(ws.folder)
    window.attach(ws)
    window.show()
    try:
        window.sync.pause()
        window.nav.setCurrentRow(SECTIONS.index("project"))
        page = window.pages["project"]
        texts: list[str] = []
        window.sync.progress_changed.connect(texts.append)
        seen = {"bar": set(), "page": set(), "gaps": [], "reloads": [], "rows": []}
        last = [time.monotonic()]

        def tick() -> None:  # the event loop's pulse, and a clerk scrolling the list
            now = time.monotonic()
            if window.sync.running:  # the pull; the list reloads after it are GUI work
                seen["gaps"].append(now - last[0])
            last[0] = now
            seen["bar"].add(window.status.sync_progress.text())
            seen["page"].add(window.pages["sync"].progress.text())
            if len(seen["gaps"]) % 5 == 0:
                started = time.monotonic()
                page.model.reload()
                page.table.scrollToBottom()
                seen["reloads"].append(time.monotonic() - started)
                seen["rows"].append(page.model.total)

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(20)
        started = time.monotonic()
        window.sync.sync_now()
        assert window.sync.running
        qtbot.waitUntil(lambda: not window.sync.running, timeout=180_000)
        took = time.monotonic() - started
        timer.stop()

        counts = [tuple(int(n.replace(",", "")) for n in re.findall(r"[\d,]+", t))
                  for t in texts if "จาก" in t]
        assert len(counts) >= 5, texts
        assert [d for d, _ in counts] == sorted(d for d, _ in counts)
        assert all(total >= RECORDS for _, total in counts)  # the server told the total
        assert counts[-1][0] == counts[-1][1] >= RECORDS
        assert texts[-1] == ""  # cleared when the round is over
        assert any("จาก" in t for t in seen["bar"]) and any("จาก" in t for t in seen["page"])
        assert not window.status.sync_progress.isVisible()
        # usable meanwhile: the loop answered throughout, the list reloaded between pages
        assert took > 1.0 and len(seen["gaps"]) > 20
        assert max(seen["gaps"]) < min(1.0, took / 2), (max(seen["gaps"]), took)
        assert max(seen["reloads"]) < 0.5, max(seen["reloads"])
        assert 0 < max(seen["rows"]) and min(seen["rows"]) < RECORDS  # grew during the pull
        qtbot.waitUntil(lambda: page.model.total >= RECORDS, timeout=10_000)
    finally:
        close_all(qtbot)
        ws.close()
