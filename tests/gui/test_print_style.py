"""Settings › how minutes are printed: the sample date line follows the boxes at once, saving
keeps the style in the workspace, and printing follows it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.keys import wait_tasks


def test_print_style_from_settings(qtbot, window, seed_meeting):
    from tambon_desktop.services import printing

    page = window.pages["settings"]
    window.nav.setCurrentRow(6)
    assert page.sample.text() == "เมื่อวันพฤหัสบดีที่ ๒๐ มกราคม ๒๕๖๕"
    page.style_boxes["weekday"].setChecked(False)
    page.style_boxes["be_label"].setChecked(True)
    page.style_boxes["thai_digits"].setChecked(False)
    assert page.sample.text() == "เมื่อวันที่ 20 มกราคม พ.ศ. 2565"
    assert printing.print_style(window.ws)["thai_digits"]  # nothing kept before saving
    page.style_boxes["continuation"].setChecked(True)
    qtbot.mouseClick(page.save_style, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot)
    assert printing.print_style(window.ws) == {
        "thai_digits": False, "be_label": True, "weekday": False, "continuation": True,
        "justify": True}

    record = window.ws.records.create("meeting", seed_meeting["data"])
    shown = []
    window.print_record(record.id, on_ready=shown.append)
    wait_tasks(qtbot)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    import subprocess

    path = shown[0].save_pdf(window.ws.folder / "styled.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "เมื่อวันที่ 20 มกราคม พ.ศ. 2565" in text and "…" in text
    shown[0].close()
