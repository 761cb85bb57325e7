"""Printing many minutes at once: the selected meetings rendered one after another off the GUI
thread (ui.tasks: progress "ฉบับที่ 3 จาก 12", cancel), joined into one PDF, shown in the print
preview, from which they print, or save as one file, in one go."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from tambon_desktop.ui.strings import tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.print_preview import PrintPreview
    from tambon_desktop.ui.tasks import Progress, Task


def join_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of every page of `parts`, in order (PDFium, under the preview's lock)."""
    import pypdfium2 as pdfium

    from tambon_desktop.ui.print_preview import _PDFIUM

    with _PDFIUM:
        joined = pdfium.PdfDocument.new()
        try:
            for part in parts:
                source = pdfium.PdfDocument(part)
                try:
                    joined.import_pages(source)
                finally:
                    source.close()
            out = io.BytesIO()
            joined.save(out)
        finally:
            joined.close()
    return out.getvalue()


def print_many(*, parent: QWidget, ws: Workspace, record_ids: list[str],
               on_ready: Callable[[PrintPreview], None] | None = None) -> Task:
    """Render the minutes of `record_ids` into one PDF, with progress and cancel, then preview."""
    from tambon_desktop.services.filenames import clean_name
    from tambon_desktop.services.printing import minutes_pdf
    from tambon_desktop.ui.print_preview import preview_rendered

    ids = list(record_ids)

    def render(progress: Progress) -> tuple[bytes, str, str]:
        parts = []
        for n, rid in enumerate(ids):
            progress.update(n, len(ids), tr("print.batch_item", n=n + 1, of=len(ids)))
            parts.append(minutes_pdf(ws, rid))
        progress.update(len(ids), len(ids), tr("print.batch_join"))
        title = tr("print.batch_title", n=len(ids))
        return join_pdfs(parts), title, clean_name(title) + ".pdf"

    return preview_rendered(parent=parent, ws=ws, render=render, on_ready=on_ready,
                            with_progress=True)
