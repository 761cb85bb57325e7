"""Printing minutes: the PDF is rendered off the GUI thread (services.printing.minutes_pdf, the
same path as the CLI), then shown as page images, printed through the system print dialog,
saved as PDF, or opened in the system PDF viewer.

Pages are rasterised by PDFium (pypdfium2, a dependency with wheels for every OS), straight
from its bitmap buffer into a QImage (no Pillow). PDFium is not thread-safe, so every call into
it holds one process-wide lock. Printing renders page by page at printer resolution (capped at
PRINT_DPI) while painting, so memory stays at one page whatever the length of the minutes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter, QPixmap
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
from tambon_desktop.ui.tasks import Cancelled, Progress, Task

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from tambon_desktop.services.workspace import Workspace

PREVIEW_DPI = 96
FIRST_PAGES = 2  # the preview opens with these; the rest follow REST_STEP at a time
REST_STEP = 4
PRINT_DPI = 300  # enough for text on paper; 1200 dpi A4 would be 550 MB a page
_PDFIUM = threading.Lock()
_INCH_M = 0.0254


def iter_pages(pdf: bytes, dpi: int = PREVIEW_DPI, start: int = 0,
               stop: int | None = None) -> Iterator[tuple[int, int, QImage]]:
    """(index, page count, image) for each page from `start` (to `stop`), rendered one at a
    time (safe off the GUI thread: QImage, not QPixmap). Each image carries its dpi."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        count = len(doc)
    try:
        for index in range(start, count if stop is None else min(stop, count)):
            with _PDFIUM:
                page = doc[index]
                try:
                    bitmap = page.render(scale=dpi / 72,
                                         force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
                                         rev_byteorder=True)  # bytes R,G,B,x on every CPU
                    image = QImage(memoryview(bitmap.buffer).cast("B"), bitmap.width,
                                   bitmap.height, bitmap.stride,
                                   QImage.Format.Format_RGBX8888).copy()
                    bitmap.close()
                finally:
                    page.close()
            dots = round(dpi / _INCH_M)
            image.setDotsPerMeterX(dots)
            image.setDotsPerMeterY(dots)
            yield index, count, image
    finally:
        with _PDFIUM:
            doc.close()


def page_images(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[QImage]:
    """Every page as an image (for the preview: at 96 dpi an A4 page is about 3.5 MB)."""
    with closing(iter_pages(pdf, dpi)) as pages:
        return [image for _i, _n, image in pages]


def page_points(image: QImage) -> QSize:
    """A rendered page's size in PDF points (1/72 in), from the dpi it carries."""
    dpi_x = image.dotsPerMeterX() * _INCH_M or PREVIEW_DPI
    dpi_y = image.dotsPerMeterY() * _INCH_M or PREVIEW_DPI
    return QSize(round(image.width() * 72 / dpi_x), round(image.height() * 72 / dpi_y))


class PrintPreview(QDialog):
    """The pages as images. Opened with the first pages when the rest are still being rendered
    (`pages` the whole count): they follow in the background, in order, a few at a time."""

    def __init__(self, pdf: bytes, images: list[QImage], title: str, *, folder: Path,
                 parent: QWidget | None = None, pages: int | None = None,
                 file_name: str | None = None):
        super().__init__(parent)
        from tambon_desktop.services.filenames import clean_name

        self.file_name = file_name or clean_name(title) + ".pdf"
        self.pdf = pdf
        self.images = images
        self.title = title
        self.folder = folder
        self.print_task: Task | None = None
        self.setWindowTitle(f"{tr('print.title')} — {title}")
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(tr("print.print"), self)
        self.save_button = QPushButton(tr("print.save"), self)
        self.open_button = QPushButton(tr("print.open"), self)
        for b in (self.print_button, self.save_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        total = max(pages or 0, len(images))
        self.pages_label = QLabel(tr("print.pages", n=total), self)
        buttons.addWidget(self.pages_label)
        layout.addLayout(buttons)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        inner = QWidget()
        pages = QVBoxLayout(inner)
        pages.setSpacing(16)
        self.page_labels: list[QLabel] = []
        for n in range(total):
            page = QLabel(inner)
            page.setStyleSheet("background: white; border: 1px solid #999; color: #777;")
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if n < len(images):
                page.setPixmap(QPixmap.fromImage(images[n]))
            else:  # the size of a page, until it is rendered
                page.setFixedSize(images[0].size() if images else QSize(794, 1123))
                page.setText(tr("print.rendering"))
            pages.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(page)
        pages.addStretch(1)
        self.rest_task: Task | None = None
        if len(images) < total:
            self._render_rest()
        scroll.setWidget(inner)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: #777; }")
        layout.addWidget(scroll, 1)
        self.print_button.setEnabled(bool(images))
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self._ask_save)
        self.open_button.clicked.connect(self.open_in_viewer)
        from tambon_desktop.ui.geometry import fit_to_screen

        fit_to_screen(self, 900, 740)

    def complete(self) -> bool:
        return len(self.images) >= len(self.page_labels)

    def _render_rest(self) -> None:
        start = len(self.images)
        stop = min(start + REST_STEP, len(self.page_labels))

        def op(progress: Progress) -> list[QImage]:
            with closing(iter_pages(self.pdf, PREVIEW_DPI, start, stop)) as pages:
                return [image for _i, _n, image in pages]

        def done(images: list[QImage]) -> None:
            from shiboken6 import isValid

            if not isValid(self):  # closed with its window meanwhile
                return
            for image in images:
                label = self.page_labels[len(self.images)]
                label.setMinimumSize(0, 0)
                label.setMaximumSize(16777215, 16777215)
                label.setPixmap(QPixmap.fromImage(image))
                self.images.append(image)
            if not self.complete() and self.isVisible():
                self._render_rest()

        self.rest_task = Task(parent=self, op=op, kind="io").success(done).run_in_background()

    def save_pdf(self, path: Path) -> Path:
        from tambon_desktop.core.files import write_atomic

        write_atomic(Path(path), self.pdf)
        return Path(path)

    def save_target(self) -> Path:
        """Where the save dialog starts: the user's documents folder, the record's file name."""
        from PySide6.QtCore import QStandardPaths

        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs or Path.home()) / self.file_name

    def _ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("print.save"), str(self.save_target()),
                                              "PDF (*.pdf)")
        if name:
            Task(parent=self, op=lambda _p: self.save_pdf(Path(name)), kind="io").run_in_background()

    def open_in_viewer(self) -> None:
        out = self.folder / "printouts"
        out.mkdir(parents=True, exist_ok=True)
        path = self.save_pdf(out / self.file_name)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def new_printer(self) -> QPrinter:
        """A printer set up for these pages: paper size of the PDF (A4), its own margins."""
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFullPage(True)
        if self.images:
            printer.setPageSize(QPageSize(page_points(self.images[0])))  # fuzzy: A4 is A4
        return printer

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        printer = self.new_printer()
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter, on_done: Callable[[int], None] | None = None) -> Task:
        """Print in the background, page by page at printer resolution."""
        self.print_button.setEnabled(False)

        def done(pages: int) -> None:
            self.print_button.setEnabled(True)
            if on_done:
                on_done(pages)

        def failed(exc: BaseException, tb: str) -> None:
            from tambon_desktop.ui.errors import show_error

            self.print_button.setEnabled(True)
            show_error(self, exc, tb)

        self.print_task = Task(parent=self, op=lambda p: print_pdf(printer, self.pdf, progress=p),
                               kind="io").with_progress(tr("print.printing")).success(
            done).failure(failed).run_in_background()
        return self.print_task


def _fit(image: QSize, box: QSize) -> QRectF:
    """The image scaled to fit `box` (aspect kept), centred."""
    scale = min(box.width() / image.width(), box.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF((box.width() - w) / 2, (box.height() - h) / 2, w, h)


def print_pdf(printer: QPrinter, pdf: bytes, *, dpi: int = PRINT_DPI,
              progress: Progress | None = None) -> int:
    """Paint each page of `pdf` onto `printer`, rendering one page at a time (QPainter on a
    QPrinter works in a worker thread). Returns the number of pages printed."""
    from tambon_desktop.core.errors import KnownError

    printer.setFullPage(True)  # the PDF carries its own margins
    dpi = max(72, min(dpi, printer.resolution()))
    painter = QPainter()
    if not painter.begin(printer):
        raise KnownError("เริ่มพิมพ์ไม่ได้ กรุณาตรวจสอบเครื่องพิมพ์", "could not start printing")
    printed = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        with closing(iter_pages(pdf, dpi)) as pages:
            for index, count, image in pages:
                if progress is not None:
                    progress.update(index, count, tr("print.page", n=index + 1, of=count))
                if index:
                    printer.newPage()
                paper = printer.pageLayout().fullRectPixels(printer.resolution())
                painter.drawImage(_fit(image.size(), paper.size()), image)
                printed += 1
    except Cancelled:
        printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
    return printed


def preview_rendered(*, parent: QWidget, ws: Workspace, render: Callable[..., tuple],
                     on_ready: Callable[[PrintPreview], None] | None = None,
                     with_progress: bool = False) -> Task:
    """Run `render` (-> PDF bytes, title) and the page images in the background, then open the
    preview; errors come back as the usual Thai message box."""

    def op(progress: Progress):
        # (pdf, title[, file name]); a long render takes the progress (report, cancel)
        pdf, title, *name = render(progress) if with_progress else render()
        progress.check()
        with closing(iter_pages(pdf, PREVIEW_DPI, 0, FIRST_PAGES)) as pages:
            shown = list(pages)
        count = shown[0][1] if shown else 0
        return pdf, [image for _i, _n, image in shown], count, title, (name or [None])[0]

    def ready(result) -> None:
        pdf, images, count, title, name = result
        dialog = PrintPreview(pdf, images, title, folder=ws.folder, parent=parent, pages=count,
                              file_name=name)
        dialog.show()
        if on_ready:
            on_ready(dialog)

    return Task(parent=parent, op=op, kind="io").with_progress(tr("print.rendering")).success(
        ready).run_in_background()


def print_record(*, parent: QWidget, ws: Workspace, record_id: str,
                 on_ready: Callable[[PrintPreview], None] | None = None) -> Task:
    """Render the minutes (or a project's sheet) in the background, then open the preview."""
    from tambon_desktop.services.filenames import pdf_name
    from tambon_desktop.services.printing import minutes_pdf

    def render() -> tuple[bytes, str, str]:
        view = ws.records.get(record_id)
        if view.form_id == "project":  # a project sheet
            from tambon_desktop.services.sheets import project_pdf

            pdf = project_pdf(ws, record_id)
        else:
            pdf = minutes_pdf(ws, record_id)
        return pdf, view.title, pdf_name(view.form_id, view.data, view.title)

    return preview_rendered(parent=parent, ws=ws, on_ready=on_ready, render=render)
