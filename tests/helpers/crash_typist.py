"""Run by test_drafts: the real app on a data folder, a new meeting typed into, then it waits
to be killed (SIGKILL: no clean-up runs, as in a crash or a power cut)."""

from __future__ import annotations

import os
import sys
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"


def main(folder: str, text: str) -> None:
    from PySide6.QtWidgets import QApplication

    from tambon_desktop.ui.app import make_app, open_workspace
    from tambon_desktop.ui.main_window import MainWindow
    from tests.helpers.keys import type_text

    make_app()
    window = MainWindow(folder)
    window.show()
    open_workspace(window, folder, demo=False)
    editor = window.open_editor("meeting")
    type_text(editor.editor.input_for("committee"), text)
    drafts = editor.drafts.folder
    end = time.monotonic() + 20
    while time.monotonic() < end and not list(drafts.glob("*.json")):
        QApplication.processEvents()
        time.sleep(0.02)
    print("typed", flush=True)
    while True:
        QApplication.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
