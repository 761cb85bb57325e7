"""Printing minutes: the PDF is rendered off the GUI thread (services.printing.minutes_pdf, the
same path as the CLI), then shown as page images, printed through the system print dialog,
saved as PDF, or opened in the system PDF viewer.

Page images come from QtPdf when it is installed (it is in pyside6-addons, not in
pyside6-essentials), else from poppler's pdftoppm when on PATH (Linux); with neither, the
dialog says so and offers "save as PDF" / "open in the PDF viewer" instead."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tasks import Progress, Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


def preview_backend() -> str | None:
    try:
        import PySide6.QtPdf  # noqa: F401
    except ImportError:
        return "pdftoppm" if shutil.which("pdftoppm") else None
    return "qtpdf"


def page_images(pdf: bytes, dpi: int = 96) -> list[QImage]:
    """Each page as an image (safe off the GUI thread: QImage, not QPixmap)."""
    backend = preview_backend()
    if backend == "qtpdf":
        from PySide6.QtCore import QBuffer, QByteArray, QSize
        from PySide6.QtPdf import QPdfDocument

        doc = QPdfDocument()
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        doc.load(buffer)
        out = []
        for i in range(doc.pageCount()):
            size = doc.pagePointSize(i) * dpi / 72
            out.append(doc.render(i, QSize(int(size.width()), int(size.height()))))
        return out
    if backend == "pdftoppm":
        with tempfile.TemporaryDirectory(prefix="tambon-preview-") as tmp:
            src = Path(tmp) / "doc.pdf"
            src.write_bytes(pdf)
            subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-png",
                            str(src), str(Path(tmp) / "page")], check=True, capture_output=True,
                           timeout=120)
            return [QImage(str(p)) for p in sorted(Path(tmp).glob("page*.png"))]
    return []


class PrintPreview(QDialog):
    def __init__(self, pdf: bytes, images: list[QImage], title: str, *, folder: Path,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf = pdf
        self.title = title
        self.folder = folder
        self.setWindowTitle(f"{tr('print.title')} — {title}")
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(tr("print.print"), self)
        self.save_button = QPushButton(tr("print.save"), self)
        self.open_button = QPushButton(tr("print.open"), self)
        for b in (self.print_button, self.save_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.pages_label = QLabel(tr("print.pages", n=len(images)) if images else "", self)
        buttons.addWidget(self.pages_label)
        layout.addLayout(buttons)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        inner = QWidget()
        pages = QVBoxLayout(inner)
        if images:
            for image in images:
                page = QLabel(inner)
                page.setPixmap(QPixmap.fromImage(image))
                page.setStyleSheet("background: white; border: 1px solid #999;")
                pages.addWidget(page)
        else:
            note = QLabel(tr("print.no_preview"), inner)
            note.setWordWrap(True)
            pages.addWidget(note)
        pages.addStretch(1)
        scroll.setWidget(inner)
        scroll.setStyleSheet("QScrollArea { background: #777; }")
        layout.addWidget(scroll, 1)
        self.print_button.setEnabled(bool(images))
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self._ask_save)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.resize(900, 740)

    def save_pdf(self, path: Path) -> Path:
        from tambon_desktop.services.printing import write_file

        write_file(Path(path), self.pdf)
        return Path(path)

    def _ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("print.save"),
                                              str(Path.home() / f"{self.title[:60]}.pdf"),
                                              "PDF (*.pdf)")
        if name:
            Task(parent=self, op=lambda _p: self.save_pdf(Path(name)), kind="io").run_in_background()

    def open_in_viewer(self) -> None:
        out = self.folder / "printouts"
        out.mkdir(parents=True, exist_ok=True)
        path = self.save_pdf(out / "minutes.pdf")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        Task(parent=self, op=lambda _p: page_images(self.pdf, dpi=200), kind="io").success(
            lambda images: paint_pages(printer, images)).with_progress(
            tr("print.rendering")).run_in_background()


def paint_pages(printer, images: list[QImage]) -> None:
    from PySide6.QtCore import Qt

    painter = QPainter(printer)
    try:
        for n, image in enumerate(images):
            if n:
                printer.newPage()
            scaled = image.scaled(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
            painter.drawImage(0, 0, scaled)
    finally:
        painter.end()


def print_record(*, parent: QWidget, ws: Workspace, record_id: str,
                 on_ready: Callable[[PrintPreview], None] | None = None) -> Task:
    """Render the minutes in the background, then open the preview."""
    from tambon_desktop.services.printing import minutes_pdf

    def op(progress: Progress):
        pdf = minutes_pdf(ws, record_id)
        progress.check()
        return pdf, page_images(pdf), ws.records.get(record_id).title

    def ready(result) -> None:
        pdf, images, title = result
        dialog = PrintPreview(pdf, images, title, folder=ws.folder, parent=parent)
        dialog.show()
        if on_ready:
            on_ready(dialog)

    return Task(parent=parent, op=op, kind="io").with_progress(tr("print.rendering")).success(
        ready).run_in_background()
