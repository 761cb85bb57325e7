"""Sync benchmark, loopback only (127.0.0.1):

1. 10,000 ops pushed and pulled; bytes on the wire (both directions, HTTP included) against
   the gzip of the same ops as canonical JSON (target <= 1.2x).
2. The same over a link shaped to 256 kbit/s by a token-bucket proxy; wall time against
   bytes / bandwidth (target <= 1.3x).
3. 100 simulated districts syncing at once against one server on PostgreSQL
   (TAMBON_TEST_PG_URL or --pg-url): ops/s and p95 request latency.

    uv run python bench/bench_sync.py [--ops 10000] [--shaped-ops 10000] [--districts 100]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tambon_desktop.core import canonical, ids
from tambon_desktop.services.sync import _push_body
from tambon_desktop.services.sync_transport import Transport
from tests.helpers.netproxy import Proxy
from tests.helpers.sync_harness import (
    FakeDevice,
    ServerProc,
    add_user_direct,
    create_pg_database,
    drop_pg_database,
    pg_base_url,
    server_db_url,
)

BATCH = 500
RATE_BITS = 256_000


def make_ops(device: FakeDevice, n: int) -> list:
    """80 % creates of project-like records, 20 % edits of them."""
    ops, records = [], []
    for i in range(n):
        if i % 5 == 4 and records:
            rid = records[(i * 7) % len(records)]
            ops.append(device.op("update", rid, {"budget_baht": f"{1000 + i}.00",
                                                 "status": "in_progress"}, base_version=1,
                                 form_id="project"))
        else:
            rid = ids.uuid7()
            records.append(rid)
            ops.append(device.op("create", rid, {
                "name": f"โครงการพัฒนาหมู่บ้าน ที่ {i}", "kind": "continuing", "policy_area": 2,
                "start_date": "2024-10-01", "end_date": "2025-09-30",
                "budget_baht": "300000.00", "budget_source": "ศอ.บต.",
                "agency": "ที่ทำการปกครองอำเภอเมืองยะลา",
                "activities": [{"id": f"a{i}", "name": "ประชุมประชาคม", "months": "ต.ค."}],
            }, form_id="project"))
    return ops


def baseline(ops: list) -> int:
    return len(gzip.compress(canonical.dumps([op.to_dict() for op in ops]), 6))


def push_pull(device: FakeDevice, ops: list, proxy: Proxy) -> dict:
    http = Transport(proxy.url, token=device.token, timeout=600)
    proxy.reset_counters()
    started = time.monotonic()
    for i in range(0, len(ops), BATCH):
        answer = http.push(_push_body(ops[i:i + BATCH], device_id=device.device_id,
                                      private_key=device.private_key))
        bad = [r for r in answer.results if r.status != "applied"]
        assert not bad, bad[:3]
    push_s, push_bytes = time.monotonic() - started, proxy.up_bytes + proxy.down_bytes
    proxy.reset_counters()
    started, cursor, pulled = time.monotonic(), "", 0
    while True:
        page = http.pull(cursor=cursor, limit=2000)
        pulled += len(page.changes)
        cursor = page.cursor
        if not page.more:
            break
    pull_s, pull_bytes = time.monotonic() - started, proxy.up_bytes + proxy.down_bytes
    http.close()
    return {"push_s": push_s, "push_bytes": push_bytes, "pull_s": pull_s,
            "pull_bytes": pull_bytes, "pulled": pulled}


def bench_bytes(server: ServerProc, n: int, *, rate_bits: float | None, user: str,
                district: str) -> dict:
    add_user_direct(server_db_url(server), user, district=district)
    device = FakeDevice(server.url, district=district)
    device.login(user)
    ops = make_ops(device, n)
    proxy = Proxy(server.port, rate_bits=rate_bits)
    try:
        result = push_pull(device, ops, proxy)
    finally:
        proxy.close()
        device.close()
    result["baseline"] = baseline(ops)
    result["ops"] = n
    return result


def real_districts(n: int) -> list[str]:
    """n real DOPA district codes (the server refuses made-up ones)."""
    from tambon_desktop.core import geo

    found = [d.code for p in geo.provinces() for d in geo.districts(p.code)]
    return found[:n]


def bench_districts(url: str, data_dir: Path, districts: int, ops_each: int) -> dict:
    server = ServerProc(data_dir, database_url=url).start()
    try:
        devices = []
        codes = real_districts(districts)
        for d in range(districts):
            code = codes[d]
            add_user_direct(url, f"d{d}", district=code)
            device = FakeDevice(server.url, district=code)
            device.login(f"d{d}")
            devices.append((device, make_ops(device, ops_each)))
        latencies: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(districts)

        def run(device: FakeDevice, ops: list) -> None:
            http = Transport(server.url, token=device.token, timeout=300)
            barrier.wait()
            mine = []
            for i in range(0, len(ops), 20):
                t = time.monotonic()
                http.push(_push_body(ops[i:i + 20], device_id=device.device_id,
                                     private_key=device.private_key))
                mine.append(time.monotonic() - t)
                t = time.monotonic()
                http.pull(cursor="", limit=50)
                mine.append(time.monotonic() - t)
            http.close()
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=run, args=pair) for pair in devices]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        for device, _ in devices:
            device.close()
    finally:
        server.stop()
    latencies.sort()
    return {"ops": districts * ops_each, "seconds": elapsed,
            "ops_s": districts * ops_each / elapsed,
            "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
            "requests": len(latencies)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--shaped-ops", type=int, default=10_000)
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--ops-per-district", type=int, default=100)
    parser.add_argument("--pg-url", default=pg_base_url())
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProc(Path(tmp) / "srv").start()
        try:
            r = bench_bytes(server, args.ops, rate_bits=None, user="bench1",
                            district="9501")
            rows.append(("loopback push: wire / gzip(canonical ops)", f"{r['ops']} ops",
                         f"{r['push_bytes']:,} B / {r['baseline']:,} B",
                         f"{r['push_bytes'] / r['baseline']:.2f}x", "<= 1.2x",
                         f"{r['push_s']:.1f} s"))
            rows.append(("loopback pull: wire / gzip(canonical ops)", f"{r['pulled']} record states",
                         f"{r['pull_bytes']:,} B / {r['baseline']:,} B",
                         f"{r['pull_bytes'] / r['baseline']:.2f}x", "<= 1.2x",
                         f"{r['pull_s']:.1f} s"))
            r = bench_bytes(server, args.shaped_ops, rate_bits=RATE_BITS, user="bench2",
                            district="9502")
            for phase in ("push", "pull"):
                ideal = r[f"{phase}_bytes"] * 8 / RATE_BITS
                rows.append((f"256 kbit/s {phase}: time / (bytes / bandwidth)",
                             f"{r['ops']} ops", f"{r[f'{phase}_s']:.1f} s / {ideal:.1f} s",
                             f"{r[f'{phase}_s'] / ideal:.2f}x", "<= 1.3x",
                             f"{r[f'{phase}_bytes']:,} B"))
        finally:
            server.stop()
        if args.pg_url:
            url = create_pg_database(args.pg_url)
            try:
                r = bench_districts(url, Path(tmp) / "pg", args.districts,
                                    args.ops_per_district)
            finally:
                drop_pg_database(args.pg_url, url)
            rows.append((f"{args.districts} districts at once, PostgreSQL",
                         f"{r['ops']} ops", f"{r['ops_s']:.0f} ops/s",
                         f"p95 {r['p95_ms']:.0f} ms", f"p50 {r['p50_ms']:.0f} ms",
                         f"{r['seconds']:.1f} s, {r['requests']} requests"))
        else:
            rows.append(("districts at once, PostgreSQL", "skipped",
                         "set TAMBON_TEST_PG_URL", "", "", ""))
    head = ("measure", "size", "value", "ratio/result", "target", "note")
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
