"""Qt's own strings in Thai. Qt ships no Thai translation, so the buttons of message boxes
(Yes/No/OK/Show Details…), the file and print dialogs and the text fields' context menus
(Undo/Copy/Paste…) would be English: resources/i18n/qtbase_th.ts holds them in Thai, compiled
to qtbase_th.qm, loaded at start. On Linux the app uses Qt's own file dialog (the one
translated here) rather than a desktop's; on Windows the system's dialogs speak Thai already."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTranslator

from tambon_desktop.core.paths import resource_path

QM_FILE = ("resources", "i18n", "qtbase_th.qm")
_installed: list[QTranslator] = []  # kept alive: Qt does not own a translator


def use_qt_dialogs() -> None:
    """On Linux, Qt's own (translated) file dialog rather than a desktop's. Called after the
    first paint: the `Qt` enums cost ~20 ms to build on first use (main_window)."""
    if sys.platform.startswith("linux"):
        from PySide6.QtCore import Qt

        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def install_translations(app: QCoreApplication, lang: str) -> bool:
    """Load the Thai Qt strings (lang "th"); True when they are in use."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang != "th":
        return False
    translator = QTranslator(app)
    if not translator.load(str(resource_path(*QM_FILE))):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
