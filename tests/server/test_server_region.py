"""A region officer (SBPAC): a list of provinces and single districts, read-only. Against a
real server fed by district devices of four provinces, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest

from tests.helpers.sync_harness import OPENED, PASSWORD, FakeDevice, push_ok
from tests.helpers.sync_harness import signed_in as dev

# districts of Yala (95), Pattani (94), Narathiwat (96) and Songkhla (90): 9003 จะนะ is one of
# SBPAC's four Songkhla districts, 9010 สะเดา is not
DISTRICTS = ("9501", "9502", "9401", "9601", "9003", "9010")


@pytest.fixture(scope="module")
def fed(server):
    """One clerk per district, each with two records; the region and province users."""
    made: dict[str, set[str]] = {}
    for district in DISTRICTS:
        server.add_user(f"clerk{district}", district=district)
        clerk = dev(server, f"clerk{district}", district)
        ops = [clerk.op("create", None, {"venue": district}) for _ in range(2)]
        assert [r["status"] for r in push_ok(clerk, *ops)] == ["applied", "applied"]
        made[district] = {o.record_id for o in ops}
        clerk.close()
    OPENED.clear()
    done = server.admin("user", "add", "sbpac", "--role", "region-officer", "--provinces",
                        "95,94", "--districts", "9003", "--password-stdin",
                        stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "region_officer, scope 9003,94,95" in done.stdout
    server.add_user("prov95", district=None, role="province-officer", province="95")
    server.made = made
    return server


def region(server, user: str = "sbpac") -> FakeDevice:
    device = FakeDevice(server.url, district="95")
    OPENED.append(device)
    login = device.login(user)
    assert login.status_code == 200, login.text
    return device


def records_of(server, districts) -> set[str]:
    return set().union(*(server.made[d] for d in districts))


def test_region_officer_pulls_every_district_of_its_scope_and_no_other(fed):
    device = region(fed)
    seen, cursor = device.pull_all()
    assert set(seen) == records_of(fed, ("9501", "9502", "9401", "9003"))
    assert {c["district"] for c in seen.values()} == {"9501", "9502", "9401", "9003"}
    again, _ = device.pull_all(cursor)
    assert again == {}
    # a district of the scope that writes later arrives on the next pull; one outside never
    for district in ("9401", "9601", "9010"):
        clerk = dev(fed, f"clerk{district}", district)
        op = clerk.op("create", None, {"venue": "later"})
        push_ok(clerk, op)
        fed.made[district].add(op.record_id)
    later, _ = device.pull_all(cursor)
    assert {c["district"] for c in later.values()} == {"9401"}


def test_login_answers_the_scope(fed):
    device = FakeDevice(fed.url)
    OPENED.append(device)
    body = device.login("sbpac").json()
    assert body["role"] == "region_officer" and body["scope"] == ["9003", "94", "95"]
    assert body["district"] is None and body["province"] is None
    prov = FakeDevice(fed.url)
    OPENED.append(prov)
    body = prov.login("prov95").json()
    assert body["province"] == "95" and body["scope"] == []


def test_province_officer_scope_is_unchanged(fed):
    device = region(fed, "prov95")
    seen, _ = device.pull_all()
    assert {c["district"] for c in seen.values()} == {"9501", "9502"}
    assert set(seen) == records_of(fed, ("9501", "9502"))


@pytest.mark.parametrize("user", ["sbpac", "prov95"])
def test_pushes_of_a_read_only_officer_are_refused_with_a_coded_reason(fed, user):
    device = region(fed, user)
    before, _ = device.pull_all()
    rid = next(iter(fed.made["9501"]))
    r = device.push([device.op("create", None, {"venue": "x"}, area={"changwat": "95",
                                                                      "amphoe": "9501"}),
                     device.op("update", rid, {"venue": "changed"}, base_version=1)])
    assert r.status_code == 403
    detail = r.json()["detail"]
    assert detail.startswith("scope.read_only: a ") and "can read but not write" in detail
    assert "ดูข้อมูลได้อย่างเดียว" in detail
    after, _ = device.pull_all()
    assert after == before


def test_attachments_readable_in_scope_only(fed):
    blobs = {}
    for district in ("9401", "9601", "9010"):
        clerk = dev(fed, f"clerk{district}", district)
        data = f"สำเนาที่ลงนาม {district} ".encode() * 100
        sha = hashlib.sha256(data).hexdigest()
        assert clerk.http.put(f"/v1/attachments/{sha}/chunks/0", content=data).status_code == 200
        r = clerk.http.post(f"/v1/attachments/{sha}/complete", json={"size": len(data)})
        assert r.status_code == 200 and r.json()["complete"]
        blobs[district] = (sha, data)
    device = region(fed)
    sha, data = blobs["9401"]
    assert device.http.get(f"/v1/attachments/{sha}").content == data
    for district in ("9601", "9010"):
        r = device.http.get(f"/v1/attachments/{blobs[district][0]}")
        assert r.status_code == 404
    r = device.http.put(f"/v1/attachments/{sha}/chunks/0", content=b"x")
    assert r.status_code == 403


def test_admin_cli_refuses_unknown_codes_and_keeps_nothing(fed):
    for args, message in (
        (["--provinces", "94,00"], "province 00 does not exist"),
        (["--provinces", "94,9"], "'9' is not a 2-digit DOPA province code"),
        (["--provinces", "94", "--districts", "9099"], "district 9099 does not exist"),
        ([], "a region officer needs --provinces"),
    ):
        done = fed.admin("user", "add", "bad_region", "--role", "region-officer", *args,
                         "--password-stdin", stdin=PASSWORD + "\n")
        assert done.returncode == 1 and message in done.stderr, done.stderr
    device = FakeDevice(fed.url)
    OPENED.append(device)
    assert device.login("bad_region").status_code == 401  # no such user was made
    done = fed.admin("user", "add", "bad_clerk", "--role", "clerk", "--district", "9501",
                     "--provinces", "95", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 1 and "region officer only" in done.stderr


def test_user_role_turns_a_province_officer_into_a_region_officer_and_back(fed):
    fed.add_user("prov94", district=None, role="province-officer", province="94")
    done = fed.admin("user", "role", "prov94", "region-officer", "--provinces", "94,96")
    assert done.returncode == 0 and "region_officer (scope 94,96)" in done.stdout, done.stderr
    device = region(fed, "prov94")
    seen, _ = device.pull_all()
    assert {c["district"] for c in seen.values()} == {"9401", "9601"}
    done = fed.admin("user", "role", "prov94", "province-officer")
    assert done.returncode == 1 and "give --province" in done.stderr
    done = fed.admin("user", "role", "prov94", "region-officer", "--provinces", "94,77x")
    assert done.returncode == 1 and "'77x' is not a 2-digit" in done.stderr
    done = fed.admin("user", "role", "prov94", "province-officer", "--province", "94")
    assert done.returncode == 0 and "province_officer (province 94)" in done.stdout, done.stderr
    device = region(fed, "prov94")  # the same kind of PC signs in again
    seen, _ = device.pull_all()
    assert {c["district"] for c in seen.values()} == {"9401"}
    done = fed.admin("user", "role", "clerk9501", "region-officer", "--provinces", "95")
    assert done.returncode == 1 and "another scope" in done.stderr
