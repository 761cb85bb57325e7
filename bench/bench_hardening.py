"""Server hardening benchmark (issue 13), loopback only:

1. A real PC (workspace + SyncEngine) syncs 200 records alone, then another one syncs 200
   records while 48 attackers post bad logins with random names back to back: the sync within
   1.5x its time alone, 0 answers of 500. The project's baseline is the same sync alone.
2. A real PC pushes 5,000 records; the server is killed (SIGKILL) in the middle of the push
   and started again on the same database: after the PC's next rounds the server holds every
   record exactly once (0 lost, 0 duplicated). SQLite, and PostgreSQL when TAMBON_TEST_PG_URL
   is set.

    uv run python bench/bench_hardening.py [--records 200] [--attackers 48] [--kill-records 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from common import print_table

from tests.helpers.sync_harness import (
    FakeDevice,
    ServerProc,
    add_user_direct,
    create_pg_database,
    drop_pg_database,
    enrol_pc,
    outbox_states,
    pg_base_url,
    project,
    server_db_url,
)


def _pc_with_records(server: ServerProc, folder: Path, user: str, n: int, district="9501"):
    pc = enrol_pc(server, folder, user, district=district)
    pc.ws.records.create_many([("project", project(district, name=f"โครงการที่ {i} ของ {user}"))
                               for i in range(n)])
    return pc


def _sync_under_attack(server: ServerProc, target_url: str, pc, attackers: int,
                       stop: Path) -> tuple[float, dict, object]:
    # the attackers run in their own process, as they would on their own machines
    attack = subprocess.Popen([sys.executable, __file__, "--attack", target_url,
                               "--attackers", str(attackers), "--stop-file", str(stop)],
                              stdout=subprocess.PIPE, text=True)
    time.sleep(2.0)  # the storm is on before the sync starts
    started = time.monotonic()
    report = pc.engine.run_round()
    elapsed = time.monotonic() - started
    stop.touch()
    out, _ = attack.communicate(timeout=120)
    codes = {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}
    return elapsed, codes, report


def bench_login_storm(server: ServerProc, tmp: Path, records: int, attackers: int) -> dict:
    """The sync alone; beside the attack on its server; and, as a control for this machine
    (attackers and server share its cores), beside the same attack aimed at another server."""
    alone_pc = _pc_with_records(server, tmp / "alone", "storm_alone", records)
    started = time.monotonic()
    report = alone_pc.engine.run_round()
    alone = time.monotonic() - started
    assert report.acked == records, report
    alone_pc.close()

    pc = _pc_with_records(server, tmp / "storm", "storm_pc", records)
    stormy, codes, report = _sync_under_attack(server, server.url, pc, attackers,
                                               tmp / "stop-attack")
    pc.close()
    assert report.acked == records, report

    other = ServerProc(tmp / "other-srv").start()
    try:
        pc = _pc_with_records(server, tmp / "control", "storm_control", records)
        control, _, report = _sync_under_attack(server, other.url, pc, attackers,
                                                tmp / "stop-control")
        pc.close()
        assert report.acked == records, report
    finally:
        other.stop()
    return {"alone": alone, "storm": stormy, "control": control, "codes": dict(codes)}


def attack_until(url: str, attackers: int, stop: Path) -> None:
    """Bad logins with random names from `attackers` threads, back to back, until `stop`
    exists; prints the answers' status counts as JSON."""
    if hasattr(os, "nice"):
        os.nice(19)  # their own CPU is not the server's: on this machine they take what is left
    codes: Counter = Counter()
    lock = threading.Lock()

    def attack() -> None:
        device = FakeDevice(url)
        try:
            while not stop.exists():
                device.device_id = str(uuid.uuid4())
                code = device.login(f"x-{uuid.uuid4().hex[:12]}", "not-the-password").status_code
                with lock:
                    codes[code] += 1
        finally:
            device.close()

    threads = [threading.Thread(target=attack) for _ in range(attackers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(dict(codes)))


def bench_kill(tmp: Path, records: int, database_url: str | None, label: str) -> dict:
    server = ServerProc(tmp / f"kill-{label}", database_url=database_url).start()
    pc = _pc_with_records(server, tmp / f"kill-pc-{label}", f"kill_{label}", records)
    observer = FakeDevice(server.url)
    add_user_direct(server_db_url(server), f"kill_obs_{label}", district="9501")
    try:
        failure: list[BaseException] = []

        def first_round() -> None:
            try:
                pc.engine.run_round()
            except Exception as exc:  # the server dies under it: SyncOffline
                failure.append(exc)

        runner = threading.Thread(target=first_round)
        started = time.monotonic()
        runner.start()
        while outbox_states(pc.ws)["acked"] < records // 3 and runner.is_alive():
            time.sleep(0.02)
        acked_at_kill = outbox_states(pc.ws)["acked"]
        assert server.proc is not None
        server.proc.kill()  # SIGKILL, mid-push
        server.proc.wait()
        runner.join()
        server.start()  # the same database, a new port
        with pc.ws.db.write() as s:
            from tambon_desktop.store import sync_meta

            sync_meta.set_meta(s, server_url=server.url)
        pc.engine.close()
        pc.engine.server_url = server.url
        rounds = 1
        while outbox_states(pc.ws)["acked"] < records and rounds < 10:
            pc.engine.run_round()
            rounds += 1
        elapsed = time.monotonic() - started
        observer.http.base_url = server.url
        assert observer.login(f"kill_obs_{label}").status_code == 200
        seen: Counter = Counter()
        cursor = ""
        while True:
            page = observer.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 2000})
            body = page.json()
            seen.update(c["record_id"] for c in body["changes"])
            cursor = body["cursor"]
            if not body["more"]:
                break
        states = outbox_states(pc.ws)
        return {"records": records, "acked_at_kill": acked_at_kill, "killed_round_failed":
                bool(failure), "server_records": len(seen),
                "duplicated": sum(n - 1 for n in seen.values() if n > 1),
                "lost": records - len(seen), "outbox": states, "rounds": rounds,
                "seconds": elapsed}
    finally:
        observer.close()
        pc.close()
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--attackers", type=int, default=48)
    parser.add_argument("--kill-records", type=int, default=5000)
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--attack", help=argparse.SUPPRESS)  # the attackers' own process
    parser.add_argument("--stop-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        attack_until(args.attack, args.attackers, Path(args.stop_file))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        server = ServerProc(tmp / "storm-srv").start()
        try:
            r = bench_login_storm(server, tmp, args.records, args.attackers)
        finally:
            server.stop()
        ratio = r["storm"] / r["alone"]
        fivexx = sum(n for code, n in r["codes"].items() if code >= 500)
        rows.append((f"sync of {args.records} records, alone (baseline)", f"{r['alone']:.2f} s",
                     "", "", ""))
        rows.append((f"same beside {args.attackers} bad-login attackers", f"{r['storm']:.2f} s",
                     f"{ratio:.2f}x", "<= 1.5x", f"logins answered {dict(sorted(r['codes'].items()))}; "
                     f"5xx: {fivexx}"))
        rows.append(("control: the same attack aimed at another server on this machine",
                     f"{r['control']:.2f} s", f"{r['control'] / r['alone']:.2f}x", "",
                     "what sharing the cores with the attackers costs by itself"))
        backends = [] if args.skip_kill else [("sqlite", None)]
        base = pg_base_url()
        pg_url = create_pg_database(base) if base and not args.skip_kill else None
        if pg_url:
            backends.append(("postgres", pg_url))
        try:
            for label, url in backends:
                k = bench_kill(tmp, args.kill_records, url, label)
                rows.append((f"{k['records']} records pushed, kill -9 mid-push ({label})",
                             f"{k['seconds']:.1f} s", f"lost {k['lost']}, duplicated "
                             f"{k['duplicated']}", "0 / 0",
                             f"killed after {k['acked_at_kill']} acked; {k['rounds']} rounds; "
                             f"outbox {k['outbox']}"))
        finally:
            if pg_url and base:
                drop_pg_database(base, pg_url)
    print_table("Server hardening (issue 13)", rows,
                ("measure", "time", "result", "target", "note"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
