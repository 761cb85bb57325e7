"""Build the one-folder desktop app: `uv run python build/build.py` → dist/tambon-desktop/.

Prints the build time and the unpacked size. `--smoke` then runs the frozen smoke test."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
APP = DIST / "tambon-desktop"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(*, spec: str = "tambon-desktop.spec", quiet: bool = True) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
           "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "work"),
           str(ROOT / "build" / spec)]
    if quiet:
        cmd[3:3] = ["--log-level", "WARN"]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="run the frozen smoke test after")
    args = parser.parse_args()
    if APP.exists():
        shutil.rmtree(APP)
    seconds = build()
    exe = APP / ("tambon-desktop.exe" if sys.platform == "win32" else "tambon-desktop")
    print(f"built {exe} in {seconds:.1f} s; {folder_size(APP) / 2**20:.0f} MiB unpacked")
    if args.smoke:
        from smoke import run_smoke  # build/smoke.py

        return run_smoke(exe)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
