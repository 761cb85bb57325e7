"""import-bundle and export-down on PostgreSQL (the production database), in process."""

from __future__ import annotations

import os

import pytest

from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.server import auth, bundles, db
from tambon_desktop.server.tables import Device
from tests.helpers.bundle_kit import write_up
from tests.helpers.sync_harness import FakeDevice, create_pg_database, drop_pg_database, pg_base_url
from tests.helpers.usb_harness import snapshot

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_engine():
    base = pg_base_url()
    if not base:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but TAMBON_TEST_PG_URL is not set")
        pytest.skip("TAMBON_TEST_PG_URL not set")
    url = create_pg_database(base)
    engine = db.make_engine(url, pool_size=2)
    db.migrate(engine)
    bundles.ensure_keys(engine)
    bundles.ensure_keys(engine)  # a second start keeps the same keys
    yield engine
    engine.dispose()
    drop_pg_database(base, url)


def test_import_twice_and_export_down_on_postgres(pg_engine, tmp_path):
    device = FakeDevice("http://127.0.0.1:9", district="9501")
    with db.session_scope(pg_engine) as s:
        user = auth.add_user(s, name="pg", password="tambon-test-pw-1", role="clerk", district="9501",
                             province=None, actor="test")
        s.flush()
        s.add(Device(id=device.device_id, user_id=user.id, district="9501", province="95",
                     role="clerk", public_key=device.public_key, created_at="2024-01-01"))
    with db.session_scope(pg_engine) as s:
        keys = bundles.public_keys(s)
    ops = [device.op("create", fields={"name": f"ถนน {i}"}, form_id="project") for i in range(5)]
    first = write_up(tmp_path / "1", device, ops[:3], encrypt_to=keys.bundle_public_key)
    second = write_up(tmp_path / "2", device, ops, encrypt_to=keys.bundle_public_key)
    for path, applied, duplicate in ((second, 5, 0), (first, 0, 3), (second, 0, 5)):
        with db.session_scope(pg_engine) as s:
            receipt = bundles.import_up(s, path, via="cli")
        assert (receipt.applied, receipt.duplicate, receipt.acked_through) == (applied, duplicate, 5)
    before = snapshot(pg_engine)
    with pytest.raises(fmt.BundleError), db.session_scope(pg_engine) as s:
        bundles.import_up(s, second.read_bytes()[:-100], via="cli")
    assert snapshot(pg_engine) == before
    with db.session_scope(pg_engine) as s:
        path, manifest = bundles.export_down(s, device_id=device.device_id, target_dir=tmp_path)
    assert manifest.change_count == 5 and manifest.acked_through == 5
    sealed = fmt.read_bundle(path)
    assert sealed.sealed and sealed.down is None  # sealed to the device; the stick shows no data
    opened = fmt.open_sealed(sealed, fmt.device_opener(device.private_key))
    assert len(opened.down.changes) == 5
    with db.session_scope(pg_engine) as s:
        rows = bundles.ledger(s, district="9501")
    assert sorted((r.direction, r.imports) for r in rows) == [("in", 1), ("in", 2), ("out", 1)]
    device.close()


def test_role_checks_on_import_on_postgres(pg_engine, tmp_path):
    device = FakeDevice("http://127.0.0.1:9", district="9501")
    with db.session_scope(pg_engine) as s:
        user = auth.add_user(s, name="pg_clerk", password="tambon-test-pw-1", role="clerk",
                             district="9501", province=None, actor="test")
        s.flush()
        s.add(Device(id=device.device_id, user_id=user.id, district="9501", province="95",
                     role="clerk", public_key=device.public_key, created_at="2024-01-01"))
    create = device.op("create", fields={"name": "ถนน"}, form_id="project")
    ops = [create,
           device.op("transition", create.record_id, base_version=1, status="proposed",
                     form_id="project"),
           device.op("transition", create.record_id, base_version=2, status="approved",
                     form_id="project"),
           device.op("create", fields={"name": "ประปา"}, form_id="project")]
    path = write_up(tmp_path, device, ops)
    with db.session_scope(pg_engine) as s:
        receipt = bundles.import_up(s, path, via="cli")
    assert (receipt.applied, receipt.rejected, receipt.acked_through) == (3, 1, 4)
    (tmp_path / "down").mkdir()
    with db.session_scope(pg_engine) as s:
        down_path, manifest = bundles.export_down(s, device_id=device.device_id,
                                                  target_dir=tmp_path / "down")
    assert manifest.rejected_count == 1
    down = fmt.open_sealed(fmt.read_bundle(down_path), fmt.device_opener(device.private_key)).down
    [rejected] = down.rejected
    assert rejected.device_seq == 3
    assert rejected.reason.startswith("lifecycle.role: a clerk may not approve")
    device.close()
