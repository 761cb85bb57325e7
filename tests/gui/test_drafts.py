"""A crash mid-edit loses nothing: the draft written while typing is offered on next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from tambon_desktop.ui.drafts import DraftStore

REPO = Path(__file__).resolve().parents[2]
TYPED = "คณะกรรมการหมู่บ้านที่พิมพ์ค้างไว้"


def test_killed_app_offers_the_unsaved_draft_back(qtbot, tmp_path):
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.main_window import MainWindow

    folder = tmp_path / "ws"
    Workspace.init(folder, district="9501", user="เสมียน", role="clerk").close()
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(REPO / "tests/helpers/crash_typist.py"),
                             str(folder), TYPED], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        assert proc.stdout.readline().strip() == "typed"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(DraftStore(folder).load_all()) == 1

    ws = Workspace.open(folder)
    window = MainWindow(folder)
    window.attach(ws)
    window.show()
    try:
        assert window.banner.isVisible() and "1" in window.banner_text.text()
        qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
        assert len(window.editors) == 1
        editor = window.editors[0]
        assert editor.editor.input_for("committee").text() == TYPED
        assert editor.dirty and editor.view is None
    finally:
        from tests.helpers.keys import close_all

        close_all(qtbot)
        ws.close()


def test_draft_files_are_written_atomically_and_removed_on_save(tmp_path):
    store = DraftStore(tmp_path)
    store.write("k1", form_id="meeting", record_id=None, data={"committee": "ก"})
    assert not list(store.folder.glob("*.tmp"))
    (store.folder / "broken.json").write_text("{not json", "utf-8")  # a torn file is skipped
    drafts = store.load_all()
    assert [d.key for d in drafts] == ["k1"] and drafts[0].data == {"committee": "ก"}
    store.remove("k1")
    assert store.load_all() == []
