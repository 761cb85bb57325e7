"""Issue 13: enrolment bound to possession of the device key, a device bound to its first
user, tokens that belong to a user on a device and die with the user (real server, SQLite and
PostgreSQL)."""

from __future__ import annotations

import itertools

import httpx
import pytest

from tambon_desktop.protocol import signing
from tests.helpers.sync_harness import (
    PASSWORD,
    FakeDevice,
    add_user_direct,
    push_ok,
    server_db_url,
    statuses,
)

_n = itertools.count()


def user(server, role: str = "clerk") -> str:
    name = f"en{next(_n)}"
    add_user_direct(server_db_url(server), name, district="9501", role=role)
    return name


@pytest.fixture
def devices():
    made: list[FakeDevice] = []
    yield made
    for device in made:
        device.close()


def device(server, made, **kw) -> FakeDevice:
    d = FakeDevice(server.url, **kw)
    made.append(d)
    return d


def test_a_colleague_cannot_take_over_a_device_from_its_manifest(server, devices):
    """The device id and public key stand in every up-bundle manifest: with them alone (no
    private key) another clerk of the district cannot enrol the device as theirs."""
    chief, clerk = user(server, "district_chief"), user(server)
    victim = device(server, devices)
    assert victim.login(chief).status_code == 200
    attacker = device(server, devices)
    attacker.device_id, attacker.public_key = victim.device_id, victim.public_key
    r = attacker.http.post("/v1/auth/login", json=attacker.login_body(clerk))  # signed, wrong key
    assert r.status_code == 401 and "proof" in r.json()["detail"]
    r = attacker.http.post("/v1/auth/login", json={
        "user": clerk, "password": PASSWORD, "device_id": victim.device_id,
        "public_key": victim.public_key})  # an old client's request: no proof at all
    assert r.status_code == 401 and "update the program" in r.json()["detail"]
    body = attacker.login_body(clerk)
    body["challenge"] = body["challenge"][:-1] + ("0" if body["challenge"][-1] != "0" else "1")
    body["proof"] = signing.sign(victim.private_key, b"")  # whatever: the challenge is forged
    assert attacker.http.post("/v1/auth/login", json=body).status_code == 401
    me = victim.http.get("/v1/devices/me").json()
    assert me["role"] == "district_chief"  # still the chief's device
    create = victim.op("create", fields={"committee": "ประชุม"})
    assert statuses(push_ok(victim, create)) == ["applied"]


def test_a_device_stays_with_its_first_user(server, devices):
    first, second = user(server), user(server)
    pc = device(server, devices)
    assert pc.login(first).status_code == 200
    old_token = pc.token
    r = pc.login(second)  # the real key, but another user
    assert r.status_code == 409 and "another user" in r.json()["detail"]
    assert pc.http.get("/v1/devices/me").status_code == 200  # the first user's token lives
    assert pc.login(first).status_code == 200  # the same user signs in again
    # the administrator hands the device over: the first user's tokens die with the binding
    done = server.admin("device", "reassign", pc.device_id, "--user", second)
    assert done.returncode == 0, done.stderr
    stale = httpx.get(f"{server.url}/v1/devices/me", headers={
        "Authorization": f"Bearer {old_token}", "X-Tambon-Protocol": "1"})
    assert stale.status_code == 401
    assert pc.login(second).status_code == 200
    assert pc.http.get("/v1/devices/me").status_code == 200


def test_disabling_a_user_kills_their_tokens_everywhere(server, devices):
    name = user(server)
    a, b = device(server, devices), device(server, devices)
    assert a.login(name).status_code == 200 and b.login(name).status_code == 200
    assert server.admin("user", "disable", name).returncode == 0
    for d in (a, b):
        assert d.http.get("/v1/devices/me").status_code in (401, 403)
    assert a.login(name).status_code == 401
    assert server.admin("user", "enable", name).returncode == 0
    assert a.login(name).status_code == 200


def test_expired_challenge_is_refused(server, devices):
    from tambon_desktop.server import auth

    name = user(server)
    d = device(server, devices)
    body = d.login_body(name)
    secret = b"not the server's secret"
    body["challenge"] = auth.make_challenge(secret, now=1_000_000)
    body["proof"] = signing.sign(d.private_key, b"x")
    r = d.http.post("/v1/auth/login", json=body)
    assert r.status_code == 401 and "challenge" in r.json()["detail"]
