"""USB exchange end to end against a real server on loopback: a district exports, the server
imports (`tambon-server import-bundle`, preview first), writes a signed down-bundle
(`export-down`), the district imports it like an online pull; a province PC relays bundles at
its next sync; the CLIs and the ledgers on both sides."""

from __future__ import annotations

import json

import pytest

from tambon_desktop import cli
from tambon_desktop.services import usb
from tambon_desktop.store import sync_meta
from tests.helpers.sync_harness import FakeDevice, local_state, outbox_states, project, server_state
from tests.helpers.usb_harness import district_pc, export_down, import_up, province_pc


def tambon(ws, *args: str, capsys) -> str:
    assert cli.main(["--data-dir", str(ws.folder), *args]) == 0
    return capsys.readouterr().out


def observer(server, district="9501"):
    from tests.helpers.usb_harness import new_user

    device = FakeDevice(server.url, district=district)
    device.login(new_user(server, district))
    return device


def test_login_learns_the_server_keys(server, pc):
    import httpx

    keys = httpx.get(f"{server.url}/v1/keys").json()
    with pc.ws.db.read() as s:
        assert sync_meta.get_meta(s, "server_bundle_key") == keys["bundle_public_key"]
        assert sync_meta.get_meta(s, "server_signing_key") == keys["signing_public_key"]


def test_district_to_server_and_back_by_cli(server, tmp_path, capsys):
    a = district_pc(server, tmp_path / "a")
    b = district_pc(server, tmp_path / "b")
    try:
        mine = [a.ws.records.create("project", project("9501", name=f"ถนนสาย {i}")).id
                for i in range(3)]
        theirs = b.ws.records.create("project", project("9501", name="ประปาหมู่บ้าน")).id
        b.engine.run_round()
        stick = tmp_path / "stick"
        stick.mkdir()
        out = json.loads(tambon(a.ws, "usb-export", str(stick), "--json", capsys=capsys))
        assert out["op_count"] == 3 and out["encrypted"]
        path = out["path"]
        # cumulative: nothing acknowledged yet, so a second bundle holds the same ops
        second = usb.export_bundle(a.ws, stick)
        assert (second.seq_first, second.seq_last) == (1, 3)

        done = server.admin("import-bundle", path, "--preview")
        assert done.returncode == 0, done.stderr
        assert "new 3, already known 0, would conflict 0" in done.stdout
        watcher = observer(server)
        assert set(server_state(watcher)) == {theirs}  # the preview changed nothing
        done = server.admin("import-bundle", path)
        assert done.returncode == 0, done.stderr
        assert "3 applied" in done.stdout
        done = server.admin("import-bundle", str(second.path))
        assert "0 applied, 3 already known" in done.stdout
        assert set(server_state(watcher)) == {theirs, *mine}

        down = tmp_path / "down"
        done = server.admin("export-down", "--device", a.ws.device_id, str(down))
        assert done.returncode == 0, done.stderr
        down_file = next(down.glob("*.tambon"))
        raw = down_file.read_bytes()  # sealed to a's key: a lost stick shows no record
        assert "ประปาหมู่บ้าน".encode() not in raw and theirs.encode() not in raw
        preview = tambon(a.ws, "usb-import", str(down_file), "--preview", capsys=capsys)
        assert "new 1  already known 3  would conflict 0" in preview
        assert outbox_states(a.ws)["sent"] == 3  # preview changed nothing
        tambon(a.ws, "usb-import", str(down_file), capsys=capsys)
        assert outbox_states(a.ws) == {"pending": 0, "sent": 0, "acked": 3, "rejected": 0}
        assert local_state(a.ws)[theirs]["data"]["name"] == "ประปาหมู่บ้าน"
        # the same result as an online round would give
        a.engine.run_round()
        assert {k: v["data"] for k, v in local_state(a.ws).items()} == {
            k: v["data"] for k, v in server_state(watcher).items()}
        # importing the down-bundle again changes nothing
        again = usb.import_bundle(a.ws, down_file)
        assert again.times == 2 and again.changes == 0 and again.acked == 0

        ledger = tambon(a.ws, "usb-ledger", "--json", capsys=capsys)
        rows = json.loads(ledger)
        assert sorted((r["direction"], r["kind"], r["state"]) for r in rows) == [
            ("in", "down", "applied"), ("out", "up", "written"), ("out", "up", "written")]
        done = server.admin("bundle-ledger", "--json")
        server_rows = json.loads(done.stdout)
        ours = [r for r in server_rows if r["device_id"] == a.ws.device_id]
        assert {(r["direction"], r["imports"]) for r in ours} == {("in", 1), ("out", 1)}
        watcher.close()
    finally:
        a.close()
        b.close()


def test_down_bundle_starts_at_the_cursor_of_the_newest_up_bundle(server, engine, tmp_path):
    a = district_pc(server, tmp_path / "a", "9502")
    b = district_pc(server, tmp_path / "b", "9502")
    try:
        b.ws.records.create("project", project("9502", name="หนึ่ง"))
        b.engine.run_round()
        a.engine.run_round()  # a has seen "หนึ่ง" online
        b.ws.records.create("project", project("9502", name="สอง"))
        b.engine.run_round()
        a.ws.records.create("project", project("9502", name="สาม"))
        import_up(engine, usb.export_bundle(a.ws, tmp_path).path)
        path, manifest = export_down(engine, a.ws.device_id, tmp_path / "down")
        assert manifest.change_count == 2  # "สอง" and a's own "สาม", not "หนึ่ง"
        result = usb.import_bundle(a.ws, path)
        assert result.acked == 1
        names = {v["data"]["name"] for v in local_state(a.ws).values()}
        assert names == {"หนึ่ง", "สอง", "สาม"}
        _, full = export_down(engine, a.ws.device_id, tmp_path / "full", from_start=True)
        assert full.change_count == 3
    finally:
        a.close()
        b.close()


def test_rejections_come_back_by_usb(server, engine, tmp_path):
    a = district_pc(server, tmp_path / "a", "9503")
    try:
        rec = a.ws.records.create("project", project("9503", name="เดิม"))
        a.engine.run_round()
        # a server-side rejection: the op claims an area outside the district
        with a.ws.db.write() as s:
            from tambon_desktop.store import records as store_records

            row = store_records.get_row(s, rec.id)
            row.amphoe = "9502"
            store_records.write(s, row=row, kind="update", fields={"name": "นอกเขต"},
                                base_version=row.server_version)
        import_up(engine, usb.export_bundle(a.ws, tmp_path).path)
        path, manifest = export_down(engine, a.ws.device_id, tmp_path / "down")
        assert manifest.rejected_count == 1
        result = usb.import_bundle(a.ws, path)
        assert result.rejected == 1
        assert outbox_states(a.ws)["rejected"] == 1
        assert "outside" in a.engine.rejected()[0].reason
    finally:
        a.close()


def test_down_bundle_for_an_earlier_key_is_refused_and_changes_nothing(
        server, engine, tmp_path, raises_th):
    a = district_pc(server, tmp_path / "a", "9504")
    try:
        a.ws.records.create("project", project("9504", name="ก่อนเปลี่ยนกุญแจ"))
        import_up(engine, usb.export_bundle(a.ws, tmp_path).path)
        path, manifest = export_down(engine, a.ws.device_id, tmp_path / "down")
        assert manifest.encryption is not None
        from tambon_desktop.protocol import signing

        with a.ws.db.write() as s:  # this PC's key changed since the bundle was written
            sync_meta.set_meta(s, private_key=signing.generate_keypair()[0])
        before = (outbox_states(a.ws), local_state(a.ws), usb.ledger(a.ws))
        with raises_th("เข้ารหัสไว้สำหรับกุญแจเดิมของเครื่องนี้"):
            usb.preview(a.ws, path)
        with raises_th("เข้ารหัสไว้สำหรับกุญแจเดิมของเครื่องนี้"):
            usb.import_bundle(a.ws, path)
        assert (outbox_states(a.ws), local_state(a.ws), usb.ledger(a.ws)) == before
    finally:
        a.close()


def test_province_relays_at_its_next_sync(server, tmp_path, capsys):
    a = district_pc(server, tmp_path / "a", "9401")
    prov = province_pc(server, tmp_path / "prov", "9401")
    try:
        rec = a.ws.records.create("project", project("9401", name="ถนน")).id
        a.engine.run_round()
        prov.engine.run_round()  # the province has the record
        a.ws.records.update(rec, project("9401", name="ถนนลาดยาง"))
        a.ws.records.create("project", project("9401", name="ประปา"))
        with a.ws.db.write() as s:  # this PC never learned the bundle key: plain bundle
            sync_meta.set_meta(s, server_bundle_key=None)
        plain = usb.export_bundle(a.ws, tmp_path)
        assert not plain.encrypted
        preview = usb.preview(prov.ws, plain.path)
        assert preview.action == "relay" and preview.detailed
        assert (preview.new, preview.known, preview.conflict) == (2, 0, 0)
        out = tambon(prov.ws, "usb-import", str(plain.path), capsys=capsys)
        assert "queued for relay" in out
        usb.import_bundle(prov.ws, plain.path)  # twice: still one relay
        assert [r[12] for r in usb.ledger(prov.ws)] == ["queued"]
        report = prov.engine.run_round()
        assert report.relayed == 1
        assert {v["data"]["name"] for v in local_state(prov.ws).values()} == {
            "ถนนลาดยาง", "ประปา"}
        assert [(r[12], r[14]) for r in usb.ledger(prov.ws)] == [("relayed", 2)]
        assert prov.engine.run_round().relayed == 0
        # an encrypted bundle: the province checks the manifest only
        a.ws.records.create("project", project("9401", name="ไฟฟ้า"))
        with a.ws.db.write() as s:
            sync_meta.set_meta(s, server_bundle_key=server_keys(server)["bundle_public_key"])
        sealed = usb.export_bundle(a.ws, tmp_path)
        p = usb.preview(prov.ws, sealed.path)
        assert p.encrypted and not p.detailed and p.op_count == 3 and p.notes
        usb.import_bundle(prov.ws, sealed.path)
        assert prov.engine.run_round().relayed == 1
        assert "ไฟฟ้า" in {v["data"]["name"] for v in local_state(prov.ws).values()}
        # the district gets its acknowledgements online or by a down-bundle later
        a.engine.run_round()
        assert outbox_states(a.ws)["acked"] == 4
    finally:
        a.close()
        prov.close()


def server_keys(server) -> dict:
    import httpx

    return httpx.get(f"{server.url}/v1/keys").json()


def test_province_of_another_province_cannot_relay(server, tmp_path, raises_th):
    a = district_pc(server, tmp_path / "a", district="9402")
    prov = province_pc(server, tmp_path / "prov", district="9601")
    try:
        a.ws.records.create("project", project("9402", name="ถนน"))
        path = usb.export_bundle(a.ws, tmp_path).path
        with raises_th("นอกจังหวัดนี้"):
            usb.import_bundle(prov.ws, path)
        assert usb.ledger(prov.ws) == []
    finally:
        a.close()
        prov.close()


def test_relay_endpoint_refuses_with_reasons(server, tmp_path):
    import httpx

    from tambon_desktop.protocol.messages import PROTOCOL_CURRENT, PROTOCOL_HEADER

    a = district_pc(server, tmp_path / "a", district="9403")
    prov = province_pc(server, tmp_path / "prov", district="9601")
    try:
        a.ws.records.create("project", project("9403", name="ถนน"))
        data = usb.export_bundle(a.ws, tmp_path).path.read_bytes()
        with prov.ws.db.read() as s:
            token = sync_meta.get_meta(s, "token")
        headers = {PROTOCOL_HEADER: str(PROTOCOL_CURRENT), "Authorization": f"Bearer {token}"}
        r = httpx.post(f"{server.url}/v1/bundles", content=data, headers=headers)
        assert r.status_code == 403 and "relay" in r.json()["detail"]
        r = httpx.post(f"{server.url}/v1/bundles", content=data[:-10], headers=headers)
        assert r.status_code == 422 and "bundle refused" in r.json()["detail"]
        r = httpx.post(f"{server.url}/v1/bundles", content=data)
        assert r.status_code in (400, 401)
    finally:
        a.close()
        prov.close()


@pytest.mark.parametrize("attachments", [1, 3])
def test_attachments_travel_both_ways(server, engine, tmp_path, attachments):
    import hashlib

    from tambon_desktop.protocol import bundle as fmt
    from tests.helpers.bundle_kit import write_up

    device = observer(server, "9505")
    bodies = [f"สแกนรายงานการประชุม {i}".encode() * 500 for i in range(attachments)]
    refs = [{"sha256": hashlib.sha256(b).hexdigest(), "name": f"scan{i}.pdf"}
            for i, b in enumerate(bodies)]
    ops = [device.op("create", fields={"name": "มีไฟล์แนบ", "attachments": refs}, form_id="project")]
    path = write_up(tmp_path, device, ops,
                    attachments={r["sha256"]: b for r, b in zip(refs, bodies, strict=True)},
                    encrypt_to=server_keys(server)["bundle_public_key"])
    assert import_up(engine, path).applied == 1
    for ref, body in zip(refs, bodies, strict=True):
        assert device.http.get(f"/v1/attachments/{ref['sha256']}").content == body
    down, manifest = export_down(engine, device.device_id, tmp_path / "down", from_start=True)
    assert manifest.attachment_count == attachments
    opened = fmt.open_sealed(fmt.read_bundle(down), fmt.device_opener(device.private_key))
    assert set(opened.attachments) == {r["sha256"] for r in refs}
    device.close()
