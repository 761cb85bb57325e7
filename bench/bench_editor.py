"""Editor benchmarks (issue 12): opening a 60-attendee, 20-item meeting in the editor, saving
it, and its first print preview, each beside a baseline measured in the same run.

    uv run python bench/bench_editor.py [--runs 5]

- open: EditorWindow on the saved meeting, shown and painted; baseline: a plain QMainWindow
  holding the same number of bare Qt input widgets (line edits, text boxes, combos) filled
  with the same text. Warm median (the editor's first open in the process is shown too).
- save: one changed field, Ctrl+S through the editor until "บันทึกแล้ว" (validate, store write,
  outbox op, audit, search index); baseline: the same JSON written with sqlite3 UPDATE +
  COMMIT into a copy of the store (WAL), the floor of any save.
- first preview: a fresh process that has done the app's start-up warm-up (ui.app.warm_pdf:
  fonts, word list), from the print request until the preview dialog shows its pages;
  baseline: a fresh process, same warm-up, rendering the same PDF and page images, no window.
Runs under Xvfb/a display when DISPLAY is set, else on the offscreen platform."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"

from bench.common import person, print_table, thai_phrase  # noqa: E402

PROBE = r"""
import json, shutil, sqlite3, statistics, sys, time
from pathlib import Path
from tambon_desktop.ui.app import make_app
app = make_app()
from PySide6.QtWidgets import (QApplication, QComboBox, QLineEdit, QMainWindow, QPlainTextEdit,
                               QScrollArea, QVBoxLayout, QWidget)
from tambon_desktop.services.workspace import Workspace
from tambon_desktop.ui import tasks
mode, folder, rid, runs = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def settle(until=lambda: True, limit=60.0):
    t = time.perf_counter()
    while not until() and time.perf_counter() - t < limit:
        app.processEvents()
        time.sleep(0.0005)
    app.processEvents()

def painted(w):
    w.show(); w.repaint(); settle()

out = {}
if mode == "preview":
    ws = Workspace.open(folder)
    from tambon_desktop.ui.app import warm_pdf
    from tambon_desktop.ui.print_preview import print_record
    host = QMainWindow(); host.show(); settle()
    warm_pdf(host)  # what the app does after its first paint
    settle(lambda: tasks.pending() == 0)
    box = {}
    t = time.perf_counter()
    print_record(parent=host, ws=ws, record_id=rid, on_ready=lambda d: box.setdefault("d", d))
    settle(lambda: "d" in box)
    box["d"].repaint(); app.processEvents()
    out["preview"] = time.perf_counter() - t
    settle(lambda: box["d"].complete())
    out["preview_all"] = time.perf_counter() - t
    out["pages"] = len(box["d"].images)
elif mode == "render":
    ws = Workspace.open(folder)
    from tambon_desktop import pdf
    from tambon_desktop.ui.app import _WARM_MEETING
    pdf.prepare(); pdf.render_minutes(_WARM_MEETING)  # the same warm-up as warm_pdf
    t = time.perf_counter()
    from tambon_desktop.services.printing import minutes_pdf
    from tambon_desktop.ui.print_preview import page_images
    images = page_images(minutes_pdf(ws, rid))
    out["render"] = time.perf_counter() - t
    out["pages"] = len(images)
else:
    ws = Workspace.open(folder)
    data = ws.records.get(rid).data
    from tambon_desktop.ui.editor.window import EditorWindow
    opens, fulls, bares, saves, floors = [], [], [], [], []
    def bare_window():
        w = QMainWindow(); scroll = QScrollArea(w); inner = QWidget(); lay = QVBoxLayout(inner)
        for k in ("committee", "number", "year_be", "date", "start_time", "end_time", "venue"):
            lay.addWidget(QLineEdit(str(data.get(k, "")), inner))
        for a in data["attendees"]:
            for k in ("prefix", "name", "position", "substitute_for"):
                lay.addWidget(QLineEdit(a.get(k, ""), inner))
            c = QComboBox(inner); c.addItems(["ประธาน", "กรรมการ", "สมาชิก"]); lay.addWidget(c)
        for item in data["agenda"]:
            for k in ("number", "title", "reporter"):
                lay.addWidget(QLineEdit(item.get(k, ""), inner))
            for k in ("discussion", "resolution"):
                lay.addWidget(QPlainTextEdit(item.get(k, ""), inner))
        scroll.setWidget(inner); scroll.setWidgetResizable(True); w.setCentralWidget(scroll)
        w.resize(1180, 740)
        return w
    for n in range(runs + 1):
        t = time.perf_counter(); b = bare_window(); painted(b); bares.append(time.perf_counter() - t)
        b.close(); b.deleteLater(); settle()
        t = time.perf_counter()
        e = EditorWindow(ws, "meeting", record_id=rid)
        painted(e)
        opens.append(time.perf_counter() - t)
        rows = e.editor.group.widgets["attendees"]
        settle(lambda: not rows._pending)
        fulls.append(time.perf_counter() - t)
        e.editor.input_for("venue").setText(f"ห้องประชุม {n}")
        t = time.perf_counter()
        e.save(); settle(lambda: not e.saving and not e.dirty)
        saves.append(time.perf_counter() - t)
        assert not e.dirty, "not saved"
        e.close(); e.deleteLater(); settle()
    copy = folder.parent / "floor.db"
    shutil.copy(ws.db.path, copy)
    con = sqlite3.connect(copy); con.execute("PRAGMA journal_mode=WAL")
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for n in range(runs):
        t = time.perf_counter()
        con.execute("UPDATE record SET data = ?, updated_at = ? WHERE id = ?", (blob, str(n), rid))
        con.commit()
        floors.append(time.perf_counter() - t)
    out = {"open_first": opens[0], "open": statistics.median(opens[1:]),
           "open_full": statistics.median(fulls[1:]),
           "bare": statistics.median(bares[1:]), "save": statistics.median(saves),
           "save_first": saves[0], "floor": statistics.median(floors)}
tasks.shutdown()
print(json.dumps(out))
"""


def meeting(rng: random.Random) -> dict:
    return {
        "committee": "คณะกรรมการขับเคลื่อนตำบลมั่นคง มั่งคั่ง ยั่งยืน อำเภอระแงะ",
        "number": 1, "date": "2025-08-15", "start_time": "09.30", "end_time": "16.00",
        "venue": "ห้องประชุมที่ว่าการอำเภอระแงะ",
        "area": {"changwat": "96", "amphoe": "9605"},
        "attendees": [person(rng) for _ in range(60)],
        "agenda": [{"number": str(n), "title": thai_phrase(rng, 4),
                    "discussion": thai_phrase(rng, 80), "resolution": thai_phrase(rng, 12)}
                   for n in range(1, 21)],
    }


def build(folder: Path) -> str:
    import shutil

    from tambon_desktop.services.workspace import Workspace

    shutil.rmtree(folder, ignore_errors=True)
    ws = Workspace.init(folder, district="9605", user="bench", role="clerk")
    rid = ws.records.create("meeting", meeting(random.Random(12))).id
    ws.close()
    return rid


def probe(mode: str, folder: Path, rid: str, runs: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", PROBE, mode, str(folder), rid, str(runs)],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    folder = RESULTS / "ws-editor"
    rid = build(folder)
    editor = probe("editor", folder, rid, args.runs)
    previews, alls, renders = [], [], []
    for _ in range(args.runs):  # interleaved fresh processes: drift hits both alike
        shown = probe("preview", folder, rid, 1)
        previews.append(shown["preview"])
        alls.append(shown["preview_all"])
        rendered = probe("render", folder, rid, 1)
        renders.append(rendered["render"])
    preview, render = statistics.median(previews), statistics.median(renders)
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    rows = [
        ("open the 60-attendee, 20-item meeting (warm)", ms(editor["open"]),
         f"{editor['open'] / editor['bare']:.2f}×", "< 300 ms"),
        ("  first open in the process", ms(editor["open_first"]), "", ""),
        ("  until every row is built (after the first paint)", ms(editor["open_full"]), "", ""),
        ("  baseline: bare Qt widgets, same count and text", ms(editor["bare"]), "1.00×", ""),
        ("save one changed field (Ctrl+S → saved)", ms(editor["save"]),
         f"{editor['save'] / editor['floor']:.1f}×", "< 100 ms"),
        ("  first save in the process", ms(editor["save_first"]), "", ""),
        ("  baseline: sqlite3 UPDATE + COMMIT of the JSON", f"{editor['floor'] * 1000:.1f} ms",
         "1.0×", ""),
        (f"first print preview, fresh process ({rendered['pages']} pages: first 2 shown)",
         ms(preview),
         f"{preview / render:.2f}×", "< 600 ms"),
        ("  until every page is shown", ms(statistics.median(alls)), "", ""),
        ("  baseline: the same PDF + page images, no window", ms(render), "1.00×", ""),
    ]
    platform = "xcb (DISPLAY)" if os.environ.get("DISPLAY") else "offscreen"
    print_table(f"tambon-desktop editor — {platform}, median of {args.runs} runs", rows,
                ("measure", "value", "ratio", "target"))
    (RESULTS / "bench_editor.json").write_text(json.dumps(
        {"editor": editor, "previews": previews, "renders": renders}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
