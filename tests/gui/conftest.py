"""GUI tests run offscreen at scale 1 (set before any QApplication exists, QT.md)."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_SCALE_FACTOR"] = "1"

import pytest  # noqa: E402

from tests.gui.keys import close_all  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _sarabun(qapp):
    from tambon_desktop.ui import strings
    from tambon_desktop.ui.app import install_fonts

    strings.set_language("th")
    assert install_fonts(qapp) == "Sarabun"
    yield


@pytest.fixture
def window(qtbot, workspace):
    """The main window over a fresh workspace (district 9501, a clerk)."""
    from tambon_desktop.ui.main_window import MainWindow

    win = MainWindow(workspace.folder)
    win.attach(workspace)
    win.show()
    yield win
    close_all(qtbot)
