"""Two PCs of one district edit offline, sync in any order, and end identical with the
server; a PC of another district sees none of it and cannot write it."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.helpers.sync_harness import (
    FakeDevice,
    add_user_direct,
    local_state,
    outbox_states,
    project,
    server_db_url,
    server_state,
)

_n = itertools.count()


@pytest.fixture
def pcs(server, enrol):
    k = next(_n)
    made = {key: enrol(server, f"{key}{k}", district=district)
            for key, district in (("a", "9501"), ("b", "9501"), ("x", "9502"))}
    add_user_direct(server_db_url(server), f"obs{k}", district="9501")
    observer = FakeDevice(server.url)
    observer.login(f"obs{k}")
    made["observer"] = observer
    yield made
    observer.close()


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_pcs_converge_in_any_order(pcs, order):
    a, b, x = pcs["a"], pcs["b"], pcs["x"]
    first = a.ws.records.create("project", project("9501", name="ถนน"))
    second = a.ws.records.create("project", project("9501", name="ประปา"))
    third = b.ws.records.create("project", project("9501", name="ไฟฟ้า"))
    secret = x.ws.records.create("project", project("9502", name="เบตง"))
    for pc in (a, b, x):
        pc.engine.run_round()
    for pc in (a, b):
        pc.engine.run_round()
    # offline edits of one record on both PCs: disjoint fields and a repeat group
    item_a = {"id": "act-a", "name": "ประชุมชี้แจง", "months": "ต.ค."}
    item_b = {"id": "act-b", "name": "อบรม", "months": "พ.ย."}
    a.ws.records.update(first.id, project("9501", name="ถนนลาดยาง", activities=[item_a]))
    b.ws.records.update(first.id, project("9501", name="ถนน", budget_source="อบต.",
                                          activities=[item_b]))
    b.ws.records.update(second.id, project("9501", name="ประปาหมู่บ้าน"))
    pair = {"a": a, "b": b}
    for key in order + order:
        pair[key].engine.run_round()
    server = server_state(pcs["observer"])
    assert local_state(a.ws) == local_state(b.ws) == server
    merged = server[first.id]["data"]
    assert merged["name"] == "ถนนลาดยาง" and merged["budget_source"] == "อบต."
    assert {i["id"] for i in merged["activities"]} == {"act-a", "act-b"}
    assert server[second.id]["data"]["name"] == "ประปาหมู่บ้าน"
    assert {first.id, second.id, third.id} <= set(server)
    assert secret.id not in server
    x.engine.run_round()
    seen_by_x = local_state(x.ws)
    assert secret.id in seen_by_x and not set(seen_by_x) & set(server)
    assert {r["data"]["area"]["amphoe"] for r in seen_by_x.values()} == {"9502"}
    for pc in (a, b, x):
        counts = outbox_states(pc.ws)
        assert counts["pending"] == counts["sent"] == counts["rejected"] == 0


def test_same_field_conflict_has_one_winner_and_an_inbox_entry(pcs):
    a, b = pcs["a"], pcs["b"]
    rec = a.ws.records.create("project", project("9501", name="เดิม"))
    a.engine.run_round()
    b.engine.run_round()
    a.ws.records.update(rec.id, project("9501", name="จาก A"))
    b.ws.records.update(rec.id, project("9501", name="จาก B"))  # later stamp: the winner
    a.engine.run_round()
    b.engine.run_round()
    a.engine.run_round()
    assert local_state(a.ws)[rec.id] == local_state(b.ws)[rec.id]
    assert local_state(a.ws)[rec.id]["data"]["name"] == "จาก B"
    [entry] = a.engine.conflicts()
    assert entry.path == "name"
    assert [c["value"] for c in entry.candidates] == ["จาก A", "จาก B"] and entry.winner == 1
    a.engine.resolve(entry.conflict_id, choice=0)
    assert a.engine.conflicts() == []
    a.engine.run_round()
    b.engine.run_round()
    assert b.engine.conflicts() == []
    assert local_state(b.ws)[rec.id]["data"]["name"] == "จาก A"
    assert local_state(a.ws) == local_state(b.ws) == server_state(pcs["observer"])


def test_other_district_pc_cannot_write_by_crafted_ops(pcs):
    a, x = pcs["a"], pcs["x"]
    rec = a.ws.records.create("project", project("9501"))
    a.engine.run_round()
    # x's engine signs an op on a's record, claiming 9501 in the area
    from tambon_desktop.store import records as store_records

    with x.ws.db.write() as s:
        row = store_records.new_row(form_id="project", form_version=1,
                                    area={"changwat": "95", "amphoe": "9501", "tambon": "950101"}, status="draft",
                                    data=project("9501", name="ปลอม"), title="ปลอม",
                                    record_date="", author="x", record_id=rec.id)
        store_records.write(s, row=row, kind="update", fields={"name": "ปลอม"}, base_version=1)
    report = x.engine.run_round()
    assert report.rejected == 1
    assert server_state(pcs["observer"])[rec.id]["data"]["name"] != "ปลอม"
    [reason] = [r.reason for r in x.engine.rejected()]
    assert "district" in reason


def test_background_sync_backs_off_and_resumes(pcs, server):
    import threading

    from tambon_desktop.services.sync_background import BackgroundSync
    from tambon_desktop.services.sync_transport import Transport
    from tests.helpers.netproxy import DROP, Proxy
    from tests.helpers.sync_harness import no_keepalive

    a = pcs["a"]
    proxy = Proxy(server.port)
    proxy.mode = DROP  # the link is down
    a.engine.close()
    a.engine._transport = Transport(proxy.url, token=a.engine._token, timeout=2,
                                    transport=no_keepalive())
    states, idle = [], threading.Event()

    def on_state(state, info):
        states.append((state, info.get("retry_in")))
        if state == "idle":
            idle.set()

    worker = BackgroundSync(a.engine, interval=60, base_delay=0.05, max_delay=0.4,
                            on_state=on_state, rng=lambda: 1.0)
    rec = a.ws.records.create("project", project("9501"))
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while sum(s == "offline" for s, _ in states) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        delays = [d for s, d in states if s == "offline"][:3]
        assert delays == sorted(delays) and delays[0] < delays[-1]  # exponential backoff
        proxy.mode = "pass"  # the link returns
        assert idle.wait(10)
    finally:
        worker.stop()
        proxy.close()
    assert rec.id in server_state(pcs["observer"])
    assert states[-1][0] == "stopped"
