"""The server on its own: enrolment, push, dedup, pull, scope."""

from __future__ import annotations

import pytest

from tests.helpers.sync_harness import OPENED, FakeDevice
from tests.helpers.sync_harness import signed_in as dev


@pytest.fixture(scope="module")
def users(server):
    server.add_user("clerk_a", district="9501")
    server.add_user("clerk_b", district="9502")
    server.add_user("prov95", district=None, role="province-officer", province="95")
    return server


def test_healthz(server):
    import httpx

    body = httpx.get(f"{server.url}/healthz").json()
    assert body == {"status": "ok", "protocol_min": 1, "protocol_max": 1}


def test_push_apply_ack_and_duplicate(users):
    a = dev(users, "clerk_a")
    rid = "01900000-0000-7000-8000-000000000001"
    ops = [a.op("create", rid, {"committee": "ประชุม", "number": 1}),
           a.op("update", rid, {"committee": "ประชุมสภา"}, base_version=1)]
    r = a.push(ops)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["acked_through"] == 2
    assert [x["status"] for x in body["results"]] == ["applied", "applied"]
    again = a.push(ops).json()
    assert [x["status"] for x in again["results"]] == ["duplicate", "duplicate"]
    records, _ = a.pull_all()
    assert records[rid]["data"] == {"committee": "ประชุมสภา", "number": 1}
    assert records[rid]["version"] == 2


def test_bad_op_does_not_block_the_rest(users):
    a = dev(users, "clerk_a")
    missing = a.op("update", "01900000-0000-7000-8000-0000000000ff", {"number": 1}, base_version=1)
    good = a.op("create", None, {"number": 2})
    body = a.push([missing, good]).json()
    assert [x["status"] for x in body["results"]] == ["rejected", "applied"]
    assert "no such record" in body["results"][0]["reason"]
    assert body["acked_through"] == 2


def test_gap_is_deferred_then_filled(users):
    a = dev(users, "clerk_a")
    first, second = a.op("create", None, {"number": 1}), a.op("create", None, {"number": 2})
    body = a.push([second]).json()
    assert body["results"][0]["status"] == "deferred" and body["acked_through"] == 0
    body = a.push([first, second]).json()
    assert [x["status"] for x in body["results"]] == ["applied", "applied"]


def test_same_id_other_hash_is_rejected(users):
    from tests.helpers.sync_harness import resign

    a = dev(users, "clerk_a")
    op = a.op("create", None, {"number": 1})
    first = a.push([op])
    assert first.json()["results"][0]["status"] == "applied", first.text
    forged = resign(op, a, fields={"number": 2})
    body = a.push([forged]).json()
    assert body["results"][0]["status"] == "rejected"
    assert "another op" in body["results"][0]["reason"]


def test_other_district_cannot_see_or_write(users):
    a, b = dev(users, "clerk_a"), dev(users, "clerk_b", "9502")
    rid = "01900000-0000-7000-8000-0000000000a1"
    assert a.push([a.op("create", rid, {"number": 1})]).json()["results"][0]["status"] == "applied"
    seen, _ = b.pull_all()
    assert rid not in seen
    # b writes to a's record: refused without revealing it
    r = b.push([b.op("update", rid, {"number": 2}, base_version=1)]).json()
    assert r["results"][0]["status"] == "rejected"
    # b claims a's district in the payload: refused
    r = b.push([b.op("create", None, {"number": 1}, area={"changwat": "95", "amphoe": "9501"})]).json()
    assert r["results"][0]["status"] == "rejected"
    assert "outside" in r["results"][0]["reason"]
    # b's ops pushed with a's token: the batch is refused
    foreign = b.op("create", None, {"number": 1})
    body = b.push_body([foreign])
    r = a.post_json("/v1/sync/push", body)
    assert r.status_code == 403
    records, _ = a.pull_all()
    assert records[rid]["data"] == {"number": 1}


def test_province_officer_reads_province_not_writes(users):
    a = dev(users, "clerk_a")
    b = dev(users, "clerk_b", "9502")
    ra, rb = a.op("create", None, {"venue": "a"}), b.op("create", None, {"venue": "b"})
    a.push([ra])
    b.push([rb])
    p = FakeDevice(users.url, district="95")
    OPENED.append(p)
    login = p.login("prov95")
    assert login.status_code == 200 and login.json()["province"] == "95"
    seen, cursor = p.pull_all()
    assert ra.record_id in seen and rb.record_id in seen
    again, _ = p.pull_all(cursor)
    assert again == {}
    r = p.push([p.op("create", None, {"number": 1})])
    assert r.status_code == 403


def test_cursor_pages_are_gap_free(users):
    a = dev(users, "clerk_a")
    ops = [a.op("create", None, {"number": i + 1}) for i in range(30)]
    a.push(ops)
    cursor, seqs = "", []
    while True:
        page = a.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 7}).json()
        seqs += [c["seq"] for c in page["changes"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    all_ids = {o.record_id for o in ops}
    records, _ = a.pull_all()
    assert all_ids <= set(records)
