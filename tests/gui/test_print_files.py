"""Files a clerk saves and opens (issue 12): the PDF's default name from the committee and
meeting number in the documents folder; an attached scanned copy opened from the record."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from tests.gui import clerk_meeting as cm
from tests.gui.keys import wait_tasks


class _Opened(QObject):
    """The system's URL handler for file:, as Qt lets an application install one."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_pdf_is_named_after_the_meeting_in_the_documents_folder(qtbot, window):
    view = window.ws.records.create("meeting", dict(cm.last_meeting(), number=2))
    shown = []
    window.print_record(view.id, on_ready=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    target = shown[0].save_target()
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert target.parent == Path(docs)
    assert target.name == f"รายงานการประชุม{cm.COMMITTEE} ครั้งที่ 2-2568.pdf"
    wait_tasks(qtbot)
    shown[0].close()


def test_an_attached_scan_opens_from_the_record(qtbot, window, tmp_path):
    from tambon_desktop.services.ui_support import store_attachment

    scan = tmp_path / "สำเนาลงนาม ครั้งที่ 1.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned copy")
    entry = store_attachment(window.ws.folder, scan)
    view = window.ws.records.create("meeting", dict(cm.last_meeting(), attachments=[entry]))
    editor = window.open_editor("meeting", view.id)
    attachments = editor.editor.group.widgets["attachments"]
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "handle")
    try:
        attachments.open.click()  # one attachment: no need to select it first
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert len(opened.urls) == 1
    path = Path(opened.urls[0].toLocalFile())
    assert path.name == scan.name and path.read_bytes() == scan.read_bytes()
    assert path.is_relative_to(window.ws.folder)
