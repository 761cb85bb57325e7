"""A region officer's PC (SBPAC) over two provinces, synced from a real server that district
PCs of three provinces fed online and by USB: it holds exactly the districts of its two
provinces, writes nothing, and relays USB bundles of its scope only. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tambon_desktop.core import geo
from tambon_desktop.core.errors import KnownError
from tambon_desktop.services import usb
from tests.helpers.sync_harness import (
    enrol_pc,
    local_state,
    project,
    server_db_url,
)

HOMES = ("9501", "9502", "9401", "9601")  # Yala x2, Pattani, Narathiwat


@pytest.fixture(scope="module")
def fed(server, tmp_path_factory):
    """District PCs of Yala, Pattani and Narathiwat: two projects each, sent online; 9502
    also writes a USB bundle (never synced) for a regional PC to carry."""
    folder = tmp_path_factory.mktemp("region-pcs")
    names = {}
    pcs = {}
    for district in HOMES:
        pcs[district] = enrol_pc(server, folder / district, f"c{district}_{server.backend}",
                                 district=district)
    for district, pc in pcs.items():
        for i in range(2):
            names[pc.ws.records.create("project", project(district, name=f"โครงการ {district} {i}")
                                       ).id] = district
        assert pc.engine.run_round().pushed == 2
    (folder / "stick").mkdir()
    usb_ids = {}
    for district in ("9401", "9601"):  # written for the USB stick, not synced
        rid = pcs[district].ws.records.create(
            "project", project(district, name=f"ทางยูเอสบี {district}")).id
        usb_ids[district] = (rid, usb.export_bundle(pcs[district].ws, folder / "stick").path)
    yield {"records": names, "usb": usb_ids, "folder": folder}
    for pc in pcs.values():
        pc.close()


def districts_held(ws) -> dict[str, str]:
    return {rid: v["data"]["area"]["amphoe"] for rid, v in local_state(ws).items()}


def test_region_pc_receives_exactly_the_districts_of_its_two_provinces(server, fed, enrol):
    pc = enrol(server, f"sbpac_{server.backend}", role="region_officer", codes=["94", "95"])
    try:
        assert pc.ws.scope_codes() == ["94", "95"]
        expected_scope = tuple(sorted(d.code for p in ("94", "95") for d in geo.districts(p)))
        assert pc.ws.scope_districts() == expected_scope and len(expected_scope) == 20
        assert pc.ws.scope_label() == "จังหวัดปัตตานี จังหวัดยะลา"
        pc.engine.run_round()
        held = districts_held(pc.ws)
        want = {rid: d for rid, d in fed["records"].items() if d[:2] in ("94", "95")}
        assert held == want
        assert set(held.values()) == {"9501", "9502", "9401"}
        assert set(held.values()) <= set(pc.ws.scope_districts())

        # read-only: the app refuses to write, and nothing waits to be pushed
        rid = next(iter(held))
        for attempt in (lambda: pc.ws.records.create("project", project("9501")),
                        lambda: pc.ws.records.update(rid, {**pc.ws.records.get(rid).data,
                                                           "name": "แก้"}),
                        lambda: pc.ws.records.delete(rid)):
            with pytest.raises(KnownError) as caught:
                attempt()
            assert "ใช้ดูข้อมูลเท่านั้น" in caught.value.message_th
        assert pc.ws.outbox_counts() == {"pending": 0, "sent": 0, "acked": 0, "rejected": 0}
        assert districts_held(pc.ws) == want

        # USB: a bundle of Pattani is carried to the server; one of Narathiwat is refused
        rid_in, path_in = fed["usb"]["9401"]
        rid_out, path_out = fed["usb"]["9601"]
        with pytest.raises(KnownError) as caught:
            usb.import_bundle(pc.ws, path_out)
        assert "9601" in caught.value.message_th
        assert usb.import_bundle(pc.ws, path_in).action == "queued"
        report = pc.engine.run_round()
        assert report.relayed == 1
        held = districts_held(pc.ws)
        assert held[rid_in] == "9401" and rid_out not in held
    finally:
        pc.close()


def test_province_pc_scope_is_unchanged(server, fed, enrol):
    pc = enrol(server, f"prov95_{server.backend}", role="province_officer", province="95")
    try:
        assert pc.ws.scope_codes() == []
        assert pc.ws.scope_districts() == tuple(d.code for d in geo.districts("95"))
        assert pc.ws.scope_label() == "จังหวัดยะลา"
        pc.engine.run_round()
        assert set(districts_held(pc.ws).values()) == {"9501", "9502"}
        with pytest.raises(KnownError):
            pc.ws.records.create("project", project("9501"))
    finally:
        pc.close()


def test_district_pc_scope_is_its_district(tmp_path):
    from tambon_desktop.services.workspace import Workspace

    with Workspace.init(tmp_path / "d", district="9003", user="clerk") as ws:
        assert ws.scope_districts() == ("9003",) and not ws.read_only
        assert ws.scope_label() == "อำเภอจะนะ"
    with Workspace.init(tmp_path / "r", district="9501", user="sbpac",
                        role="region_officer") as ws:
        assert ws.scope_districts() == tuple(d.code for d in geo.districts("95"))  # not yet set
        ws.set_scope(["94", "95", "96", "9003", "9004", "9005", "9006"])
        assert len(ws.scope_districts()) == 37  # the SBPAC programme area (DOMAIN.md)
        assert set(ws.scope_districts()) == {d.code for d in geo.sbpac_districts()}
        assert ws.scope_label() == ("จังหวัดปัตตานี จังหวัดยะลา จังหวัดนราธิวาส "
                                    "4 อำเภอของจังหวัดสงขลา")
        with pytest.raises(KnownError):
            ws.set_scope(["94", "00"])
        assert ws.read_only


def test_region_pc_gets_its_scope_by_usb_down_bundle(server, fed, tmp_path, enrol):
    """A regional PC with no link: the server writes it a down-bundle of its whole scope."""
    from tambon_desktop.server import bundles, db

    pc = enrol(server, f"sbpac_usb_{server.backend}", role="region_officer",
               codes=["94", "95"])
    engine = db.make_engine(server_db_url(server))
    try:
        with db.session_scope(engine) as session:
            path, manifest = bundles.export_down(session, device_id=pc.ws.device_id,
                                                 target_dir=tmp_path, from_start=True)
        assert manifest.district is None and "region" in path.name
        result = usb.import_bundle(pc.ws, path)
        assert result.action == "applied"
        held = districts_held(pc.ws)
        assert set(held.values()) <= {"9501", "9502", "9401"}
        want = {rid: d for rid, d in fed["records"].items() if d[:2] in ("94", "95")}
        assert want.items() <= held.items()
        assert not any(d[:2] == "96" for d in held.values())
    finally:
        engine.dispose()
        pc.close()
