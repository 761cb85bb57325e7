"""`tambon-desktop --smoke-test PNG`: start on the given data folder (an empty one gets a demo
workspace holding the seed meeting), open every section, open the seed minutes, print them to
a temporary PDF through the same print path as the button, save screenshots, and exit 0 —
non-zero on any error dialog or any Qt warning."""

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


def run_smoke(app: QApplication, png: Path, folder: Path) -> int:
    from tambon_desktop.services.ui_support import workspace_ready
    from tambon_desktop.ui import errors, tasks
    from tambon_desktop.ui.app import open_workspace
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
        with tempfile.TemporaryDirectory(prefix="tambon-smoke-") as tmp:
            pdf = preview.save_pdf(Path(tmp) / "minutes.pdf")
            if not pdf.read_bytes().startswith(b"%PDF"):
                raise RuntimeError("the printed file is not a PDF")
        app.processEvents()
        preview.grab().save(str(png.with_name(png.stem + "-preview.png")))
        preview.close()
        editor.close()
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
