"""Frozen app benchmark: start of dist/tambon-desktop to a painted main window against a bare
PySide6 window frozen the same way (build/bare-window.spec, same exclusions), in one run;
bundle sizes and build times.

Targets (issue 7): frozen start at most 1.3x the bare window; under 150 MB unpacked.

    uv run python bench/bench_frozen.py [--runs 7] [--rebuild]
    uv run python bench/bench_frozen.py --wine [--runs 5]

--wine: the Windows bundle (made by build/windows.sh) against the bare window frozen by the same
Windows CPython and spec exclusions under Wine, both started through Wine: the ratio only, as
Wine timings say nothing absolute about a Windows PC.

Cold starts drop the page cache before each run when the machine allows it (root, Linux);
otherwise only warm starts are reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
from common import print_table  # noqa: E402


def _load_build_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tambon_build", REPO / "build" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_build = _load_build_script()
APP, DIST, build, folder_size = _build.APP, _build.DIST, _build.build, _build.folder_size

BARE = DIST / "bare-window"


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def time_to_paint(cmd: list[str]) -> float:
    env = dict(os.environ, QT_SCALE_FACTOR="1")
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    wall = None
    for line in proc.stdout:
        if line.startswith("painted") and wall is None:
            wall = time.perf_counter() - started
    proc.wait(120)
    if wall is None:
        raise RuntimeError(f"{cmd[0]} never painted")
    return wall


def wine_env() -> dict[str, str]:
    """The build's Wine environment (build/windows/wine-env.sh), as a dict."""
    cache = os.environ.get("TAMBON_WINDOWS_CACHE", str(Path.home() / ".cache/tambon-windows"))
    out = subprocess.run(["bash", "-c", 'source build/windows/wine-env.sh "$1" >/dev/null; env -0',
                          "-", cache], cwd=REPO, capture_output=True, check=True).stdout
    return dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)


def wine_until(cmd: list[str], env: dict[str, str], prefix: str) -> float:
    """Wall time from starting `wine EXE` to its first line starting with `prefix` (stdin
    closed, output piped: Python under Wine needs both); then waits for the exe to end."""
    started = time.perf_counter()
    proc = subprocess.Popen(["wine", *cmd], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, text=True, errors="replace")
    wall = None
    for line in proc.stdout:  # not to EOF: Wine's own services may hold the pipe open
        if line.startswith(prefix):
            wall = time.perf_counter() - started
            break
    code = proc.wait(300)
    proc.stdout.close()
    if wall is None or code != 0:
        raise RuntimeError(f"{cmd[0]} under Wine: no '{prefix}' line or exit status {code}")
    return wall


def main_wine(runs: int) -> int:
    app = DIST / "windows" / "tambon-desktop"
    bare = DIST / "windows" / "bare-window"
    python = REPO / "build" / "work" / "windows" / "python" / "python.exe"
    if not (app / "tambon-desktop.exe").exists() or not python.exists():
        print("build the Windows bundle first: bash build/windows.sh", file=sys.stderr)
        return 2
    env = wine_env()

    def win(path: Path) -> str:
        return subprocess.run(["winepath", "-w", str(path)], env=env, capture_output=True,
                              text=True, check=True).stdout.strip()

    if not (bare / "bare-window.exe").exists():
        subprocess.run(["wine", str(python), "-m", "PyInstaller", "--noconfirm", "--log-level",
                        "ERROR", "--distpath", win(DIST / "windows"), "--workpath",
                        win(REPO / "build" / "work" / "windows" / "pyi-bare"),
                        win(REPO / "build" / "bare-window.spec")],
                       stdin=subprocess.DEVNULL, capture_output=True, env=env, check=True)
    # One wineserver for the whole run: otherwise each start also boots Wine's services.
    subprocess.run(["wineserver", "-p"], env=env, check=True)
    ws = "C:\\bench-frozen\\ws"
    app_cmd = [str(app / "tambon-desktop.exe"), "--data-dir", ws, "--exit-after-paint"]
    bare_cmd = [str(bare / "bare-window.exe")]
    times: dict[str, list[float]] = {"app": [], "bare": []}
    try:
        wine_until([str(app / "tambon-desktop.exe"), "--data-dir", ws, "--smoke-test",
                    "C:\\bench-frozen\\s.png"], env, "smoke test passed")  # the workspace
        for cmd in (app_cmd, bare_cmd):
            wine_until(cmd, env, "painted")  # warm the page cache and the wineserver
        for _ in range(runs):
            times["app"].append(wine_until(app_cmd, env, "painted"))
            times["bare"].append(wine_until(bare_cmd, env, "painted"))
    finally:
        subprocess.run(["wineserver", "-k"], env=env)
    ratio = statistics.median(times["app"]) / statistics.median(times["bare"])
    wine = subprocess.run(["wine", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"medians of {runs} runs under {wine} (one wineserver kept running), offscreen; "
          "each time includes starting the exe through Wine")
    print_table("Frozen Windows app under Wine", [
        ("warm start to first paint: app / bare window", ratio, "<= 1.3x")],
        ("measure", "ratio", "target"))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--wine", action="store_true", help="the Windows bundle under Wine")
    args = parser.parse_args()
    if args.wine:
        return main_wine(args.runs)
    build_app = build_bare = None
    if args.rebuild or not APP.exists():
        build_app = build()
    if args.rebuild or not BARE.exists():
        build_bare = build(spec="bare-window.spec")
    demo = Path(tempfile.mkdtemp(prefix="bench-frozen-")) / "ws"
    exe = APP / "tambon-desktop"
    subprocess.run([str(exe), "--data-dir", str(demo), "--smoke-test", str(demo.parent / "s.png")],
                   check=True, capture_output=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    app_cmd = [str(exe), "--data-dir", str(demo), "--exit-after-paint"]
    bare_cmd = [str(BARE / "bare-window")]
    cold_ok = drop_caches()
    results: dict[str, list[float]] = {"app warm": [], "bare warm": [], "app cold": [],
                                        "bare cold": []}
    for cmd in (app_cmd, bare_cmd):
        time_to_paint(cmd)  # warm the cache once
    for _ in range(args.runs):
        for cmd, name in ((app_cmd, "app"), (bare_cmd, "bare")):
            results[f"{name} warm"].append(time_to_paint(cmd))
            if cold_ok and drop_caches():
                results[f"{name} cold"].append(time_to_paint(cmd))
    med = {k: statistics.median(v) * 1000 for k, v in results.items() if v}
    rows = [("warm start to first paint (ms)", med["app warm"], med["bare warm"],
             med["app warm"] / med["bare warm"], "<= 1.3x")]
    if "app cold" in med:
        rows.append(("cold start to first paint (ms)", med["app cold"], med["bare cold"],
                     med["app cold"] / med["bare cold"], "<= 1.3x"))
    app_mb, bare_mb = folder_size(APP) / 1e6, folder_size(BARE) / 1e6
    rows.append(("bundle size unpacked (MB)", app_mb, bare_mb, app_mb / bare_mb, "< 150 MB"))
    if build_app is not None:
        rows.append(("build time (s)", build_app, build_bare or "-", "-", "-"))
    platform = "xcb" if os.environ.get("DISPLAY") else "offscreen"
    print(f"medians of {args.runs} runs, platform {platform}; cold starts "
          f"{'measured (page cache dropped)' if cold_ok else 'not possible here'}")
    print_table("Frozen desktop app", rows, ("measure", "tambon-desktop", "bare PySide6 window",
                                             "ratio", "target"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
