"""A province PC's first sync, loopback only (127.0.0.1): district PCs of Yala push N records
(default 50,000) to a real tambon-server, then a new province-officer PC pulls them all.

Rows: the whole first sync (wall time, pages over HTTP included) and the time the PC spends
applying pages (wall time less the time waiting for the server), against
- the per-record ORM apply this replaced (tests/helpers/slow_apply.py), on the first pages only
  (at its ~300 records/s the whole pull would take minutes), same pages, same PC code;
- plain sqlite3: executemany of the same record rows and search texts into the same schema
  in one transaction (the floor: no JSON, no titles, no conflict or outbox checks).
Target: apply >= 3,000 records/s.

    uv run python bench/bench_first_sync.py [--records 50000] [--slow-records 5000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import print_table, thai_phrase
from tambon_desktop.core import canonical, geo, ids
from tambon_desktop.core.searchtext import fold
from tambon_desktop.core.thai import sort_key
from tambon_desktop.services.sync import SyncEngine
from tambon_desktop.services.sync_common import incoming
from tambon_desktop.services.workspace import Workspace
from tambon_desktop.store.records import search_text
from tests.helpers.slow_apply import apply_slowly
from tests.helpers.sync_harness import (
    PASSWORD,
    FakeDevice,
    ServerProc,
    add_user_direct,
    server_db_url,
)

PROVINCE = "95"
BATCH = 500

ROOT = Path(__file__).resolve().parent.parent


def feed(server: ServerProc, records: int) -> None:
    """District PCs of the province push `records` project records between them."""
    import random

    rng = random.Random(15)
    districts = [d.code for d in geo.districts(PROVINCE)]
    url = server_db_url(server)
    for n, district in enumerate(districts):
        share = records // len(districts) + (1 if n < records % len(districts) else 0)
        add_user_direct(url, f"clerk{district}", district=district)
        device = FakeDevice(server.url, district=district)
        device.http.timeout = 600
        assert device.login(f"clerk{district}").status_code == 200
        tambons = [t.code for t in geo.tambons(district)]
        ops = []
        for i in range(share):
            tambon = rng.choice(tambons)
            area = {"changwat": PROVINCE, "amphoe": district, "tambon": tambon}
            ops.append(device.op("create", ids.uuid7(), {
                "name": f"โครงการ{thai_phrase(rng, 2)} ที่ {i}", "kind": "continuing",
                "policy_area": 2, "start_date": "2024-10-01", "end_date": "2025-09-30",
                "budget_baht": f"{rng.randint(10, 900) * 1000}.00", "budget_source": "ศอ.บต.",
                "agency": "ที่ทำการปกครองอำเภอ", "status": "in_progress", "area": area,
                "activities": [{"id": f"a{i}", "name": thai_phrase(rng, 3), "months": "ต.ค."}],
            }, form_id="project", area=area))
        for i in range(0, len(ops), BATCH):
            response = device.push(ops[i:i + BATCH])
            assert response.status_code == 200, response.text[:300]
        device.close()


def officer_pc(server: ServerProc, folder: Path, name: str):
    from tambon_desktop.server import auth, db

    engine = db.make_engine(server_db_url(server))
    with db.session_scope(engine) as session:
        auth.add_user(session, name=name, password=PASSWORD, role="province_officer",
                      district=None, province=PROVINCE, actor="bench")
    engine.dispose()
    ws = Workspace.init(folder, district=f"{PROVINCE}01", user=name, role="province_officer")
    sync = SyncEngine(ws)
    sync.login(server=server.url, user=name, password=PASSWORD)
    return ws, sync


def first_sync(server: ServerProc, folder: Path) -> dict:
    """The real client: SyncEngine.run_round, the time waiting for pages measured apart."""
    ws, sync = officer_pc(server, folder, "prov_fast")
    http = sync._http()
    fetch = http.pull
    waited = [0.0]
    pages: list = []

    def timed_pull(**kw):
        started = time.perf_counter()
        page = fetch(**kw)
        waited[0] += time.perf_counter() - started
        pages.append(page)
        return page

    http.pull = timed_pull
    started = time.perf_counter()
    report = sync.run_round()
    wall = time.perf_counter() - started
    sync.close()
    ws.close()
    return {"records": report.pulled, "wall": wall, "apply": wall - waited[0],
            "pages": pages}


def slow_sync(server: ServerProc, folder: Path, pages: list, limit: int) -> dict:
    """The per-record ORM apply over the same first pages (one transaction per page)."""
    ws, sync = officer_pc(server, folder, "prov_slow")
    sync.close()
    done, started = 0, time.perf_counter()
    for page in pages:
        changes = [incoming(c.model_dump()) for c in page.changes]
        with ws.db.write() as s:
            apply_slowly(s, changes=changes, cursor=page.cursor)
        done += len(changes)
        if done >= limit:
            break
    seconds = time.perf_counter() - started
    ws.close()
    return {"records": done, "apply": seconds}


def plain_sqlite(folder: Path, pages: list) -> dict:
    """The same rows and search texts, executemany in one transaction, plain sqlite3."""
    ws = Workspace.init(folder, district=f"{PROVINCE}01", user="plain")
    ws.close()
    rows, bodies = [], []
    for page in pages:
        for c in page.changes:
            data = canonical.dumps(c.data).decode()
            title = c.data.get("name", "")
            rows.append((c.record_id, c.form_id, c.form_version, c.area.get("changwat", ""),
                         c.area.get("amphoe", ""), c.area.get("tambon", ""), c.status or "draft",
                         data, title, sort_key(title), "", "", "now", "now", c.version, 0))
            bodies.append(fold(search_text(c.data)))
    conn = sqlite3.connect(folder / "tambon.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO record(id, form_id, form_version, changwat, amphoe, tambon, "
                     "status, data, title, title_key, record_date, author, created_at, "
                     "updated_at, server_version, deleted) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO sync_server_copy(record_id, version, status, data, deleted) "
                     "VALUES (?, ?, ?, ?, 0)", [(r[0], r[14], r[6], r[7]) for r in rows])
    rowids = dict(conn.execute("SELECT id, rowid FROM record"))
    conn.executemany("INSERT INTO record_fts(rowid, body) VALUES (?, ?)",
                     [(rowids[r[0]], b) for r, b in zip(rows, bodies, strict=True)])
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return {"records": len(rows), "apply": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--slow-records", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = ServerProc(folder / "srv").start()
        try:
            started = time.perf_counter()
            feed(server, args.records)
            fed_s = time.perf_counter() - started
            fast = first_sync(server, folder / "fast")
            slow = slow_sync(server, folder / "slow", fast["pages"], args.slow_records)
        finally:
            server.stop()
        plain = plain_sqlite(folder / "plain", fast["pages"])
    rate = {k: r["records"] / r["apply"] for k, r in (("fast", fast), ("slow", slow),
                                                       ("plain", plain))}
    rows = [
        ("tambon first sync, whole (HTTP pages included)", f"{fast['records']:,}",
         f"{fast['wall']:.1f} s", f"{fast['records'] / fast['wall']:,.0f}", "", ""),
        ("tambon apply on the PC (bulk pages)", f"{fast['records']:,}",
         f"{fast['apply']:.1f} s", f"{rate['fast']:,.0f}", ">= 3,000", "1.00x"),
        ("per-record ORM apply (before), same pages", f"{slow['records']:,}",
         f"{slow['apply']:.1f} s", f"{rate['slow']:,.0f}", "",
         f"{rate['fast'] / rate['slow']:.1f}x faster"),
        ("plain sqlite3 executemany, same rows + search text", f"{plain['records']:,}",
         f"{plain['apply']:.1f} s", f"{rate['plain']:,.0f}", "",
         f"{rate['plain'] / rate['fast']:.1f}x of tambon"),
    ]
    print(f"\n(feeding the server: {args.records:,} records pushed by "
          f"{len(geo.districts(PROVINCE))} district PCs in {fed_s:.0f} s)")
    print_table(f"First sync of a province PC, {fast['records']:,} records, loopback", rows,
                ("case", "records", "time", "records/s", "target", "ratio"))
    print(json.dumps({"apply_records_per_s": round(rate["fast"])}))
    return 0 if rate["fast"] >= 3000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
