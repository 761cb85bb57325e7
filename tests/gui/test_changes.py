"""What a write changed is announced once, on the GUI thread, with the widget that made it
(Anki's operation_did_execute): the main window reloads the lists of the changed forms only,
and not the page that started the write."""

from __future__ import annotations

import threading

from tambon_desktop.ui.main_window import RECORD_SECTIONS
from tests.helpers.keys import wait_tasks


def _watch(window):
    """Count each list's reloads (its model's reset) and every announcement heard."""
    resets = {form_id: [] for form_id in RECORD_SECTIONS}
    for form_id in RECORD_SECTIONS:
        window.pages[form_id].model.modelReset.connect(
            lambda f=form_id: resets[f].append(1))
    heard = []
    window.ws.subscribe(lambda changes, initiator: heard.append(
        (changes, initiator, threading.current_thread() is threading.main_thread())))
    return resets, heard


def test_saving_a_meeting_reloads_the_meeting_list_not_the_projects(qtbot, window,
                                                                     seed_meeting):
    resets, heard = _watch(window)
    editor = window.open_editor("meeting", data=seed_meeting["data"])
    editor.save()
    wait_tasks(qtbot)
    qtbot.waitUntil(lambda: bool(resets["meeting"]))
    assert editor.view is not None
    ((changes, initiator, on_gui_thread),) = heard  # once
    assert initiator is editor and on_gui_thread
    assert changes.record_ids == (editor.view.id,) and changes.forms == {"meeting"}
    assert changes.outbox and not changes.settings
    qtbot.wait(50)  # anything queued behind it has run
    assert resets == {"meeting": [1], "project": [], "progress_report": [],
                      "amendment": []}
    assert [row[0] for row in window.pages["meeting"].model.rows] == [editor.view.id]


def test_the_page_that_made_a_change_is_not_reloaded_for_it(qtbot, window, seed_meeting):
    from tambon_desktop.ui import operations

    meeting = window.ws.records.create("meeting", seed_meeting["data"])
    page = window.pages["meeting"]
    page.model.reload()
    resets, heard = _watch(window)
    done = []
    operations.transition_record(parent=page, ws=window.ws, record_id=meeting.id,
                                 action="cancel", comment="", on_done=done.append)
    wait_tasks(qtbot)
    qtbot.waitUntil(lambda: bool(heard))
    qtbot.wait(50)
    ((changes, initiator, _),) = heard
    assert initiator is page and changes.forms == {"meeting"}
    assert done[0].status == "cancelled"
    assert resets["meeting"] == []  # the initiator shows its own result
    window._on_changes(changes, None)  # the same change from elsewhere reloads it
    assert resets["meeting"] == [1] and resets["project"] == []
