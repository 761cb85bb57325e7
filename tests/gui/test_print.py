"""Print preview and printing through PDFium (pypdfium2): the seed minutes render as page
images with text on them, and printing to a PDF-file QPrinter writes every page."""

from __future__ import annotations

from PySide6.QtGui import QImage

from tests.helpers.keys import shot, wait_tasks


def _seed_pdf(workspace, seed_meeting) -> tuple[str, bytes]:
    from tambon_desktop.services.printing import minutes_pdf

    record = workspace.records.create("meeting", seed_meeting["data"])
    return record.id, minutes_pdf(workspace, record.id)


def _dark_rows(image: QImage, x0: int, x1: int, y0: int, y1: int) -> int:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = 0
    for y in range(y0, y1):
        if any(gray.pixelColor(x, y).value() < 100 for x in range(x0, x1, 2)):
            rows += 1
    return rows


def test_seed_minutes_render_through_pdfium(workspace, seed_meeting):
    from tambon_desktop.ui.print_preview import iter_pages, page_images, page_points

    _rid, pdf = _seed_pdf(workspace, seed_meeting)
    images = page_images(pdf, dpi=96)
    assert len(images) == 3
    first = images[0]
    assert (first.width(), first.height()) == (794, 1123)  # A4 at 96 dpi
    assert page_points(first).width() in (595, 596) and page_points(first).height() in (841, 842)
    w, h = first.width(), first.height()
    # the heading and body are dark text on white; the left margin is blank paper
    assert _dark_rows(first, w // 5, w * 4 // 5, 0, h // 5) > 10
    assert _dark_rows(first, 0, w // 20, 0, h) == 0
    assert first.pixelColor(2, 2).name() == "#ffffff"
    # rendering page by page at print resolution gives the same page count, at 300 dpi
    seen = [(i, n, img.width()) for i, n, img in iter_pages(pdf, dpi=300)]
    assert [(i, n) for i, n, _w in seen] == [(0, 3), (1, 3), (2, 3)]
    assert all(2470 <= width <= 2485 for _i, _n, width in seen)


def test_print_to_pdf_file_writes_every_page(qtbot, workspace, seed_meeting, tmp_path):
    import pypdfium2
    from PySide6.QtPrintSupport import QPrinter

    from tambon_desktop.ui.print_preview import PrintPreview, page_images

    _rid, pdf = _seed_pdf(workspace, seed_meeting)
    preview = PrintPreview(pdf, page_images(pdf), "ประชุม", folder=workspace.folder)
    qtbot.addWidget(preview)
    preview.show()
    assert preview.pages_label.text() == "3 หน้า" and len(preview.page_labels) == 3
    shot(preview, "print-preview")
    printer = preview.new_printer()
    assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().PageSizeId.A4
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    done: list[int] = []
    preview.print_to(printer, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    wait_tasks(qtbot)
    assert done == [3] and preview.print_button.isEnabled()
    assert out.read_bytes().startswith(b"%PDF")
    printed = pypdfium2.PdfDocument(str(out))
    try:
        assert len(printed) == 3
        width, height = printed[0].get_size()
        assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4, not Letter
        page = printed[0].render(scale=96 / 72).to_pil().convert("L")
        assert page.getextrema()[0] < 100  # the printed page has the dark text on it
    finally:
        printed.close()
