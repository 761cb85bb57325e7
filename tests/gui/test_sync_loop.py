"""The sync page and the status bar observe the one sync loop (services/sync_background) over
a real server: "sync now" runs a round of it, what the round pulled is announced once, on
the GUI thread, with the loop's adapter as the initiator, and only the list of the changed
form reloads; closing the window stops the loop's thread."""

from __future__ import annotations

import threading

from tambon_desktop.ui.main_window import RECORD_SECTIONS
from tests.helpers.keys import shot, wait_tasks


def test_sync_now_runs_the_loop_and_announces_what_it_pulled(qtbot, enrolled_pcs):
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.sync_harness import project

    a, b = enrolled_pcs
    theirs = b.ws.records.create("project", project(a.district, name="ถนนสายบ้านกือลอง"))
    b.engine.run_round()
    window = MainWindow(a.ws.folder)
    window.attach(a.ws)
    window.show()
    try:
        sync = window.sync
        sync.pause()  # no timed round: this test presses "sync now"
        assert sync.engine is a.ws.sync is a.engine  # the workspace's one client
        resets = {f: [] for f in RECORD_SECTIONS}
        for f in RECORD_SECTIONS:
            window.pages[f].model.modelReset.connect(lambda f=f: resets[f].append(1))
        heard = []
        a.ws.subscribe(lambda changes, initiator: heard.append(
            (changes, initiator, threading.current_thread() is threading.main_thread())))
        window.nav.setCurrentRow(SECTIONS.index("sync"))
        page = window.pages["sync"]
        assert page.now.isEnabled()
        page.now.click()
        assert sync.running and not page.now.isEnabled()  # under way: no second round
        shot(window, "sync-loop-running")
        qtbot.waitUntil(lambda: bool(heard), timeout=20_000)
        ((changes, initiator, on_gui_thread),) = heard
        assert initiator is sync and on_gui_thread
        assert theirs.id in changes.record_ids and changes.forms == {"project"}
        qtbot.waitUntil(lambda: window.pages["project"].model.total == 1)
        assert resets["meeting"] == [] and resets["project"] == [1]
        assert sync.loop.state == "idle" and not sync.running and page.now.isEnabled()
        assert sync.state().online and "ออนไลน์" in window.status.online.text()
        assert sync.loop.alive
        shot(window, "sync-loop-idle")
    finally:
        window.close()
        wait_tasks(qtbot)
    assert not window.sync.loop.alive  # the window's close stopped the loop
