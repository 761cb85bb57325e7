"""GUI tests run offscreen at scale 1 on a 1366×768 screen (set before any QApplication exists,
QT.md)."""

from __future__ import annotations

import itertools
import os

# One 1366×768 screen: the usual office PC (Qt's offscreen default is 800×600).
_SCREEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offscreen-1366x768.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["QT_SCALE_FACTOR"] = "1"

import pytest  # noqa: E402

from tests.helpers.keys import close_all  # noqa: E402

_pc_names = itertools.count()
DISTRICTS = ("9501", "9502", "9503", "9504", "9505", "9506")  # Yala: each has tambon <code>01


@pytest.fixture(autouse=True, scope="session")
def _sarabun(qapp):
    from tambon_desktop.ui import strings
    from tambon_desktop.ui.app import install_fonts
    from tambon_desktop.ui.signals import guard_none
    from tambon_desktop.ui.translations import install_translations, use_qt_dialogs

    guard_none()  # a whole suite of typing: more slot calls than a clerk's day

    strings.set_language("th")
    assert install_fonts(qapp) == "Sarabun"
    assert install_translations(qapp, "th")  # as the app does at start
    use_qt_dialogs()  # and after its first paint
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


@pytest.fixture(scope="session")
def sync_server(tmp_path_factory):
    """A real tambon-server on loopback (tests/helpers/sync_harness), shared by the GUI tests
    that need a conflict or an enrolled PC (about 3 s to start)."""
    from tests.helpers.sync_harness import ServerProc

    proc = ServerProc(tmp_path_factory.mktemp("gui-server")).start()
    yield proc
    proc.stop()


@pytest.fixture
def enrolled_pcs(sync_server, enrol):
    """Two PCs of one district, each signed in to the server with its own user. Each test
    gets a district of its own (pc.district): the server is shared by the whole session."""
    k = next(_pc_names)
    district = DISTRICTS[k % len(DISTRICTS)]
    return [enrol(sync_server, name, district=district) for name in (f"gui_a{k}", f"gui_b{k}")]


@pytest.fixture
def province(tmp_path):
    """A Yala province officer's PC holding two projects of each district of its province
    (tests/helpers/province_data), for the overview page's tests."""
    from tambon_desktop.core import geo
    from tambon_desktop.services.workspace import Workspace
    from tests.helpers.province_data import TODAY, fill

    ws = Workspace.init(tmp_path / "ws", district="9501", user="เจ้าหน้าที่จังหวัด",
                        role="province_officer")
    gen = fill(ws, list(geo.districts("95")), projects_each=2, today=TODAY)
    yield ws, gen
    ws.close()
