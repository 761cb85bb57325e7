"""Faults on the link, through a loopback proxy of our own: refused connections, answers cut
or swallowed after the server committed, stalls; and a client killed mid-sync."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time

import pytest

from tambon_desktop.services.sync_transport import SyncOffline
from tests.helpers.netproxy import BLACKHOLE, CUT, DROP, STALL, Proxy
from tests.helpers.sync_harness import (
    PASSWORD,
    FakeDevice,
    add_user_direct,
    local_state,
    no_keepalive,
    outbox_states,
    project,
    server_db_url,
    server_state,
)

_n = itertools.count()


@pytest.fixture
def rig(server, tmp_path, enrol):
    k = next(_n)
    add_user_direct(server_db_url(server), f"obs_f{k}", district="9501")
    proxy = Proxy(server.port, stall_seconds=3)
    pc = enrol(server, f"f{k}", folder=tmp_path / "pc",
               transport={"url": proxy.url, "timeout": 1.5, "httpx": no_keepalive()})
    observer = FakeDevice(server.url)
    observer.login(f"obs_f{k}")
    yield pc, proxy, observer
    observer.close()
    proxy.close()


@pytest.mark.parametrize("fault", [BLACKHOLE, CUT])
def test_committed_but_answer_lost_comes_back_duplicate(rig, fault):
    pc, proxy, observer = rig
    ids = [pc.ws.records.create("project", project("9501", name=f"งาน {i}")).id for i in range(3)]
    proxy.schedule.extend([fault])  # the push: the server commits, the answer is lost
    with pytest.raises(SyncOffline):
        pc.engine.run_round()
    assert outbox_states(pc.ws)["sent"] == 3
    on_server = server_state(observer)
    assert set(ids) <= set(on_server)  # committed
    report = pc.engine.run_round()
    assert report.acked == 3 and report.rejected == 0
    counts = outbox_states(pc.ws)
    assert counts["acked"] == 3 and counts["sent"] == counts["pending"] == 0
    after = server_state(observer)
    assert {rid: after[rid]["version"] for rid in ids} == dict.fromkeys(ids, 1)  # no 2nd apply
    assert local_state(pc.ws) == {rid: after[rid] for rid in local_state(pc.ws)}


@pytest.mark.parametrize("fault", [DROP, STALL])
def test_refused_or_stalled_link_changes_nothing_then_resumes(rig, fault):
    pc, proxy, observer = rig
    rid = pc.ws.records.create("project", project("9501")).id
    proxy.schedule.extend([fault])
    started = time.monotonic()
    with pytest.raises(SyncOffline):
        pc.engine.run_round()
    assert time.monotonic() - started < 10
    assert rid not in server_state(observer)
    pc.engine.run_round()
    assert rid in server_state(observer)
    assert outbox_states(pc.ws)["acked"] == 1


def test_pull_cut_midway_applies_nothing_then_resumes(rig, server, tmp_path):
    pc, proxy, observer = rig
    other = FakeDevice(server.url)
    add_user_direct(server_db_url(server), f"w{next(_n)}", district="9501")
    ops = [observer.op("create", None, {"venue": f"r{i}"}) for i in range(40)]
    assert observer.push(ops).status_code == 200
    pc.engine.run_round()
    before = local_state(pc.ws)
    more = [observer.op("create", None, {"venue": f"s{i}"}) for i in range(5)]
    observer.push(more)
    proxy.schedule.extend([CUT])  # the pull answer: cut after a few bytes
    proxy.cut_after = 200
    with pytest.raises(SyncOffline):
        pc.engine.run_round()
    assert local_state(pc.ws) == before
    pc.engine.run_round()
    assert {o.record_id for o in more} <= set(local_state(pc.ws))
    other.close()


def test_client_killed_mid_sync_loses_nothing(server, tmp_path, enrol):
    k = next(_n)
    add_user_direct(server_db_url(server), f"obs_k{k}", district="9501")
    proxy = Proxy(server.port, rate_bits=256_000)
    pc = enrol(server, f"k{k}", folder=tmp_path / "pc")
    ids = [pc.ws.records.create("project", project("9501", name=f"โครงการ {i}")).id
           for i in range(150)]
    # point the stored server URL at the slow proxy, then run `tambon sync` in a child
    from tambon_desktop.store import sync_meta

    with pc.ws.db.write() as s:
        sync_meta.set_meta(s, server_url=proxy.url)
    pc.close()
    cmd = [sys.executable, "-m", "tambon_desktop.cli", "--data-dir", str(tmp_path / "pc"), "sync"]
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace

    seen = []
    for _ in range(2):
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while proxy.up_bytes < 5000 and time.monotonic() < deadline:
            time.sleep(0.02)  # wait until the push is on the wire
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with Workspace.open(tmp_path / "pc") as ws:
            seen.append(outbox_states(ws))
        proxy.reset_counters()
    proxy.close()
    assert seen[0]["sent"] > 0  # killed with ops in flight

    ws = Workspace.open(tmp_path / "pc")
    engine = SyncEngine(ws)
    with ws.db.write() as s:
        sync_meta.set_meta(s, server_url=server.url)
    engine = SyncEngine(ws)
    try:
        engine.run_round()
        observer = FakeDevice(server.url)
        observer.login(f"obs_k{k}", PASSWORD)
        on_server = server_state(observer)
        observer.close()
        assert set(ids) <= set(on_server)
        assert all(on_server[i]["version"] == 1 for i in ids)
        counts = outbox_states(ws)
        assert counts["acked"] == 150 and counts["pending"] == counts["sent"] == 0
        mine = local_state(ws)
        assert {i: mine[i] for i in ids} == {i: on_server[i] for i in ids}
    finally:
        engine.close()
        ws.close()
