"""Issue 13 attacks on the strict JSON profile, against a real server (SQLite and PostgreSQL):
no op, cursor or name can crash a handler or stop a district's pulls."""

from __future__ import annotations

import base64
import gzip
import json

import httpx
import pytest

from tambon_desktop.core import ids
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import batch_message
from tambon_desktop.protocol.ops import Op
from tests.helpers.sync_harness import FakeDevice, push_ok, statuses


def healthy(device: FakeDevice) -> None:
    assert device.http.get("/healthz").status_code == 200
    device.pull_all()  # every pull page of the district still answers


def raw_push(device: FakeDevice, op: Op, raw_fields: str) -> httpx.Response:
    """Push `op` with its fields replaced by `raw_fields` (JSON text the canonical writer
    would refuse to make); hash and signatures are the honest op's."""
    batch_id = ids.uuid7()
    body = {"protocol": 1, "device_id": device.device_id, "batch_id": batch_id,
            "ops": [dict(op.to_dict(), fields="@@FIELDS@@")],
            "signature": signing.sign(device.private_key, batch_message(
                device_id=device.device_id, batch_id=batch_id, op_hashes=[op.hash]))}
    text = json.dumps(body).replace('"@@FIELDS@@"', raw_fields)
    response = device.http.post("/v1/sync/push", content=gzip.compress(text.encode()),
                                headers={"Content-Type": "application/json",
                                         "Content-Encoding": "gzip"})
    return response


@pytest.mark.parametrize("raw", [
    "[" * 300 + "]" * 300,
    '{"a": ' * 5000 + "1" + "}" * 5000,
    '{"n": NaN}', '{"n": Infinity}', '{"n": -Infinity}', '{"n": 1e400}',
    '{"t": "\\ud800"}', '{"t": "a\\u0000b"}', '{"\\u0000": 1}',
    '{"n": 9223372036854775808}', '{"n": ' + "9" * 4001 + "}",
])
def test_fields_outside_the_profile_are_refused_and_pulls_go_on(dev, raw):
    op = dev.op("create", None, {"venue": "ห้องประชุม"})
    r = raw_push(dev, op, raw)
    assert r.status_code in (400, 422), r.text[:300]
    assert "signature" not in r.json()["detail"]
    healthy(dev)
    # the device's sequence number was not used: the honest op still goes through
    dev.seq -= 1
    dev.last_hash = op.prev_hash
    again = dev.op("create", None, {"venue": "ห้องประชุม"})
    assert statuses(push_ok(dev, again)) == ["applied"]
    healthy(dev)


def _cursor(value) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    _cursor({"v": 1, "d": {"9501": 2**63}}),
    _cursor({"v": 1, "d": {"9501": -1}}),
    _cursor({"v": 1, "d": {"9501": True}}),
    _cursor({"v": 1, "d": {"9501": {"x": [1]}}}),
    _cursor({"v": 1, "d": {"9501": 1.5}}),
    _cursor({"v": 1, "d": {"95\u0000": 1}}),
    base64.urlsafe_b64encode(b'{"v":1,"d":{"9501":' + b"9" * 4001 + b"}}").decode(),
    base64.urlsafe_b64encode(b'{"v":1,"d":{"9501":1e400}}').decode(),
    "true", "2" * 4001, "%00", "a" * 9000,
])
def test_bad_pull_cursors_are_4xx(dev, cursor):
    r = dev.http.get("/v1/sync/pull", params={"cursor": cursor})
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:200])
    assert r.json()["detail"]
    healthy(dev)


def test_nul_in_login_name_device_name_and_form_id_is_4xx(server, dev):
    stranger = FakeDevice(server.url)
    try:
        r = stranger.http.post("/v1/auth/login", json={
            "user": "ad\u0000min", "password": "x", "device_id": stranger.device_id,
            "public_key": stranger.public_key})
        assert r.status_code == 422, r.text
        r = stranger.http.post("/v1/auth/login", json={
            "user": "someone", "password": "x", "device_id": stranger.device_id,
            "device_name": "pc\u0000", "public_key": stranger.public_key})
        assert r.status_code == 422, r.text
    finally:
        stranger.close()
    op = dev.op("create", None, {"venue": "ห้อง"}, form_id="meet\u0000ing")
    r = dev.push([op])
    assert r.status_code == 422, r.text
    assert "form_id" in r.json()["detail"]
    healthy(dev)


def test_altered_op_keeps_its_sequence_number(dev):
    """An op changed in transit (same id, hash and signature, other fields) is refused
    whole and burns nothing: the real op is applied afterwards."""
    real = dev.op("create", None, {"venue": "ห้องประชุมอำเภอ"})
    forged = Op(**dict(real.to_dict(), fields={"venue": "ที่อื่น"}))
    r = dev.push([forged])
    assert r.status_code == 400 and "hash" in r.json()["detail"]
    assert statuses(push_ok(dev, real)) == ["applied"]
    records, _ = dev.pull_all()
    assert records[real.record_id]["data"] == {"venue": "ห้องประชุมอำเภอ"}
