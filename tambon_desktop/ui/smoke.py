"""`tambon-desktop --smoke-test PNG`: start on the given data folder (an empty one gets a demo
workspace holding the seed meeting), open every section, open the seed minutes, save them as
a temporary PDF and print them to a PDF-file printer through the same paths as the buttons,
open the conflict inbox, save screenshots, and exit 0 — non-zero on any error dialog or any
Qt warning."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

# The offscreen platform warns about this on every shown window (QT.md); nothing is wrong.
IGNORED = ("propagateSizeHints",)


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


def run_smoke(app: QApplication, png: Path, folder: Path, open_workspace: Callable) -> int:
    """`open_workspace`: ui.app's, handed in (ui.app imports this module)."""
    from tambon_desktop.services.ui_support import workspace_ready
    from tambon_desktop.ui import errors, tasks
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow

    problems: list[str] = []

    def on_message(kind, _context, message) -> None:
        sys.stderr.write(f"qt: {message}\n")
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg and not any(
                x in message for x in IGNORED):
            problems.append(f"Qt warning: {message}")

    qInstallMessageHandler(on_message)
    errors.error_hooks.append(lambda exc, tb: problems.append(f"error: {exc}\n{tb}"))
    window = None
    try:
        window = MainWindow(folder)
        window.show()
        open_workspace(window, folder, demo=not workspace_ready(folder))
        app.processEvents()
        if window.ws is None:
            raise RuntimeError("the workspace did not open")
        for row in range(len(SECTIONS)):
            window.nav.setCurrentRow(row)
            app.processEvents()
        window.nav.setCurrentRow(0)
        page = window.pages["meeting"]
        page.search.setText("ตำบลมั่นคง")
        page.apply_filter()
        if page.model.rowCount() == 0:
            raise RuntimeError("the seed meeting is not in the list")
        record_id = page.model.record_id(0)
        app.processEvents()
        window.grab().save(str(png))
        editor = window.open_editor("meeting", record_id)
        wait_until(app, lambda: editor.isVisible(), 5)
        editor.grab().save(str(png.with_name(png.stem + "-editor.png")))
        ready: list = []
        window.print_record(record_id, parent=window, on_ready=ready.append)
        if not wait_until(app, lambda: bool(ready) or bool(problems), 120) or not ready:
            raise RuntimeError("printing did not finish")
        preview = ready[0]
        if not preview.images:
            raise RuntimeError("the preview shows no pages")
        with tempfile.TemporaryDirectory(prefix="tambon-smoke-") as tmp:
            pdf = preview.save_pdf(Path(tmp) / "minutes.pdf")
            if not pdf.read_bytes().startswith(b"%PDF"):
                raise RuntimeError("the saved file is not a PDF")
            # print through a PDF-file printer: the page-by-page path of the print button
            from PySide6.QtPrintSupport import QPrinter

            printer = preview.new_printer()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printed_path = Path(tmp) / "printed.pdf"
            printer.setOutputFileName(str(printed_path))
            printed: list[int] = []
            preview.print_to(printer, on_done=printed.append)
            if not wait_until(app, lambda: bool(printed) or bool(problems), 120) or not printed:
                raise RuntimeError("printing did not finish")
            if printed[0] != len(preview.images) or not printed_path.read_bytes().startswith(
                    b"%PDF"):
                raise RuntimeError(f"printed {printed[0]} of {len(preview.images)} pages")
        app.processEvents()
        preview.grab().save(str(png.with_name(png.stem + "-preview.png")))
        preview.close()
        editor.close()
        inbox = window.open_conflicts()
        if inbox is not None:
            wait_until(app, lambda: tasks.pending() == 0, 30)
            inbox.close()
        wait_until(app, lambda: tasks.pending() == 0, 30)
    except Exception as exc:  # the smoke test reports everything and fails
        import traceback

        problems.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    finally:
        if window is not None:
            window.close()
            if window.ws is not None:
                window.ws.close()
        tasks.shutdown()
        qInstallMessageHandler(None)
    for problem in problems:
        sys.stderr.write(problem + "\n")
    print(f"smoke test {'FAILED' if problems else 'passed'}: {png}")
    return 1 if problems else 0
