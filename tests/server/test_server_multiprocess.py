"""Several server processes on one PostgreSQL: the per-district change log stays gap-free in
commit order while devices push through different processes at once."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from tests.helpers.sync_harness import (
    FakeDevice,
    ServerProc,
    add_user_direct,
    create_pg_database,
    drop_pg_database,
    require_pg,
)


@pytest.mark.postgres
def test_two_processes_one_database_gap_free(tmp_path):
    base = require_pg()
    url = create_pg_database(base)
    servers = [ServerProc(tmp_path / f"s{i}", database_url=url).start() for i in range(2)]
    devices = []
    try:
        for i in range(6):
            add_user_direct(url, f"m{i}", district="9501")
            device = FakeDevice(servers[i % 2].url)
            assert device.login(f"m{i}").status_code == 200
            devices.append(device)
        errors = []

        def work(device: FakeDevice) -> None:
            try:
                for _ in range(5):
                    ops = [device.op("create", None, {"number": j + 1}) for j in range(10)]
                    r = device.push(ops)
                    assert r.status_code == 200, r.text
                    assert {x["status"] for x in r.json()["results"]} == {"applied"}
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(d,)) for d in devices]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            seqs = [r[0] for r in conn.execute(sa.text(
                "SELECT seq FROM change_log WHERE district = '9501' ORDER BY seq"))]
            ops_applied = conn.execute(sa.text(
                "SELECT count(*) FROM applied_ops WHERE status = 'applied'")).scalar_one()
        engine.dispose()
        assert seqs == list(range(1, 301)) and ops_applied == 300
        seen, _ = devices[0].pull_all()
        assert len(seen) == 300
    finally:
        for device in devices:
            device.close()
        for server in servers:
            server.stop()
        drop_pg_database(base, url)
