"""The shipped thing works: build the one-folder app with PyInstaller and run its smoke test
(demo workspace from an empty folder, every section, the seed minutes printed, a screenshot,
quit by itself, nothing unexpected on stderr), with only allow-listed shared libraries."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"tambon_{name}", REPO / "build" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the Windows build is checked by hand")
def test_frozen_app_builds_and_passes_its_smoke_test():
    build = _load("build")
    if build.APP.exists():
        import shutil

        shutil.rmtree(build.APP)
    build.build()
    exe = build.APP / "tambon-desktop"
    assert exe.exists()
    listing = subprocess.run([str(Path(sys.executable).parent / "pyi-archive_viewer"), "--list",
                              "--recursive", str(exe)], capture_output=True, text=True,
                             timeout=120).stdout
    assert "'tambon_desktop.ui.app'" in listing and "'tambon_desktop.pdf.minutes'" in listing
    for left_out in ("tambon_desktop.server", "fastapi", "uvicorn", "alembic", "psycopg"):
        assert f"'{left_out}" not in listing, left_out  # the server never ships to a PC
    internal = build.APP / "_internal"
    assert (internal / "resources" / "fonts" / "Sarabun-Regular.ttf").exists()
    assert (internal / "forms" / "meeting.yaml").exists()
    assert list(internal.glob("_rl_accel*")), "ReportLab's C accelerator left out"
    libs = _load("bundle_libs")
    # Only the allow-listed libraries, whatever the build host has (GTK on a desktop Debian).
    assert libs.unexpected(build.APP, libs.LINUX) == []
    assert "libQt6Core.so.6" in libs.shared_libraries(build.APP)
    assert not any("gtk" in name for name in libs.shared_libraries(build.APP))
    assert _load("smoke").run_smoke(exe) == 0
