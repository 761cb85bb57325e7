"""Windows open inside the screen the clerk has (1366×768 less the Windows taskbar on most
office PCs) and come back at the size, place and maximised state they were left in, remembered
per kind of window in the data folder (window.ini), not in the Windows registry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SETTINGS_FILE = "window.ini"
# Room for the title bar and borders the window manager adds around the client area.
FRAME = QSize(16, 40)


def _settings(folder: Path) -> QSettings:
    return QSettings(str(Path(folder) / SETTINGS_FILE), QSettings.Format.IniFormat)


def available() -> QRect:
    """The primary screen less taskbars and docks."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width × height, or less where the screen is smaller."""
    room = available()
    window.resize(min(width, room.width() - FRAME.width()),
                  min(height, room.height() - FRAME.height()))


def place(window: QWidget, folder: Path | None, key: str, width: int, height: int) -> None:
    """Restore the window's last geometry (size, place, maximised), fitted to this screen;
    the first time, width × height fitted to it."""
    state = _settings(folder).value(f"{key}/geometry") if folder is not None else None
    if state is None or not window.restoreGeometry(state):
        fit_to_screen(window, width, height)
        return
    if not window.isMaximized():
        room = available()
        if window.width() > room.width() - FRAME.width() or \
                window.height() > room.height() - FRAME.height():
            fit_to_screen(window, window.width(), window.height())  # a smaller screen now
        _keep_on_screen(window, room)


def remember(window: QWidget, folder: Path | None, key: str) -> None:
    if folder is None:
        return
    settings = _settings(folder)
    settings.setValue(f"{key}/geometry", window.saveGeometry())
    settings.sync()


def _keep_on_screen(window: QWidget, room: QRect) -> None:
    x = min(max(window.x(), room.left()), room.right() - window.width() - FRAME.width() + 1)
    y = min(max(window.y(), room.top()), room.bottom() - window.height() - FRAME.height() + 1)
    window.move(max(x, room.left()), max(y, room.top()))
