"""A long day of typing must not crash the app: PySide6 6.12.0 drops a reference to None per
slot call (ui.signals.guard_none). Run in a subprocess: without the guard it dies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TYPING = """
import sys
from PySide6.QtWidgets import QApplication, QLineEdit
from tambon_desktop.ui.signals import guard_none
app = QApplication([])
if sys.argv[1] == "guard":
    guard_none()
edit = QLineEdit()
edit.textChanged.connect(lambda text: None)
for n in range(30_000):  # a clerk's day of keystrokes, each one slot call
    edit.setText(str(n))
print("done", flush=True)
"""


def _run(mode: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run([sys.executable, "-c", TYPING, mode], capture_output=True, text=True,
                          env=env, timeout=120)


def test_thirty_thousand_keystrokes_do_not_crash_the_app():
    guarded = _run("guard")
    assert guarded.returncode == 0 and "done" in guarded.stdout, guarded.stderr[-500:]
    if sys.version_info < (3, 12):  # the guard is needed where None is mortal
        bare = _run("bare")
        assert bare.returncode != 0 or "none_dealloc" in bare.stderr
