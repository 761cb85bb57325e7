"""Issue 13: a poisoned up-bundle (validly signed, sealed to the server, an op with NaN) no
longer stops the province PC. The server refuses it with a reason (422, not 500), the relay
sets it aside and carries on with the rest; `tambon usb-queue` lists it with its reason,
queues it again or drops it; `tambon-server import-bundle` says why in one English line."""

from __future__ import annotations

import httpx

from tambon_desktop import cli
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import crypto
from tambon_desktop.services import usb
from tests.helpers.bundle_kit import craft, ops_part, up_manifest
from tests.helpers.sync_harness import FakeDevice, local_state, project
from tests.helpers.usb_harness import district_pc, new_user, province_pc


def poisoned_bundle(server, folder) -> tuple[str, object]:
    """An enrolled device's up-bundle sealed to the server whose one op holds NaN."""
    device = FakeDevice(server.url)
    assert device.login(new_user(server, "9501")).status_code == 200
    try:
        op = device.op("create", fields={"name": "x"}, form_id="project")
        raw = ops_part([op]).replace(b'"x"', b"NaN")
        server_key = httpx.get(f"{server.url}/v1/keys").json()["bundle_public_key"]
        ephemeral, eph_pub = crypto.x25519_generate()
        key = fmt._content_key(crypto.x25519_shared(ephemeral, bytes.fromhex(server_key)),
                               eph_pub)
        manifest = up_manifest(device, [op], encryption={
            "alg": fmt.ENCRYPTION, "ephemeral_public": eph_pub.hex(), "recipient": server_key})
        data = craft({"ops.jsonl": fmt._seal(key, "ops.jsonl", raw)}, manifest=manifest,
                     key=device.private_key, compress=0)
    finally:
        device.close()
    path = folder / f"{manifest['bundle_id']}{fmt.SUFFIX}"
    path.write_bytes(data)
    return manifest["bundle_id"], path


def tambon(ws, *args: str, capsys) -> str:
    assert cli.main(["--data-dir", str(ws.folder), *args]) == 0
    return capsys.readouterr().out


def test_a_poisoned_bundle_is_set_aside_and_the_relay_goes_on(server, tmp_path, capsys):
    (tmp_path / "stick").mkdir()
    a = district_pc(server, tmp_path / "a", "9501")
    prov = province_pc(server, tmp_path / "prov", "9501")
    try:
        poison_id, poison = poisoned_bundle(server, tmp_path / "stick")
        usb.import_bundle(prov.ws, poison)  # sealed: the province checks the manifest only
        a.ws.records.create("project", project("9501", name="ถนนสายใหม่"))
        good = usb.export_bundle(a.ws, tmp_path / "stick")
        usb.import_bundle(prov.ws, good.path)

        report = prov.engine.run_round()  # no exception: the poisoned bundle is set aside
        assert report.relayed == 1
        assert "ถนนสายใหม่" in {v["data"].get("name") for v in local_state(prov.ws).values()}
        [item] = usb.relay_queue(prov.ws)
        assert (item.bundle_id, item.state) == (poison_id, "refused")
        assert "NaN" in item.detail
        listed = tambon(prov.ws, "usb-queue", capsys=capsys)
        assert poison_id in listed and "set aside" in listed and "NaN" in listed

        out = tambon(prov.ws, "usb-queue", "retry", poison_id[:13], capsys=capsys)
        assert "queued again" in out
        assert [i.state for i in usb.relay_queue(prov.ws)] == ["queued"]
        assert prov.engine.run_round().relayed == 0  # refused again, the round completes
        assert [i.state for i in usb.relay_queue(prov.ws)] == ["refused"]

        relay_file = usb.relay_queue(prov.ws)[0].file
        out = tambon(prov.ws, "usb-queue", "drop", poison_id, capsys=capsys)
        assert "dropped" in out
        assert usb.relay_queue(prov.ws) == []
        assert not (tmp_path / relay_file).exists()
        assert "empty" in tambon(prov.ws, "usb-queue", "list", capsys=capsys)
        assert cli.main(["--data-dir", str(prov.ws.folder), "usb-queue", "drop", "nope"]) == 1
    finally:
        a.close()
        prov.close()


def test_server_import_of_a_poisoned_bundle_is_one_english_line(server, tmp_path):
    _, poison = poisoned_bundle(server, tmp_path)
    done = server.admin("import-bundle", str(poison))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: bundle refused") and "NaN" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
