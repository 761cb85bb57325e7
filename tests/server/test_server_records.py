"""Issue 13: record data is checked on the server against the form and version its op claims
(shared forms/ validation). Invalid data is a rejected op with a coded reason and a Thai part
the PC shows, never a stored record. Size limits per field, record and page."""

from __future__ import annotations

import pytest

from tambon_desktop.services.sync import split_reason
from tests.helpers.sync_harness import FakeDevice, push_ok, server_db_url, statuses


def refused(device: FakeDevice, op) -> tuple[str, str, str]:
    [result] = push_ok(device, op)
    assert result["status"] == "rejected", result
    records, _ = device.pull_all()
    assert op.record_id not in records  # never stored
    return split_reason(result["reason"])


@pytest.mark.parametrize(("kwargs", "code", "thai"), [
    ({"form_id": "no_such_form", "fields": {"venue": "x"}}, "record.unknown_form", "ไม่รู้จัก"),
    ({"fields": {"date": "2565-02-30"}}, "record.invalid", "วันที่"),
    ({"fields": {"number": "abc"}}, "record.invalid", "ครั้งที่"),
    ({"fields": {"venue": "ห้อง", "no_such_field": 1}}, "record.invalid", "ไม่มีช่องนี้"),
    ({"fields": {"venue": "ก" * 501}}, "record.invalid", "สถานที่"),
    ({"fields": {"electronic": "yes"}}, "record.invalid", "ใช่/ไม่ใช่"),
])
def test_invalid_record_data_is_a_rejected_op_with_a_thai_reason(dev, kwargs, code, thai):
    op = dev.op("create", None, **kwargs)
    got_code, english, th = refused(dev, op)
    assert got_code == code, english
    assert thai in th, th
    # the sequence moves on: the next good op is applied
    assert statuses(push_ok(dev, dev.op("create", None, {"venue": "ห้องประชุม"}))) == ["applied"]


def test_a_newer_form_version_than_the_server_knows_is_refused(dev):
    from tests.helpers.sync_harness import resign

    op = dev.op("create", None, {"venue": "ห้อง"})
    newer = resign(op, dev, form_version=99)
    dev.last_hash = newer.hash
    code, _, th = refused(dev, newer)
    assert code == "record.form_version" and "ปรับปรุงเซิร์ฟเวอร์" in th


def test_an_update_with_invalid_data_keeps_the_stored_record(dev):
    create = dev.op("create", None, {"venue": "ห้องประชุม", "date": "2022-01-31"})
    assert statuses(push_ok(dev, create)) == ["applied"]
    bad = dev.op("update", create.record_id, {"date": "2565-02-30"}, base_version=1)
    [result] = push_ok(dev, bad)
    assert result["status"] == "rejected" and result["reason"].startswith("record.invalid")
    records, _ = dev.pull_all()
    assert records[create.record_id]["data"] == {"venue": "ห้องประชุม", "date": "2022-01-31"}
    assert records[create.record_id]["version"] == 1


def test_a_25_mb_field_is_refused_before_any_work(dev):
    op = dev.op("create", None, {"opening": "ก" * (25 * 1024 * 1024 // 3)})
    r = dev.push([op])
    assert r.status_code in (413, 422), r.status_code
    assert dev.http.get("/healthz").status_code == 200


def test_unfinished_uploads_are_capped_per_device_and_cleaned_away(server, dev):
    import hashlib

    from tambon_desktop.server import attachments, db

    shas = [hashlib.sha256(f"scan {i}".encode()).hexdigest() for i in range(17)]
    for sha in shas[:16]:
        r = dev.http.put(f"/v1/attachments/{sha}/chunks/0", content=b"partial")
        assert r.status_code == 200, r.text
    r = dev.http.put(f"/v1/attachments/{shas[16]}/chunks/0", content=b"partial")
    assert r.status_code == 429 and "unfinished uploads" in r.json()["detail"]
    engine = db.make_engine(server_db_url(server))
    try:
        with db.session_scope(engine) as session:
            assert attachments.clean_unfinished(session, district="9501", older_than=-60) >= 16
    finally:
        engine.dispose()
    assert dev.http.get(f"/v1/attachments/{shas[0]}/state").json()["received"] == 0
    r = dev.http.put(f"/v1/attachments/{shas[16]}/chunks/0", content=b"partial")
    assert r.status_code == 200, r.text
