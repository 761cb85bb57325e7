"""tambon-bundle/1 on its own: round trips, encryption, size compared with gzip, and the
reader's defences (names, limits, counts, canonical signed manifest) — no database."""

from __future__ import annotations

import gzip
import hashlib
import io
import tracemalloc
import zipfile

import pytest

from tambon_desktop.core import canonical
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import signing
from tests.helpers.bundle_kit import craft, ops_part, up_manifest, write_up
from tests.helpers.sync_harness import FakeDevice


@pytest.fixture
def device():
    d = FakeDevice("http://127.0.0.1:9")
    yield d
    d.close()


def make_ops(device, n):
    return [device.op("create", fields={"name": f"โครงการที่ {i}", "budget_baht": "100.00"},
                      form_id="project") for i in range(n)]


def test_round_trip_plain_and_encrypted(tmp_path, device):
    ops = make_ops(device, 30)
    blob = b"%PDF-1.7 scanned minutes" * 100
    sha = hashlib.sha256(blob).hexdigest()
    plain = write_up(tmp_path / "p", device, ops, attachments={sha: blob})
    got = fmt.read_bundle(plain)
    assert got.ops == ops and got.attachments == {sha: blob} and not got.sealed
    assert got.manifest.signer_public_key == device.public_key
    assert got.manifest.op_count == 30 and (got.manifest.seq_first, got.manifest.seq_last) == (1, 30)

    private, public = fmt.x25519_keypair()
    sealed = write_up(tmp_path / "s", device, ops, attachments={sha: blob}, encrypt_to=public)
    closed = fmt.read_bundle(sealed)
    assert closed.sealed and closed.ops == [] and closed.manifest.op_count == 30
    assert "โครงการ".encode() not in sealed.read_bytes()
    opened = fmt.read_bundle(sealed, decrypt_with=private)
    assert opened.ops == ops and opened.attachments == {sha: blob}
    assert fmt.open_sealed(closed, private).ops == ops
    other, _ = fmt.x25519_keypair()
    with pytest.raises(fmt.BundleError) as info:
        fmt.read_bundle(sealed, decrypt_with=other)
    assert "ถอดรหัส" in info.value.message_th
    assert list(tmp_path.rglob("*.part")) == []


@pytest.mark.parametrize("encrypted", [False, True])
def test_size_against_gzip_of_the_ops(tmp_path, device, encrypted):
    ops = make_ops(device, 500)
    key = fmt.x25519_keypair()[1] if encrypted else None
    path = write_up(tmp_path, device, ops, encrypt_to=key)
    baseline = len(gzip.compress(canonical.dumps([op.to_dict() for op in ops])))
    assert path.stat().st_size <= 1.2 * baseline, (path.stat().st_size, baseline)


def test_empty_bundle_is_valid(tmp_path, device):
    got = fmt.read_bundle(write_up(tmp_path, device, [], pull_cursor="abc"))
    assert got.ops == [] and got.manifest.pull_cursor == "abc"


def signed(device, ops, entries=None, **changes):
    entries = entries if entries is not None else {"ops.jsonl": ops_part(ops)}
    return craft(entries, manifest=up_manifest(device, ops, **changes), key=device.private_key)


def refused(source, pattern: str = ""):
    with pytest.raises(fmt.BundleError) as info:
        fmt.read_bundle(source)
    assert info.value.message_th.startswith("ชุดข้อมูลใช้ไม่ได้") or "เปิดไฟล์" in info.value.message_th
    assert pattern in info.value.message_th, info.value.message_th
    return info.value


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "/etc/passwd", "attachments/../../x", "attachments\\..\\..\\x",
    "C:\\Windows\\x", "ops.jsonl/../manifest.json", "manifest.json\n", "attachments/" + "A" * 64,
    "./ops.jsonl",
])
def test_entry_names_outside_the_list_are_refused(device, name):
    ops = make_ops(device, 2)
    assert "ชื่อไฟล์ย่อย" in refused(signed(device, ops, {"ops.jsonl": ops_part(ops),
                                                         name: b"x"})).message_th


def test_duplicate_entries_are_refused(device):
    ops = make_ops(device, 1)
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate name
        data = signed(device, ops, [("ops.jsonl", ops_part(ops)), ("ops.jsonl", b"")])
    refused(data)


def test_decompression_bomb_is_refused(device, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_OPS_BYTES", 1024 * 1024)
    ops = make_ops(device, 1)
    bomb = ops_part(ops) + b" " * (8 * 1024 * 1024)
    data = signed(device, ops, {"ops.jsonl": bomb})
    assert len(data) < 100_000
    assert "ใหญ่เกินกำหนด" in refused(data).message_th


def _swap_entry(data: bytes, name: str, chunk: bytes, times: int, *, header_size: int | None):
    """The ZIP `data` with entry `name` replaced by `chunk` * `times`, written as a stream (the
    signed manifest is kept); with `header_size`, the entry's size fields say that instead."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != name:
                zf.writestr(info.filename, src.read(info))
                continue
            with zf.open(name, "w", force_zip64=True) as fh:
                for _ in range(times):
                    fh.write(chunk)
    raw = bytearray(out.getvalue())
    if header_size is not None:  # patch the sizes in the central directory (what readers trust)
        zf = zipfile.ZipFile(io.BytesIO(bytes(raw)))
        info = zf.getinfo(name)
        at = raw.find(b"PK\x01\x02")
        while at != -1:
            size = int.from_bytes(raw[at + 28:at + 30], "little")
            if raw[at + 46:at + 46 + size] == name.encode():
                break
            at = raw.find(b"PK\x01\x02", at + 4)
        extra_at = at + 46 + len(name)
        extra_len = int.from_bytes(raw[at + 30:at + 32], "little")
        extra = raw[extra_at:extra_at + extra_len]
        z = extra.find(b"\x01\x00")  # the ZIP64 field holds the real sizes
        raw[extra_at + z + 4:extra_at + z + 12] = header_size.to_bytes(8, "little")
        assert info.file_size != header_size
    return bytes(raw)


@pytest.mark.parametrize("header_lies", [False, True])
def test_a_part_that_inflates_past_its_signed_size_costs_no_memory(device, header_lies):
    """A validly signed manifest declares a small ops.jsonl, but the entry inflates to 64 MB
    (its ZIP headers telling the truth, or lying too): refused, and the reader never holds
    more than the declared size."""
    ops = make_ops(device, 1)
    part = ops_part(ops)
    data = _swap_entry(signed(device, ops), "ops.jsonl", b" " * (1 << 20), 64,
                       header_size=len(part) if header_lies else None)
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        refused(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak / 1e6:.0f} MB held to refuse a 64 MB part"


def test_total_size_is_bounded(device, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_TOTAL_BYTES", 200_000)
    ops = make_ops(device, 1)
    atts = {}
    for i in range(5):
        body = bytes([i]) * 60_000
        atts[f"attachments/{hashlib.sha256(body).hexdigest()}"] = body
    refused(signed(device, ops, {"ops.jsonl": ops_part(ops), **atts}), "ใหญ่เกินกำหนด")


def test_a_bomb_manifest_is_refused(device, monkeypatch):
    monkeypatch.setattr(fmt, "MAX_MANIFEST_BYTES", 10_000)
    data = craft({"manifest.json": b"[" * 50_000, "manifest.sig": b"00"})
    refused(data, "ใหญ่เกินกำหนด")


def test_deeply_nested_manifest_is_refused(device):
    refused(craft({"manifest.json": b"[" * 100_000 + b"]" * 100_000, "manifest.sig": b"00"}))


@pytest.mark.parametrize("lie", [
    {"op_count": 3}, {"op_count": 1}, {"seq_first": 2, "seq_last": 3}, {"seq_last": 9},
    {"attachment_count": 1}, {"device_id": "01a00000-0000-7000-8000-000000000000"},
])
def test_manifest_that_lies_is_refused(device, lie):
    ops = make_ops(device, 2)
    refused(signed(device, ops, **lie))


def test_unknown_format_and_kind(device):
    ops = make_ops(device, 1)
    assert "tambon-bundle/2" in refused(signed(device, ops, format="tambon-bundle/2")).message_th
    refused(signed(device, ops, kind="sideways"), "ชนิด")
    refused(signed(device, ops, surprise=1), "รายการกำกับไม่ถูกต้อง")


def test_signature_bad_missing_or_of_another_manifest(tmp_path, device):
    ops = make_ops(device, 2)
    manifest = up_manifest(device, ops)
    entries = {"ops.jsonl": ops_part(ops)}
    refused(craft(entries, manifest=manifest, key=device.private_key, signature=b"00" * 64),
            "ลายมือชื่อ")
    refused(craft(entries, manifest=manifest, key=device.private_key, signature=b"not hex"),
            "ลายมือชื่อ")
    other = signing.generate_keypair()[0]
    wrong = signing.sign(other, b"something else").encode()
    refused(craft(entries, manifest=manifest, key=device.private_key, signature=wrong),
            "ลายมือชื่อ")
    path = write_up(tmp_path, device, ops)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist() if i.filename != "manifest.sig"}
    refused(craft(parts), "ไม่มีลายมือชื่อดิจิทัล")


def test_manifest_not_canonical_is_refused(tmp_path, device):
    path = write_up(tmp_path, device, make_ops(device, 1))
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["manifest.json"] = parts["manifest.json"].replace(b'{"', b'{ "', 1)
    refused(craft(parts), "ถูกแก้ไข")


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04", b"\x00" * 1000, b"not a zip at all"])
def test_not_a_bundle(data):
    refused(data, "ไม่ใช่ไฟล์ชุดข้อมูล")


def test_a_plain_zip_of_something_else():
    refused(craft({"readme.txt": b"hello"}), "ชื่อไฟล์ย่อย")
    refused(craft({"manifest.json": b"{}", "manifest.sig": b""}), "รูปแบบ")


def test_other_compression_methods_are_refused(device):
    ops = make_ops(device, 1)
    data = craft({"ops.jsonl": ops_part(ops)}, manifest=up_manifest(device, ops),
                 key=device.private_key, compress=zipfile.ZIP_LZMA)
    refused(data, "บีบอัด")


def test_missing_file():
    with pytest.raises(fmt.BundleError) as info:
        fmt.read_bundle(__import__("pathlib").Path("/nonexistent/x.tambon"))
    assert "เปิดไฟล์ไม่ได้" in info.value.message_th


def test_truncated_and_flipped_bundles_never_read_as_different_content(tmp_path, device):
    ops = make_ops(device, 20)
    data = write_up(tmp_path, device, ops).read_bytes()
    for cut in sorted({int(len(data) * k / 60) for k in range(60)}):
        refused(data[:cut])
    step = max(1, len(data) // 300)
    for pos in range(0, len(data), step):
        for bit in (0, 5):
            flipped = bytearray(data)
            flipped[pos] ^= 1 << bit
            try:
                got = fmt.read_bundle(bytes(flipped))
            except fmt.BundleError:
                continue
            assert got.ops == ops  # a flip in ZIP bookkeeping (a timestamp...) is harmless
