"""The layer rule, checked by machine so it cannot rot: only ui/ imports Qt, only store/ and
server/ import SQLModel/SQLAlchemy, pdf/ gets plain data, the desktop never imports the server."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe, "--no-cache"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


BLOCK = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in {blocked!r}:
            raise ImportError('blocked for this test: ' + name)
sys.meta_path.insert(0, Block())
"""


def _run_blocked(blocked: set[str], code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK.format(blocked=blocked) + code],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def test_core_services_and_cli_work_without_qt():
    result = _run_blocked({"PySide6", "shiboken6"}, (
        "import tempfile\n"
        "from tambon_desktop.services.workspace import Workspace\n"
        "from tambon_desktop import cli\n"
        "ws = Workspace.init(tempfile.mkdtemp(), district='9501', user='x')\n"
        "ws.load_samples()\n"
        "cli.build_parser()\n"
        "print('ok')\n"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_pdf_renders_without_a_database_layer():
    result = _run_blocked({"sqlmodel", "sqlalchemy", "PySide6"}, (
        "import json\n"
        "from tambon_desktop import pdf\n"
        "data = json.load(open('resources/samples/seed-meeting.json'))['data']\n"
        "assert pdf.render_minutes(data).startswith(b'%PDF')\n"
        "print('ok')\n"))
    assert result.returncode == 0, result.stderr
