"""Power-cut safety: a writer process is SIGKILLed at random moments, 100 times. After each
kill the file is intact, every record has its ops, every op its record, the device sequence
is gap-free, the hash chain holds, and every write the writer saw committed is there."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time

import pytest

from tambon_desktop.core import canonical
from tambon_desktop.services.workspace import Workspace

KILLS = 100


def _writer(folder, seed: dict, pipe_w: int) -> None:
    """Child: write as fast as it can, reporting each committed record id."""
    rng = random.Random(os.getpid())
    ws = Workspace.open(folder)
    ids: list[str] = []
    while True:
        if ids and rng.random() < 0.5:
            rid = rng.choice(ids)
            view = ws.records.get(rid)
            ws.records.update(rid, dict(view.data, venue=f"ห้องประชุม {rng.randint(1, 10**9)}"))
        else:
            data = dict(seed, number=rng.randint(1, 999), date="2022-01-20", year_be=None,
                        committee=f"คณะทำงาน {rng.randint(1, 10**12)}")
            ids.append(ws.records.create("meeting", data).id)
            os.write(pipe_w, (ids[-1] + "\n").encode())


def _check(path, committed: set[str]) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    records = {r[0] for r in conn.execute("SELECT id FROM record")}
    op_records = {r[0] for r in conn.execute("SELECT record_id FROM outbox")}
    created = {r[0] for r in conn.execute("SELECT record_id FROM outbox WHERE kind='create'")}
    assert records == op_records == created
    assert committed <= records
    seqs = [r[0] for r in conn.execute("SELECT device_seq FROM outbox ORDER BY device_seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    last_seq, last_hash = conn.execute("SELECT last_seq, last_hash FROM device").fetchone()
    assert last_seq == len(seqs)
    prev = ""
    for body, digest in conn.execute("SELECT body, hash FROM outbox ORDER BY device_seq"):
        op = json.loads(body)
        assert op["prev_hash"] == prev
        check = {k: v for k, v in op.items() if k not in ("hash", "signature")}
        assert canonical.sha256_hex(check) == digest == op["hash"]
        prev = digest
    assert last_hash == prev
    fts = {r[0] for r in conn.execute("SELECT r.id FROM record_fts f JOIN record r ON r.rowid = f.rowid")}
    assert fts == records
    conn.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path, seed_meeting):
    folder = tmp_path / "ws"
    Workspace.init(folder, district="9501", user="ผู้ทดสอบ").close()
    rng = random.Random(11)
    committed: set[str] = set()
    for _ in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(r)
            try:
                _writer(folder, seed_meeting["data"], w)
            finally:
                os._exit(1)
        os.close(w)
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(r, "rb") as fh:
            committed |= {line.decode().strip() for line in fh.read().splitlines()
                          if len(line.strip()) == 36}
        _check(folder / "tambon.sqlite3", committed)
    assert len(committed) > KILLS // 2  # the writer really wrote
