"""The strict JSON profile (protocol/jsonprofile.py) on its own, on the PC before an op enters
the outbox, and in the bundle reader."""

from __future__ import annotations

import pytest

from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol import jsonprofile
from tambon_desktop.protocol.messages import decode_cursor, encode_cursor


@pytest.mark.parametrize("text", [
    "NaN", "[Infinity]", '{"a": -Infinity}', "1e400", '"\\ud800"', '"a\\u0000"',
    '{"\\u0000": 1}', "9223372036854775808", "9" * 4001, "[" * 40 + "]" * 40,
    '{"a": ' * 3000 + "1" + "}" * 3000, "[" + ",".join(["1"] * 6000) + "]", "{nope",
])
def test_outside_the_profile(text):
    with pytest.raises(jsonprofile.ProfileError):
        jsonprofile.loads(text)


def test_inside_the_profile():
    value = {"ชื่อ": "ประชุม", "n": 2**53, "x": -1.5, "l": [[{"a": None, "b": True}]]}
    assert jsonprofile.loads(jsonprofile.json.dumps(value)) == value


def test_cursor_round_trip_and_range():
    assert decode_cursor(encode_cursor({"9501": 12, "9502": 0})) == {"9501": 12, "9502": 0}
    for bad in ({"9501": 2**53 + 1}, {"9501": True}, {"x": 1}, {"9501": [1]}):
        with pytest.raises(ValueError):
            decode_cursor(encode_cursor(bad))


def test_pc_refuses_an_op_outside_the_profile_before_the_outbox(workspace, seed_project):
    from tambon_desktop.store import queries

    with workspace.db.read() as s:
        before = queries.outbox_counts(s)
    with pytest.raises(KnownError):
        workspace.records.create("project", dict(seed_project["data"], name="ถนน\ud800"))
    with workspace.db.read() as s:
        assert queries.outbox_counts(s) == before


def test_bundle_reader_refuses_a_poisoned_op(tmp_path):
    from tambon_desktop.protocol import bundle as fmt
    from tests.helpers.bundle_kit import craft, ops_part, up_manifest
    from tests.helpers.sync_harness import FakeDevice

    device = FakeDevice("http://127.0.0.1:9")
    try:
        op = device.op("create", fields={"name": "ถนน"}, form_id="project")
        part = ops_part([op]).replace('"ถนน"'.encode(), b"NaN")
        data = craft({"ops.jsonl": part}, manifest=up_manifest(device, [op]),
                     key=device.private_key)
    finally:
        device.close()
    with pytest.raises(fmt.BundleError) as info:
        fmt.read_bundle(data)
    assert "NaN" in info.value.message_en
