"""Refusals, on the server (`import-bundle`, the relay endpoint) and on a district PC
(down-bundles): each with a clear Thai message, and nothing changed — the server database
(ledger included) and the PC's outbox, records and ledger are exactly as before."""

from __future__ import annotations

import zipfile

import pytest

from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import signing
from tambon_desktop.server import auth, bundles, db
from tambon_desktop.services import usb
from tests.helpers.bundle_kit import craft, ops_part, up_manifest, write_up
from tests.helpers.sync_harness import FakeDevice, local_state, outbox_states, project
from tests.helpers.usb_harness import export_down, import_up, new_user, snapshot


@pytest.fixture(scope="module")
def enrolled(server):
    """A device enrolled in 9501 with a valid up-bundle, and one enrolled in 9502."""
    devices = {}
    for district in ("9501", "9502"):
        device = FakeDevice(server.url, district=district)
        assert device.login(new_user(server, district)).status_code == 200
        devices[district] = device
    yield devices
    for device in devices.values():
        device.close()


def ops_of(device, n=3):
    return [device.op("create", fields={"name": f"โครงการ {i}"}, form_id="project")
            for i in range(n)]


def assert_refused(engine, source, pattern: str, *, exc=fmt.BundleError):
    before = snapshot(engine)
    with pytest.raises(exc) as info:
        import_up(engine, source)
    assert pattern in info.value.message_th, info.value.message_th
    assert snapshot(engine) == before
    return info.value


def test_truncated_at_fifty_offsets(engine, enrolled, tmp_path):
    device = enrolled["9501"]
    data = write_up(tmp_path, device, ops_of(device, 20)).read_bytes()
    before = snapshot(engine)
    for k in range(50):
        cut = len(data) * k // 50
        with pytest.raises(fmt.BundleError) as info:
            import_up(engine, data[:cut])
        assert info.value.message_th.startswith("ชุดข้อมูลใช้ไม่ได้")
    assert snapshot(engine) == before


def test_bit_flips_are_refused_or_harmless(engine, enrolled, tmp_path):
    device = enrolled["9501"]
    ops = ops_of(device, 10)
    data = write_up(tmp_path, device, ops).read_bytes()
    before = snapshot(engine)
    refused = 0
    with db.session_scope(engine) as session:
        for pos in range(0, len(data), max(1, len(data) // 200)):
            flipped = bytearray(data)
            flipped[pos] ^= 0x10
            try:
                bundle, _ = bundles.read_up(session, bytes(flipped))
            except fmt.BundleError:
                refused += 1
                continue
            assert bundle.ops == ops
    assert refused > 150
    assert snapshot(engine) == before


def test_signatures(engine, enrolled, tmp_path, server):
    device = enrolled["9501"]
    ops = ops_of(device)
    entries = {"ops.jsonl": ops_part(ops)}
    manifest = up_manifest(device, ops)
    assert_refused(engine, craft(entries, manifest=manifest, key=device.private_key,
                                 signature=b"ab" * 64), "ลายมือชื่อดิจิทัลไม่ถูกต้อง")
    assert_refused(engine, craft(entries, manifest=manifest, key=device.private_key,
                                 signature=b""), "ลายมือชื่อดิจิทัลไม่ถูกต้อง")
    # self-consistent, but not the key the device enrolled with
    stranger = signing.generate_keypair()[0]
    assert_refused(engine, write_up(tmp_path, device, ops, key=stranger),
                   "ลายมือชื่อไม่ใช่ของเครื่องที่ระบุ")
    # a device the server never enrolled
    unknown = FakeDevice(server.url)
    assert_refused(engine, write_up(tmp_path, unknown, ops_of(unknown)), "ยังไม่ได้ลงทะเบียน")
    unknown.close()


def test_bundle_of_another_district(engine, enrolled, tmp_path):
    device = enrolled["9502"]  # enrolled for 9502, claims 9501
    assert_refused(engine, write_up(tmp_path, device, ops_of(device), district="9501"),
                   "แต่เครื่องสังกัด 9502")


def test_bundle_of_a_revoked_device(engine, server, tmp_path):
    device = FakeDevice(server.url, district="9501")
    device.login(new_user(server, "9501"))
    path = write_up(tmp_path, device, ops_of(device))
    with db.session_scope(engine) as session:
        auth.revoke_device(session, device_id=device.device_id, actor="test")
    assert_refused(engine, path, "ถูกเพิกถอน")
    device.close()


def test_unknown_format_version(engine, enrolled):
    device = enrolled["9501"]
    ops = ops_of(device)
    data = craft({"ops.jsonl": ops_part(ops)},
                 manifest=up_manifest(device, ops, format="tambon-bundle/9"),
                 key=device.private_key)
    assert_refused(engine, data, "tambon-bundle/9")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "attachments\\..\\evil",
                                  "attachments/../../../tmp/x"])
def test_path_traversal_names(engine, enrolled, name):
    device = enrolled["9501"]
    ops = ops_of(device)
    data = craft({"ops.jsonl": ops_part(ops), name: b"root::0:0"},
                 manifest=up_manifest(device, ops), key=device.private_key)
    assert_refused(engine, data, "ชื่อไฟล์ย่อยที่ไม่อนุญาต")


def test_decompression_bomb(engine, enrolled, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_OPS_BYTES", 2 * 1024 * 1024)
    device = enrolled["9501"]
    ops = ops_of(device)
    data = craft({"ops.jsonl": ops_part(ops) + b"\n" * (20 * 1024 * 1024)},
                 manifest=up_manifest(device, ops), key=device.private_key)
    assert len(data) < 200_000
    assert_refused(engine, data, "ใหญ่เกินกำหนด")


@pytest.mark.parametrize("lie", [{"op_count": 4}, {"op_count": 2}, {"seq_last": 7},
                                 {"attachment_count": 2}])
def test_manifest_lies_about_counts(engine, enrolled, lie):
    device = enrolled["9501"]
    ops = ops_of(device)
    data = craft({"ops.jsonl": ops_part(ops)}, manifest=up_manifest(device, ops, **lie),
                 key=device.private_key)
    assert_refused(engine, data, "ไม่ตรง")


@pytest.mark.parametrize("data", [b"", bytes(range(256)) * 40, b"PK\x05\x06" + b"\0" * 18])
def test_not_a_bundle(engine, data, tmp_path):
    path = tmp_path / "x.tambon"
    path.write_bytes(data)
    assert_refused(engine, path, "ไม่ใช่ไฟล์ชุดข้อมูล")


def test_plain_zip_of_something_else(engine, tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff" + b"\0" * 100)
    assert_refused(engine, path, "ชื่อไฟล์ย่อยที่ไม่อนุญาต")


def test_sealed_to_another_server(engine, enrolled, tmp_path):
    device = enrolled["9501"]
    _, foreign = fmt.x25519_keypair()
    assert_refused(engine, write_up(tmp_path, device, ops_of(device), encrypt_to=foreign),
                   "เซิร์ฟเวอร์อื่น")


def test_ops_with_bad_signatures_inside_a_good_bundle(engine, enrolled, tmp_path):
    from dataclasses import replace

    device = enrolled["9501"]
    ops = ops_of(device, 2)
    forged = [ops[0], replace(ops[1], signature="00" * 64)]
    refused = assert_refused(engine, write_up(tmp_path, device, forged), "ไม่ผ่านการตรวจ")
    # the coded batch refusal: which op, in Thai for the clerk and English for the admin
    assert f"ลายมือชื่อของการแก้ไข {ops[1].op_id} ไม่ตรงกับกุญแจของเครื่องนี้" in refused.message_th
    assert f"batch.op_signature: op {ops[1].op_id}: signature does not verify" in (
        refused.message_en)


def test_a_down_bundle_is_not_an_up_bundle(engine, enrolled, tmp_path):
    device = enrolled["9501"]
    path, _ = export_down(engine, device.device_id, tmp_path / "down")
    assert_refused(engine, path, "ชุดข้อมูลขาลง")


# -- on the district PC ----------------------------------------------------------------------

def pc_snapshot(ws):
    return local_state(ws), outbox_states(ws), usb.ledger(ws)


def test_district_pc_refuses_bad_down_bundles(engine, pc, tmp_path, raises_th):
    pc.ws.records.create("project", project("9501", name="ถนน"))
    export = usb.export_bundle(pc.ws, tmp_path)
    import_up(engine, export.path)
    good, _ = export_down(engine, pc.ws.device_id, tmp_path / "down")
    data = good.read_bytes()
    before = pc_snapshot(pc.ws)
    for k in range(50):
        cut = tmp_path / f"cut{k}.tambon"
        cut.write_bytes(data[:len(data) * k // 50])
        with raises_th("ชุดข้อมูลใช้ไม่ได้"):
            usb.import_bundle(pc.ws, cut)
    # signed by some other key claiming to be the server
    with zipfile.ZipFile(good) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()
                 if i.filename not in ("manifest.json", "manifest.sig")}
        import json
        manifest = json.loads(zf.read("manifest.json"))
    for key in ("signer_public_key", "parts", "format", "encryption", "attachment_count"):
        manifest.pop(key)
    forged = tmp_path / "forged.tambon"
    forged.write_bytes(craft(parts, manifest=manifest, key=signing.generate_keypair()[0]))
    with raises_th("ไม่ใช่ของเซิร์ฟเวอร์"):
        usb.import_bundle(pc.ws, forged)
    # another device of the district
    other = FakeDevice(pc.engine.server_url)
    other.login(new_user_for(engine, pc))
    theirs, _ = export_down(engine, other.device_id, tmp_path / "theirs")
    with raises_th("สำหรับเครื่องอื่น"):
        usb.import_bundle(pc.ws, theirs)
    other.close()
    # an up-bundle is for the province or the server, not a district PC
    with raises_th("ต้องนำเข้าที่จังหวัดหรือที่เซิร์ฟเวอร์"):
        usb.import_bundle(pc.ws, export.path)
    assert pc_snapshot(pc.ws) == before


def new_user_for(engine, pc) -> str:
    from tests.helpers.sync_harness import PASSWORD

    name = f"other-{pc.user}"
    with db.session_scope(engine) as session:
        auth.add_user(session, name=name, password=PASSWORD, role="clerk", district="9501",
                      province=None, actor="test")
    return name


def test_pc_that_never_learned_the_server_key(engine, pc, tmp_path, raises_th):
    from tambon_desktop.store import sync_meta

    path, _ = export_down(engine, pc.ws.device_id, tmp_path)
    with pc.ws.db.write() as s:
        sync_meta.set_meta(s, server_signing_key=None)
    before = pc_snapshot(pc.ws)
    with raises_th("ยังไม่รู้จักกุญแจของเซิร์ฟเวอร์"):
        usb.preview(pc.ws, path)
    with raises_th("ยังไม่รู้จักกุญแจของเซิร์ฟเวอร์"):
        usb.import_bundle(pc.ws, path)
    assert pc_snapshot(pc.ws) == before
