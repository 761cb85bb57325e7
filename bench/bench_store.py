"""Store benchmark: 100k records, first page of a 100k list, Thai substring search, one save.

Baselines, in the same run on the same machine: plain sqlite3 on a bare table of the same JSON
(no validation, op log, audit or search index), and a LIKE scan for search (the bare table has
no forms: the meetings-only rows compare with the same scan over everything; the list rows
with a LIKE scan sorted by title).
Targets (issue 2): save of a meeting with 30 attendees and 10 agenda items < 50 ms; first page
of 100k < 100 ms; search < 100 ms.

    uv run python bench/bench_store.py [--records 100000] [--db DIR]

--db DIR keeps the two freshly built databases (right after the inserts) in DIR and, on later
runs with the same --records, starts from a copy of them instead of inserting again (the
insert rows then say "reused"); every other measure runs on that copy exactly as on a fresh
build. Without --db everything is built in a temporary folder, as before.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from common import median_ms, person, print_table, thai_phrase

from tambon_desktop.services.workspace import Workspace
from tambon_desktop.store.queries import ListQuery

SEED = json.loads((Path(__file__).resolve().parents[1] / "resources" / "samples" /
                   "seed-project.json").read_text("utf-8"))["data"]


def project(rng: random.Random, i: int) -> dict:
    return dict(SEED, name=f"โครงการ{thai_phrase(rng, 2)} {i}",
                objectives=[thai_phrase(rng, 6), thai_phrase(rng, 4)],
                rationale=thai_phrase(rng, 25), budget_baht=str(rng.randint(10, 1000) * 1000))


def big_meeting(rng: random.Random, number: int) -> dict:
    return {
        "committee": "คณะทำงานขับเคลื่อนโครงการตำบลมั่นคง มั่งคั่ง ยั่งยืน", "number": number,
        "date": "2022-01-20", "start_time": "09:30", "end_time": "12:00",
        "venue": "ห้องประชุมอำเภอเมืองยะลา", "attendees": [person(rng) for _ in range(30)],
        "agenda": [{"number": str(i + 1), "title": thai_phrase(rng, 3),
                    "discussion": thai_phrase(rng, 80), "resolution": "ที่ประชุมรับทราบ"}
                   for i in range(10)],
        "recorder": {"prefix": "นาง", "name": "สมศรี ทองคำ", "position": "เจ้าพนักงานปกครอง"},
    }


def baseline_db(path: Path, items: list[dict]) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, title TEXT, updated TEXT, data TEXT)")
    conn.execute("CREATE INDEX r_updated ON r(updated)")
    return conn


def build(tmp: Path, items: list[dict]):
    n = len(items)
    ws = Workspace.init(tmp / "ws", district="9501", user="bench")
    start = time.perf_counter()
    for i in range(0, n, 5000):
        ws.records.create_many([("project", d) for d in items[i:i + 5000]])
    ours_insert = time.perf_counter() - start

    base = baseline_db(tmp / "base.sqlite3", items)
    start = time.perf_counter()
    for i in range(0, n, 5000):
        conn = base
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO r (title, updated, data) VALUES (?, ?, ?)",
                         [(d["name"], f"{j:08d}", json.dumps(d, ensure_ascii=False))
                          for j, d in enumerate(items[i:i + 5000], i)])
        conn.execute("COMMIT")
    base_insert = time.perf_counter() - start
    return ws, base, ours_insert, base_insert


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None,
                        help="keep the built databases here and reuse them on later runs")
    args = parser.parse_args()
    n = args.records
    rng = random.Random(42)
    items = [project(rng, i) for i in range(n)]  # always made: the meetings use rng after them
    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    kept = args.db / f"{n}" if args.db else None
    ours_insert = base_insert = None
    if kept is not None and (kept / "done").exists():
        shutil.copytree(kept / "ws", tmp / "ws")
        shutil.copy(kept / "base.sqlite3", tmp / "base.sqlite3")
        ws = Workspace.open(tmp / "ws")
        base = sqlite3.connect(tmp / "base.sqlite3", isolation_level=None)
        base.execute("PRAGMA synchronous=FULL")
    else:
        ws, base, ours_insert, base_insert = build(tmp, items)
        if kept is not None:
            ws.close()
            base.close()  # the last connection checkpoints: no WAL file left to copy
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(tmp / "ws", kept / "ws")
            shutil.copy(tmp / "base.sqlite3", kept / "base.sqlite3")
            (kept / "done").write_text("ok")
            ws = Workspace.open(tmp / "ws")
            base = sqlite3.connect(tmp / "base.sqlite3", isolation_level=None)
            base.execute("PRAGMA synchronous=FULL")

    meeting_no = iter(range(1, 1000))
    save = median_ms(lambda: ws.records.create("meeting", big_meeting(rng, next(meeting_no))), 25)
    big = json.dumps(big_meeting(rng, 999), ensure_ascii=False)

    def base_save():
        base.execute("BEGIN")
        base.execute("INSERT INTO r (title, updated, data) VALUES ('m', 'z', ?)", (big,))
        base.execute("COMMIT")

    save_base = median_ms(base_save, 25)

    q = ListQuery("project", sort="updated", limit=200)
    page = median_ms(lambda: ws.records.list(q), 20)
    page_title = median_ms(lambda: ws.records.list(ListQuery("project", sort="title", limit=200,
                                                              descending=False)), 20)
    page_base = median_ms(lambda: base.execute(
        "SELECT id, title, updated FROM r ORDER BY updated DESC LIMIT 200").fetchall(), 20)
    count = median_ms(lambda: ws.records.count(ListQuery("project")), 5)

    term = "ยางพาราทุเรียน"  # common: the scan stops at 100 hits
    hits = len(ws.records.search(term, limit=100))
    search = median_ms(lambda: ws.records.search(term, limit=100), 10)
    mid = "ั่งคั่งยั่"  # from the middle of words, marks first
    search_mid = median_ms(lambda: ws.records.search(mid, limit=100), 10)
    rare = "ตาดีกาประมงเยาวชน"  # every trigram common, the whole phrase rare: worst case
    search_rare = median_ms(lambda: ws.records.search(rare, limit=100), 10)
    # every trigram lies inside the one word มั่งคั่ง (in ~96% of records), the phrase in none:
    # without trigram positions every one of those records had to be read again
    worst = "มั่งคั่งคั่ง"
    search_worst = median_ms(lambda: ws.records.search(worst, limit=100), 10)
    search_form = median_ms(lambda: ws.records.search(term, form_id="meeting", limit=100), 10)
    search_base = median_ms(lambda: base.execute(
        "SELECT id FROM r WHERE data LIKE ? LIMIT 100", (f"%{term}%",)).fetchall(), 5)
    rare_base = median_ms(lambda: base.execute(
        "SELECT id FROM r WHERE data LIKE ? LIMIT 100", (f"%{rare}%",)).fetchall(), 5)
    def list_and_count(q: ListQuery) -> None:  # what the list view asks for on each search
        ws.records.count_and_list(q)

    by_title = {"sort": "title", "descending": False, "limit": 200}
    list_worst = median_ms(lambda: list_and_count(ListQuery("project", text=worst, **by_title)),
                           5)
    list_form = median_ms(lambda: list_and_count(ListQuery("meeting", text=term, **by_title)), 5)
    list_base = median_ms(lambda: base.execute(
        "SELECT id, title FROM r WHERE data LIKE ? ORDER BY title LIMIT 200",
        (f"%{worst}%",)).fetchall(), 5)
    worst_base = median_ms(lambda: base.execute(
        "SELECT id FROM r WHERE data LIKE ? LIMIT 100", (f"%{worst}%",)).fetchall(), 5)
    size = sum(p.stat().st_size for p in (tmp / "ws").glob("tambon.sqlite3*")
               if not p.name.endswith(".bak"))  # an upgrade's copy aside is not the database

    print(f"records: {n:,} projects (+25 meetings); database {size / 2**20:,.0f} MiB; "
          f"search hits for '{term}': {hits}")
    print_table("Local store", [
        *([("insert 100k (batches of 5,000)", ours_insert * 1000, base_insert * 1000,
            ours_insert / base_insert, "-"),
           ("insert rate (records/s)", n / ours_insert, n / base_insert, "-", "-")]
          if ours_insert else [("insert 100k", "reused (--db)", "reused (--db)", "-", "-")]),
        ("save 1 meeting (30 attendees, 10 items)", save, save_base, save / save_base, "< 50 ms"),
        ("first page of 100k, newest first", page, page_base, page / page_base, "< 100 ms"),
        ("first page of 100k, by Thai title", page_title, page_base, page_title / page_base,
         "< 100 ms"),
        ("count of 100k", count, "-", "-", "-"),
        (f"search common '{term}'", search, search_base, search / search_base, "< 100 ms"),
        (f"search mid-word '{mid}'", search_mid, search_base, search_mid / search_base,
         "< 100 ms"),
        (f"search rare phrase '{rare}'", search_rare, rare_base, search_rare / rare_base,
         "< 100 ms"),
        (f"search absent phrase of common trigrams '{worst}'", search_worst, worst_base,
         search_worst / worst_base, "< 100 ms"),
        (f"search '{term}' in meetings only", search_form, search_base,
         search_form / search_base, "< 100 ms"),
        (f"list + count of projects by title, '{worst}'", list_worst, list_base,
         list_worst / list_base, "< 100 ms"),
        (f"list + count of meetings by title, '{term}'", list_form, list_base,
         list_form / list_base, "< 100 ms"),
    ], ("measure (ms unless said)", "tambon", "baseline sqlite3", "ratio", "target"))
    ws.close()
    base.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
