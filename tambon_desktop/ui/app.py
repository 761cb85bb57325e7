"""`tambon-desktop`: arguments, the QApplication, the bundled Sarabun font, the language, and
the start sequence: paint the window first, then open the workspace (or the first-run set-up).

    tambon-desktop [--data-dir DIR] [--demo] [--lang th|en] [--smoke-test PNG]

TAMBON_DATA_DIR works as for the CLI. TAMBON_EXIT_AFTER_PAINT=1 (or --exit-after-paint) prints
"painted <s>" at the first paint and "ready <s>" when the list shows, then quits (bench)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from tambon_desktop.core.console import tolerant_streams
from tambon_desktop.core.paths import ENV_DATA_DIR, data_dir, resource_path
from tambon_desktop.ui import strings

FONT_FAMILY = "Sarabun"
FONT_POINTS = 10
_FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")  # italics: not used in the UI
# Thai system fonts for what Sarabun lacks (or all text, if it failed to load): Windows 10/11
# (Leelawadee UI, Tahoma), Linux (Noto Sans Thai, TLWG's Loma and Garuda).
THAI_FALLBACK = ("Leelawadee UI", "Tahoma", "Noto Sans Thai", "Loma", "Garuda")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="tambon-desktop", description=strings.tr("app.title"))
    p.add_argument("--data-dir", help=f"data folder (default: ${ENV_DATA_DIR} or the user folder)")
    p.add_argument("--demo", action="store_true", help="set up a demo workspace if none exists")
    p.add_argument("--lang", choices=("th", "en"), default="th")
    p.add_argument("--smoke-test", metavar="PNG",
                   help="open every section, print the seed minutes, save a screenshot, exit")
    p.add_argument("--exit-after-paint", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _font_files() -> list[Path]:
    out = []
    for name in _FONT_FILES:
        try:
            out.append(resource_path("resources", "fonts", name))
        except FileNotFoundError:
            import importlib.util

            spec = importlib.util.find_spec("fontpkg_sarabun")  # fallback: the package
            if spec and spec.origin:
                found = list(Path(spec.origin).parent.rglob(name))
                out.extend(found[:1])
    return out


def install_fonts(app: QApplication) -> str:
    """Register Sarabun (after the QApplication exists: before it Qt crashes) and make it the
    application font, so Thai marks render the same on every PC; Thai system fonts after it."""
    family = ""
    for path in _font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and not family:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont()
    font.setFamilies([family, *THAI_FALLBACK] if family else list(THAI_FALLBACK))
    font.setPointSize(FONT_POINTS)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return family


def make_app(lang: str = "th") -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("tambon-desktop")
    app.setOrganizationName("tambon")
    strings.set_language(lang)
    install_fonts(app)
    from tambon_desktop.ui.translations import install_translations

    install_translations(app, lang)  # Qt's own buttons and dialogs in Thai
    return app


class _FirstPaint(QObject):
    """Calls back once, right after the window's first paint reached the screen."""

    def __init__(self, callback):
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def open_workspace(window, folder: Path, *, demo: bool) -> None:
    """After the first paint: open the store (imports SQLModel) or show the set-up page."""
    from tambon_desktop.core.errors import KnownError
    from tambon_desktop.services.ui_support import workspace_ready
    from tambon_desktop.ui.errors import show_error
    from tambon_desktop.ui.translations import use_qt_dialogs

    use_qt_dialogs()

    try:
        if workspace_ready(folder):
            from tambon_desktop.services.workspace import Workspace

            window.attach(Workspace.open(folder))
        elif demo:
            from tambon_desktop.ui.setup_page import DEMO_DISTRICT, create_workspace

            window.attach(create_workspace(folder, district=DEMO_DISTRICT,
                                           user=strings.tr("setup.demo_user"), role="clerk",
                                           demo=True))
        else:
            window.show_setup()
    except KnownError as exc:
        show_error(window, exc)
        window.show_setup()


_WARM_MEETING = {
    "committee": "คณะกรรมการหมู่บ้าน", "number": 1, "year_be": 2568, "date": "2025-01-20",
    "start_time": "09.30", "venue": "ศาลาประชาคมหมู่บ้าน",
    "attendees": [{"prefix": "นาย", "name": "อับดุลเลาะ มะแซ", "position": "ผู้ใหญ่บ้าน",
                   "role": "ประธาน"}],
    "agenda": [{"number": "1", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
                "discussion": "ประธานแจ้งการขับเคลื่อนโครงการพัฒนาหมู่บ้านให้ที่ประชุมทราบ",
                "resolution": "ที่ประชุมรับทราบ"}],
}


def warm_pdf(window) -> None:
    """Load the PDF fonts and dictionary in the background: the first print is then quick."""
    from tambon_desktop.ui.tasks import Task

    def op(_p):
        try:
            from tambon_desktop import pdf
        except ImportError:
            return None
        pdf.prepare()
        # one small page through the whole path (ReportLab, shaping, Thai line breaks): the
        # first real print no longer pays for it (23 pages: 2.2 s -> 0.7 s, bench_editor)
        pdf.render_minutes(_WARM_MEETING)
        return None

    Task(parent=window, op=op, kind="io").failure(lambda *_: None).run_in_background()


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    tolerant_streams()
    args = parse_args(argv if argv is not None else sys.argv[1:])
    bench = args.exit_after_paint or os.environ.get("TAMBON_EXIT_AFTER_PAINT") == "1"
    app = make_app(args.lang)
    if args.smoke_test:
        from tambon_desktop.ui.smoke import run_smoke

        return run_smoke(app, Path(args.smoke_test), data_dir(args.data_dir), open_workspace)
    from tambon_desktop.ui.main_window import MainWindow

    folder = data_dir(args.data_dir)
    window = MainWindow(folder)

    def painted() -> None:
        if not bench:
            open_workspace(window, folder, demo=args.demo)
            if window.ws is not None:
                warm_pdf(window)
            return
        try:
            print(f"painted {time.perf_counter() - started:.3f}", flush=True)
            open_workspace(window, folder, demo=args.demo)
            app.processEvents()
            print(f"ready {time.perf_counter() - started:.3f}", flush=True)
        finally:
            QTimer.singleShot(0, app.quit)

    watcher = _FirstPaint(painted)
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    tasks = sys.modules.get("tambon_desktop.ui.tasks")  # imported after the first paint, if used
    if tasks is not None:
        tasks.shutdown()
    if window.ws is not None:
        window.ws.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
