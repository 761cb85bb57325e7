"""The installed wheel finds its forms, fonts, agenda templates, word lists and samples through
the same resource_path() as source and the frozen app (the frozen app: test_frozen_app.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WANTED = [("forms", "meeting.yaml"), ("forms", "project.yaml"), ("forms", "progress_report.yaml"),
          ("forms", "amendment.yaml"), ("resources", "fonts", "Sarabun-Regular.ttf"),
          ("resources", "fonts", "Sarabun-Bold.ttf"), ("resources", "fonts", "OFL.txt"),
          ("resources", "agenda", "sbpac_mct02.yaml"), ("resources", "words", "abbreviations.txt"),
          ("resources", "words", "compounds.txt"), ("resources", "samples", "seed-meeting.json")]

CHECK = """
import json, sys
from tambon_desktop.core import paths
print(json.dumps({"module": paths.__file__,
                  "found": [str(paths.resource_path(*p)) for p in json.loads(sys.argv[1])]}))
"""


@pytest.mark.slow
def test_installed_wheel_finds_its_resources(tmp_path):
    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "uv is needed to build the wheel (tests run under `uv run`)"
    built = subprocess.run([uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("tambon_desktop-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True,
                   timeout=300)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([uv, "pip", "install", "--quiet", "--no-deps", "--python", str(python),
                    str(wheel)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run([str(python), "-I", "-c", CHECK, json.dumps(WANTED)], cwd=tmp_path,
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    site = Path(got["module"]).resolve().parents[2]
    assert REPO not in Path(got["module"]).resolve().parents  # the wheel, not this checkout
    for parts, found in zip(WANTED, got["found"], strict=True):
        path = Path(found).resolve()
        assert site in path.parents and path.is_file(), (parts, found)
        assert path.read_bytes() == REPO.joinpath(*parts).read_bytes()
