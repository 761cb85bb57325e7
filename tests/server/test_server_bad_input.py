"""Bad input to every endpoint gets a 4xx with a clear reason and changes nothing."""

from __future__ import annotations

import gzip
import itertools
import time

import httpx

from tambon_desktop.protocol.messages import PROTOCOL_HEADER
from tests.helpers.sync_harness import PASSWORD, FakeDevice, add_user_direct, resign, server_db_url

_n = itertools.count()


def changes(device: FakeDevice) -> int:
    records, _ = device.pull_all()
    return len(records)


def detail(response: httpx.Response) -> str:
    return response.json()["detail"]


def test_push_bad_inputs_are_4xx_and_change_nothing(dev):
    before = changes(dev)
    good = dev.op("create", None, {"number": 1})
    cases = {
        "not json": (b"{nope", {"Content-Type": "application/json"}),
        "wrong types": (b'{"protocol": "1", "ops": 5}', {"Content-Type": "application/json"}),
        "bad gzip": (b"\x1f\x8bgarbage", {"Content-Type": "application/json",
                                          "Content-Encoding": "gzip"}),
        "gzip bomb": (gzip.compress(b" " * (40 * 1024 * 1024)),
                      {"Content-Type": "application/json", "Content-Encoding": "gzip"}),
        "huge": (b"x" * (9 * 1024 * 1024), {"Content-Type": "application/json"}),
        "brotli": (b"{}", {"Content-Type": "application/json", "Content-Encoding": "br"}),
    }
    for name, (content, headers) in cases.items():
        r = dev.http.post("/v1/sync/push", content=content, headers=headers)
        assert 400 <= r.status_code < 500, (name, r.status_code)
        assert detail(r), name
    body = dev.push_body([good])
    body["protocol"] = 99
    r = dev.post_json("/v1/sync/push", body)
    assert r.status_code == 426 and "protocol" in detail(r)
    body = dev.push_body([good])
    body["signature"] = "0" * 128
    r = dev.post_json("/v1/sync/push", body)
    assert r.status_code == 400 and "signature" in detail(r)
    broken = good.to_dict() | {"signature": "1" * 128}
    body = dev.push_body([good])
    body["ops"] = [broken]
    r = dev.post_json("/v1/sync/push", body)
    assert r.status_code == 400 and "signature" in detail(r)
    body = dev.push_body([good])
    body["ops"][0]["surprise"] = 1
    r = dev.post_json("/v1/sync/push", body)
    assert r.status_code == 422 and "surprise" in detail(r)
    assert changes(dev) == before
    assert dev.push([good]).json()["results"][0]["status"] == "applied"  # still usable


def test_tampered_content_refuses_the_batch_and_keeps_the_sequence(dev):
    op = dev.op("create", None, {"number": 1})
    tampered = op.__class__(**{**op.to_dict(), "fields": {"number": 2}})  # hash no longer matches
    from tambon_desktop.protocol import signing

    tampered = signing.sign_op(tampered, dev.private_key)
    r = dev.push([tampered])
    assert r.status_code == 400 and "hash" in detail(r)
    assert dev.push([op]).json()["results"][0]["status"] == "applied"


def test_replayed_batch_is_all_duplicates(dev):
    ops = [dev.op("create", None, {"number": i + 1}) for i in range(3)]
    body = dev.push_body(ops)
    first = dev.post_json("/v1/sync/push", body).json()
    assert {x["status"] for x in first["results"]} == {"applied"}
    before = changes(dev)
    again = dev.post_json("/v1/sync/push", body).json()
    assert {x["status"] for x in again["results"]} == {"duplicate"}
    assert changes(dev) == before
    forged = resign(ops[0], dev, op_id=ops[0].op_id)
    assert forged == ops[0]


def test_tokens_missing_wrong_revoked_expired(server, dev, tmp_path):
    http = httpx.Client(base_url=server.url, headers={PROTOCOL_HEADER: "1"})
    try:
        assert http.get("/v1/sync/pull").status_code == 401
        r = http.get("/v1/sync/pull", headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401 and "token" in detail(r)
        r = http.get("/v1/sync/pull", headers={"Authorization": f"Bearer {dev.token}",
                                              PROTOCOL_HEADER: "7"})
        assert r.status_code == 426
        r = http.get("/v1/sync/pull", params={"cursor": "!!notacursor"},
                     headers={"Authorization": f"Bearer {dev.token}"})
        assert r.status_code == 400 and "cursor" in detail(r)
        r = http.get("/v1/sync/pull", params={"limit": 10**6},
                     headers={"Authorization": f"Bearer {dev.token}"})
        assert r.status_code == 422
        r = http.get("/v1/attachments/xyz/state", headers={"Authorization": f"Bearer {dev.token}"})
        assert r.status_code == 422
    finally:
        http.close()
    done = server.admin("device", "revoke", dev.device_id)
    assert done.returncode == 0 and done.stdout.startswith("revoked")
    r = dev.http.get("/v1/sync/pull")
    assert r.status_code == 401 and "revoked" in detail(r)
    assert dev.login(dev.name).status_code == 403  # a revoked device cannot re-enrol


def test_expired_token(tmp_path):
    from tests.helpers.sync_harness import ServerProc

    srv = ServerProc(tmp_path / "srv", extra=["--token-ttl", "1"]).start()
    try:
        srv.add_user("shortlived", district="9501")
        device = FakeDevice(srv.url)
        assert device.login("shortlived").status_code == 200
        assert device.http.get("/v1/devices/me").status_code == 200
        time.sleep(1.5)
        r = device.http.get("/v1/devices/me")
        assert r.status_code == 401 and "expired" in detail(r)
        device.close()
    finally:
        srv.stop()


def test_failed_logins_are_slowed_down(server):
    add_user_direct(server_db_url(server), "slow", district="9501")
    device = FakeDevice(server.url)
    try:
        codes = [device.login("slow", "wrong password!").status_code for _ in range(5)]
        assert codes[:3] == [401, 401, 401] and 429 in codes[3:]
        r = device.login("slow", PASSWORD)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1  # even the right one
        assert "try again" in detail(r)
        r = device.http.post("/v1/auth/login", json={"user": "slow"})
        assert r.status_code == 422
    finally:
        device.close()


def test_attachment_upload_resume_verify_and_scope(server, dev):
    import hashlib

    data = bytes(range(256)) * 10_000  # 2.5 MB: three chunks
    sha = hashlib.sha256(data).hexdigest()
    r = dev.http.put(f"/v1/attachments/{sha}/chunks/0", content=data[:1_000_000])
    assert r.status_code == 200 and r.json()["received"] == 1_000_000
    r = dev.http.put(f"/v1/attachments/{sha}/chunks/2000000", content=data[2_000_000:])
    assert r.status_code == 409 and "offset 1000000" in detail(r)
    state = dev.http.get(f"/v1/attachments/{sha}/state").json()
    assert state["received"] == 1_000_000  # resume from here
    for offset in (1_000_000, 2_000_000):
        dev.http.put(f"/v1/attachments/{sha}/chunks/{offset}",
                     content=data[offset:offset + 1_000_000])
    r = dev.http.post(f"/v1/attachments/{sha}/complete", json={"size": len(data)})
    assert r.status_code == 200 and r.json()["complete"]
    assert dev.http.get(f"/v1/attachments/{sha}").content == data
    bad = hashlib.sha256(b"other").hexdigest()
    dev.http.put(f"/v1/attachments/{bad}/chunks/0", content=b"not other")
    r = dev.http.post(f"/v1/attachments/{bad}/complete", json={"size": 9})
    assert r.status_code == 422 and "SHA-256" in detail(r)
    assert dev.http.get(f"/v1/attachments/{bad}").status_code == 404
    r = dev.http.put(f"/v1/attachments/{sha}/chunks/0", content=b"x" * (1024 * 1024 + 1))
    assert r.status_code == 413
    name = f"far{next(_n)}"
    add_user_direct(server_db_url(server), name, district="9502")
    far = FakeDevice(server.url, district="9502")
    far.login(name)
    assert far.http.get(f"/v1/attachments/{sha}").status_code == 404
    far.close()


def test_admin_cli_errors_are_one_line(server):
    bad = server.admin("user", "add", "x", "--role", "mayor", "--district", "9501",
                       "--password-stdin", stdin="password123\n")
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1 and "unknown role" in bad.stderr
    bad = server.admin("device", "revoke", "no-such-device")
    assert bad.returncode != 0 and bad.stderr.startswith("error: no device")
    assert server.admin("user", "disable", "nobody").returncode != 0
    listing = server.admin("device", "list")
    assert listing.returncode == 0 and listing.stdout.startswith("id\tuser")
