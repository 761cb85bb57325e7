"""Errors as Anki and calibre show them: a KnownError's Thai message a clerk can act on, the
technical detail behind "Show Details"; anything else is our bug, shown with a copyable
traceback. Dialogs open window-modal without blocking (tests and the smoke test go on)."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tambon_desktop.core.errors import KnownError
from tambon_desktop.ui.strings import language, tr

# Observers of every error shown (the smoke test fails on any).
error_hooks: list[Callable[[BaseException, str], None]] = []


def show_error(parent: QWidget | None, exc: BaseException, tb: str = "") -> QMessageBox:
    tb = tb or "".join(traceback.format_exception(exc))
    for hook in list(error_hooks):
        hook(exc, tb)
    if parent is None:  # an orphan box may open behind the window, or nowhere: never one
        parent = QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setWindowTitle(tr("error.title"))
    if isinstance(exc, KnownError):
        box.setIcon(QMessageBox.Icon.Warning)
        if language() == "en":
            box.setText(exc.message_en)
            box.setDetailedText("\n".join(x for x in (exc.message_en, exc.detail) if x))
        else:  # the Thai message says it all (field paths as the form's Thai labels)
            box.setText(exc.message_th)
            if exc.detail:  # e.g. a server's or a library's own words, for the administrator
                box.setDetailedText(f"{tr('error.detail')}\n{exc.detail}")
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(tr("error.bug"))
        if language() == "en":
            box.setInformativeText(f"{type(exc).__name__}: {exc}")
        box.setDetailedText(f"{tr('error.detail')}\n{tb}")  # behind แสดงรายละเอียด, to copy
        copy = box.addButton(tr("error.copy"), QMessageBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(tb))
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)  # with "copy details" beside it Qt finds none: Esc and ✕ did nothing
    box.open()
    return box
