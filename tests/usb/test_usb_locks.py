"""Edit and delete locks over USB: an up-bundle goes through the same apply_ops as an online
push, so an edit of a record another PC proposed meanwhile, or a delete of a locked record, is
rejected the same way, the ops behind it still apply, and the rejection comes back in the
down-bundle. On SQLite and (with TAMBON_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import pytest

from tambon_desktop.services import usb
from tests.helpers.sync_harness import (
    ServerProc,
    create_pg_database,
    drop_pg_database,
    local_state,
    project,
    require_pg,
)
from tests.helpers.usb_harness import district_pc, export_down, import_up


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    """This module's own server, on each backend (the other USB tests use SQLite)."""
    url = base = None
    if request.param == "postgres":
        base = require_pg()
        url = create_pg_database(base)
    proc = ServerProc(tmp_path_factory.mktemp(f"usb-locks-{request.param}"),
                      database_url=url).start()
    proc.backend = request.param
    yield proc
    proc.stop()
    if url and base:
        drop_pg_database(base, url)


def test_usb_import_enforces_the_locks_like_online(server, engine, tmp_path):
    stick = district_pc(server, tmp_path / "stick", "9505")
    online = district_pc(server, tmp_path / "online", "9505")
    try:
        road = stick.ws.records.create("project", project("9505", name="ถนน")).id
        water = stick.ws.records.create("project", project("9505", name="ประปา")).id
        light = stick.ws.records.create("project", project("9505", name="ไฟฟ้า")).id
        stick.engine.run_round()
        online.engine.run_round()
        # online: the other clerk proposes two of them
        online.ws.records.transition(road, "submit")
        online.ws.records.transition(water, "submit")
        online.engine.run_round()
        # the stick PC, offline, still sees drafts: edits one, deletes one, edits the third
        stick.ws.records.update(road, project("9505", name="ถนนลาดยาง"))
        stick.ws.records.delete(water)
        stick.ws.records.update(light, project("9505", name="ไฟฟ้าส่องทาง"))

        receipt = import_up(engine, usb.export_bundle(stick.ws, tmp_path).path)
        assert (receipt.applied, receipt.rejected) == (1, 2)
        path, manifest = export_down(engine, stick.ws.device_id, tmp_path / "down")
        assert manifest.rejected_count == 2
        result = usb.import_bundle(stick.ws, path)
        assert (result.acked, result.rejected) == (1, 2)

        reasons = {r.record_id: (r.kind, r.reason) for r in stick.engine.rejected()}
        kind, reason = reasons[road]
        assert kind == "update" and reason.startswith(
            "lifecycle.changed: cannot edit: another device changed the record to proposed")
        assert "มีผู้เปลี่ยนสถานะเป็นเสนอจากเครื่องอื่นก่อนแล้ว" in reason
        kind, reason = reasons[water]
        assert kind == "delete" and reason.startswith("lifecycle.changed: cannot delete")
        assert set(reasons) == {road, water}
        # the stick PC is back to the server's records: proposed, not deleted, not edited
        state = local_state(stick.ws)
        assert (state[road]["status"], state[road]["data"]["name"]) == ("proposed", "ถนน")
        assert (state[water]["status"], state[water]["deleted"]) == ("proposed", False)
        assert state[light]["data"]["name"] == "ไฟฟ้าส่องทาง"
        online.engine.run_round()
        assert local_state(online.ws) == state
    finally:
        stick.close()
        online.close()
