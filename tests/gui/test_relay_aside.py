"""A province PC's exchange page: an up-bundle the server refused is set aside; its ledger row
shows why, and the two relay buttons queue it again or remove it (issue 13)."""

from __future__ import annotations

from tests.helpers.keys import close_all, shot


def test_set_aside_bundle_retry_and_drop(qtbot, sync_server, tmp_path):
    from tambon_desktop.server import auth, db
    from tambon_desktop.services import usb
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.main_window import MainWindow
    from tests.helpers.sync_harness import (
        PASSWORD,
        add_user_direct,
        make_pc,
        project,
        server_db_url,
    )

    add_user_direct(server_db_url(sync_server), "relay_clerk", district="9506")
    clerk = make_pc(tmp_path / "clerk", sync_server.url, district="9506", user="relay_clerk")
    engine = db.make_engine(server_db_url(sync_server))
    with db.session_scope(engine) as s:
        auth.add_user(s, name="relay_prov", password=PASSWORD, role="province_officer",
                      district=None, province="95", actor="test")
    engine.dispose()
    ws = Workspace.init(tmp_path / "prov", district="9506", user="relay_prov",
                        role="province_officer")
    prov = SyncEngine(ws)
    prov.login(server=sync_server.url, user="relay_prov", password=PASSWORD)
    window = MainWindow(ws.folder)
    try:
        clerk.ws.records.create("project", project("9506", name="ถนนสายใหม่"))
        stick = tmp_path / "stick"
        stick.mkdir()
        bundle = usb.export_bundle(clerk.ws, stick)
        usb.import_bundle(ws, bundle.path)
        usb._mark(ws, bundle.bundle_id, "refused", "bundle refused: fields: NaN is not allowed")
        window.attach(ws)
        window.sync.pause()
        window.show()
        window.nav.setCurrentRow(4)
        page = window.pages["exchange"]
        page.refresh()
        assert page.relay_retry.isVisible() and not page.relay_retry.isEnabled()
        page.ledger.selectRow(0)
        state = page.usb.LEDGER_COLUMNS.index("state")
        detail = page.usb.LEDGER_COLUMNS.index("detail")
        assert page.ledger.item(0, state).text() == "เซิร์ฟเวอร์ไม่รับ (พักไว้)"
        assert "NaN" in page.ledger.item(0, detail).text()
        assert page.relay_retry.isEnabled() and page.relay_drop.isEnabled()
        shot(window, "relay-set-aside")
        page.relay_retry.click()
        assert [i.state for i in usb.relay_queue(ws)] == ["queued"]
        assert page.ledger.item(0, state).text() == "รอส่งต่อ"
        usb._mark(ws, bundle.bundle_id, "refused", "bundle refused again")
        page.refresh()
        page.ledger.selectRow(0)
        page.relay_drop.click()
        assert usb.relay_queue(ws) == []
        assert not page.relay_drop.isEnabled()
    finally:
        window.close()
        close_all(qtbot)
        prov.close()
        clerk.close()
        ws.close()
