"""Smoke test of the frozen app (qutebrowser's release check): start it on an empty temporary
data folder, let it set up the demo workspace, open every section, print the seed minutes,
save a screenshot and quit by itself. Fails on a non-zero exit or unexpected stderr."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Lines the platform may print that say nothing about the app.
EXPECTED_STDERR = ("propagateSizeHints",)


def run_smoke(exe: Path, *, timeout: int = 180) -> int:
    with tempfile.TemporaryDirectory(prefix="tambon-smoke-") as tmp:
        data, png = Path(tmp) / "data", Path(tmp) / "window.png"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   QT_SCALE_FACTOR="1")
        result = subprocess.run([str(exe), "--data-dir", str(data), "--smoke-test", str(png)],
                                capture_output=True, text=True, timeout=timeout, env=env)
        stderr = [line for line in result.stderr.splitlines()
                  if line.strip() and not any(x in line for x in EXPECTED_STDERR)]
        problems = []
        if result.returncode != 0:
            problems.append(f"exit status {result.returncode}")
        if stderr:
            problems.append("unexpected stderr:\n  " + "\n  ".join(stderr[:30]))
        if not png.exists() or png.stat().st_size < 10_000:
            problems.append("no screenshot written")
        if problems:
            print("smoke test FAILED: " + "; ".join(problems), file=sys.stderr)
            print(result.stdout, file=sys.stderr)
            return 1
        print(f"smoke test passed: {png.stat().st_size:,} byte screenshot")
        return 0


if __name__ == "__main__":
    sys.exit(run_smoke(Path(sys.argv[1])))
