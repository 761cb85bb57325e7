"""USB bundles on the exchange page, with a PC enrolled with a real server: writing an
up-bundle lists it in the ledger; the server imports it and writes a down-bundle; its preview
dialog shows who signed it, the counts and each item; importing it adds it to the ledger."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.keys import close_all, shot, wait_tasks


def _row(table, row: int) -> dict[str, str]:
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {h: table.item(row, c).text() for c, h in enumerate(heads)}


def test_usb_export_ledger_preview_and_import(qtbot, enrolled_pcs, sync_server, tmp_path):
    from tambon_desktop.ui.main_window import MainWindow
    from tests.helpers.sync_harness import project

    a, b = enrolled_pcs
    a.ws.records.create("project", project(a.district, name="ถนนสายบ้านบือซู"))
    theirs = b.ws.records.create("project", project(a.district, name="ประปาหมู่บ้าน"))
    b.engine.run_round()
    window = MainWindow(a.ws.folder)
    window.attach(a.ws)
    window.sync.pause()  # this PC goes by USB only here
    window.show()
    try:
        window.nav.setCurrentRow(4)
        page = window.pages["exchange"]
        assert page.usb is not None and page.ledger.isVisible()
        assert page.ledger.rowCount() == 0
        assert page.ledger.columnCount() == len(page.usb.LEDGER_COLUMNS)
        stick = tmp_path / "stick"
        stick.mkdir()
        written: list = []
        page.export_usb(stick, on_done=written.append)
        qtbot.waitUntil(lambda: bool(written), timeout=30_000)
        result = written[0]
        assert page.ledger.rowCount() == 1
        out = _row(page.ledger, 0)
        assert (out["ทาง"], out["ชนิด"], out["สถานะ"], out["การแก้ไข"], out["ไฟล์"]) == (
            "ส่งออก", "อำเภอ → เซิร์ฟเวอร์", "เขียนแล้ว", "1", result.path.name)
        assert out["อำเภอ"] == a.district and out["เข้ารหัส"] == "ใช่"
        assert "เขียนชุดข้อมูลแล้ว" in page.done.text()

        done = sync_server.admin("import-bundle", str(result.path))
        assert done.returncode == 0, done.stderr
        down = tmp_path / "down"
        done = sync_server.admin("export-down", "--device", a.ws.device_id, str(down))
        assert done.returncode == 0, done.stderr
        down_file = next(down.glob("*.tambon"))

        dialogs: list = []
        imported: list = []
        page.preview_usb(down_file, on_ready=dialogs.append, on_imported=imported.append)
        qtbot.waitUntil(lambda: bool(dialogs), timeout=30_000)
        dialog = dialogs[0]
        assert dialog.isVisible()
        assert [dialog.counts[k].text() for k in ("new", "known", "conflict")] == [
            "ใหม่ 1", "มีอยู่แล้ว 1", "จะขัดแย้ง 0"]
        assert dialog.fields["kind"].text() == "เซิร์ฟเวอร์ → อำเภอ"
        assert dialog.fields["signer"].text().startswith("เซิร์ฟเวอร์")
        assert a.district in dialog.fields["district"].text()
        assert dialog.fields["device"].text() == a.ws.device_id
        items = [_row(dialog.items, r) for r in range(dialog.items.rowCount())]
        assert {(i["ชื่อเรื่อง"], i["ผล"]) for i in items} == {
            ("ประปาหมู่บ้าน", "ใหม่"), ("ถนนสายบ้านบือซู", "มีอยู่แล้ว")}
        assert all(i["การกระทำ"] == "ระเบียนจากเซิร์ฟเวอร์" for i in items)
        assert page.ledger.rowCount() == 1  # the preview changed nothing
        shot(dialog, "usb-preview")
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(imported), timeout=30_000)
        assert imported[0].action == "applied"
        assert a.ws.records.get(theirs.id).title == "ประปาหมู่บ้าน"
        assert page.ledger.rowCount() == 2
        newest = _row(page.ledger, 0)
        assert (newest["ทาง"], newest["ชนิด"], newest["สถานะ"], newest["ครั้ง"]) == (
            "รับเข้า", "เซิร์ฟเวอร์ → อำเภอ", "นำเข้าแล้ว", "1")
        assert "นำเข้าชุดข้อมูลแล้ว" in page.done.text()
        shot(window, "usb-ledger")
        wait_tasks(qtbot)
    finally:
        close_all(qtbot)
