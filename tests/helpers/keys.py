"""Typing Thai in tests: qtbot.keyClicks aborts on any non-ASCII character (QT.md), so each
character is sent as its own key event carrying the text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    widget.setFocus()
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))


def wait_tasks(qtbot, timeout: int = 30_000) -> None:
    from tambon_desktop.ui import tasks

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=timeout)


def close_all(qtbot) -> None:
    """Close every window without prompts, after background work finished."""
    from tambon_desktop.ui.editor.window import EditorWindow

    wait_tasks(qtbot)
    for w in QApplication.topLevelWidgets():
        if isinstance(w, EditorWindow):
            w.ask_unsaved = lambda: "discard"
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            w.close()
    QApplication.processEvents()


def activate(qtbot, window) -> None:
    """Window shortcuts (Ctrl+S ...) only fire in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)


def shot(widget: QWidget, name: str) -> None:
    """Save a screenshot when TAMBON_GUI_SHOTS names a folder (to look at a view by eye)."""
    import os
    from pathlib import Path

    folder = os.environ.get("TAMBON_GUI_SHOTS")
    if folder:
        QApplication.processEvents()
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
