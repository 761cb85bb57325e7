"""Start-up: first-run set-up and demo, the smoke test, errors, language, the task helper and
the layer rules of ui/."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.helpers.keys import close_all, type_text

REPO = Path(__file__).resolve().parents[2]


def test_first_run_setup_then_demo_and_real_workspace(qtbot, tmp_path):
    from tambon_desktop.ui.app import open_workspace
    from tambon_desktop.ui.main_window import MainWindow

    for demo in (True, False):
        folder = tmp_path / f"ws-{demo}"
        window = MainWindow(folder)
        window.show()
        open_workspace(window, folder, demo=False)
        setup = window.pages["setup"]
        assert window.ws is None and setup.isVisible()
        assert setup.district.currentData() == "9501"  # SBPAC provinces come first
        if demo:
            qtbot.mouseClick(setup.demo, Qt.MouseButton.LeftButton)
            assert window.pages["meeting"].model.total == 1
            assert window.pages["project"].model.total == 1
        else:
            qtbot.mouseClick(setup.start, Qt.MouseButton.LeftButton)  # no name yet
            assert "ต้องระบุชื่อผู้ใช้" in setup.error.text() and window.ws is None
            setup.province.setCurrentIndex(setup.province.findData("96"))
            setup.district.setCurrentIndex(setup.district.findData("9601"))
            type_text(setup.user, "สมชาย ใจดี")
            qtbot.mouseClick(setup.start, Qt.MouseButton.LeftButton)
            assert window.ws.district == "9601" and window.ws.user == "สมชาย ใจดี"
            assert window.pages["meeting"].model.total == 0
        ws = window.ws
        close_all(qtbot)
        ws.close()


def test_smoke_test_command(tmp_path):
    png = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="1")
    proc = subprocess.run([sys.executable, "-m", "tambon_desktop.ui.app", "--data-dir",
                           str(tmp_path / "data"), "--smoke-test", str(png)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert png.stat().st_size > 10_000
    assert (tmp_path / "shot-preview.png").exists() and (tmp_path / "shot-editor.png").exists()


def test_first_paint_path_does_not_import_sqlmodel():
    code = ("import sys; import tambon_desktop.ui.app, tambon_desktop.ui.main_window; "
            "bad = [m for m in ('sqlmodel', 'sqlalchemy', 'geothai') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ui_does_not_import_sqlmodel_directly():
    for path in (REPO / "tambon_desktop" / "ui").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "import sqlmodel" not in text and "from sqlmodel" not in text, path
        assert "sqlalchemy" not in text and "tambon_desktop.store" not in text, path


def test_list_columns_match_the_store():
    from tambon_desktop.services.ui_support import DB_NAME, LEDGER_COLUMNS, LIST_COLUMNS
    from tambon_desktop.store.db import DB_NAME as STORE_DB
    from tambon_desktop.store.queries import LIST_COLUMNS as STORE_COLUMNS
    from tambon_desktop.store.usb_ledger import LEDGER_COLUMNS as STORE_LEDGER

    assert LIST_COLUMNS == STORE_COLUMNS and DB_NAME == STORE_DB
    assert LEDGER_COLUMNS == STORE_LEDGER


@pytest.mark.parametrize("known", [True, False])
def test_errors_known_in_thai_bugs_with_traceback(qtbot, known):
    from tambon_desktop.core.errors import KnownError
    from tambon_desktop.ui.errors import show_error

    try:
        raise KnownError("ดิสก์เต็ม", "disk full", detail="/data") if known else ValueError("x")
    except Exception as exc:
        box = show_error(None, exc)
    if known:
        assert box.text() == "ดิสก์เต็ม" and "/data" in box.detailedText()
        assert "disk full" not in box.detailedText()
        assert box.icon() == QMessageBox.Icon.Warning
    else:
        assert "Traceback" in box.detailedText() and "ValueError" in box.detailedText()
        assert box.informativeText() == ""  # no English on the face of it in Thai mode
        copy = next(b for b in box.buttons() if b.text() == "คัดลอกรายละเอียด")
        copy.click()
        assert "ValueError" in QApplication.clipboard().text()
    box.close()  # Esc or the window's ✕ closes it
    assert not box.isVisible()


def test_english_labels():
    from tambon_desktop.ui import strings

    strings.set_language("en")
    try:
        assert strings.tr("section.meeting") == "Meetings"
        assert strings.tr("status.pending", n=3) == "3 pending"
    finally:
        strings.set_language("th")
    assert strings.tr("section.meeting") == "รายงานการประชุม"


def test_tasks_deliver_on_the_gui_thread_serialise_writes_and_cancel(qtbot):
    from tambon_desktop.ui import tasks

    gui = threading.get_ident()
    seen, running, overlap = [], [0], []

    def op(progress):
        running[0] += 1
        overlap.append(running[0])
        progress.update(1, 2)
        threading.Event().wait(0.02)
        running[0] -= 1
        return threading.get_ident()

    for _ in range(4):
        tasks.Task(parent=None, op=op).success(
            lambda tid: seen.append((tid, threading.get_ident()))).run_in_background()
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert max(overlap) == 1  # database work one at a time
    assert all(cb == gui and tid != gui for tid, cb in seen)
    failures = []
    tasks.Task(parent=None, op=lambda p: 1 / 0).failure(
        lambda exc, tb: failures.append((exc, tb))).run_in_background()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0][0], ZeroDivisionError) and "Traceback" in failures[0][1]
    gate = threading.Event()
    results = []

    def long(progress):
        gate.wait(5)
        progress.check()
        return "finished"

    task = tasks.Task(parent=None, op=long, kind="io").success(results.append)
    task.run_in_background()
    task.progress.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.done)
    assert results == []  # cancelled: no success, no error dialog


def test_signal_emit_refcount_workaround():
    from PySide6.QtCore import QObject, Signal

    from tambon_desktop.ui.signals import emit

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(100):
        emit(probe.ping)
    assert sys.getrefcount(True) >= before


def test_exchange_and_sync_sections_show_what_exists(qtbot, window, seed_meeting):
    window.ws.publish(window.ws.records.create("meeting", seed_meeting["data"]).op_changes)
    window.nav.setCurrentRow(4)
    exchange = window.pages["exchange"]
    qtbot.waitUntil(lambda: exchange.counts["pending"].text() == "1")
    assert exchange.usb_export.isVisibleTo(exchange) == (exchange.usb is not None)
    qtbot.waitUntil(lambda: "รอส่ง 1" in window.status.pending.text())
    assert "ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์" in window.status.online.text()
    assert window.status.conflicts.text() == "ข้อขัดแย้งรอตรวจ 0"
    sync_page = window.pages["sync"]
    if window.sync.engine is not None:  # services.sync present: sign-in form, no round yet
        assert sync_page.login.isEnabled() and not sync_page.now.isEnabled()
