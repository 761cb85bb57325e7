"""USB bundles, `tambon-bundle/1`: a ZIP holding a signed manifest and its parts.

    manifest.json      what the bundle is: kind (up/down), district, device, sequence range,
                       counts, and the SHA-256 and size of every part as stored
    manifest.sig       Ed25519 signature over the canonical manifest (device or server key)
    ops.jsonl          up: one op envelope per line, as pushed online
    down.json          down: acknowledgements, rejections, conflicts and changes
    attachments/<sha>  attachment bodies, content-addressed

When encrypted (to the server's X25519 key), every part is sealed with ChaCha20-Poly1305 under a
key from an ephemeral X25519 exchange; the manifest stays readable so a province can check
integrity and signature and relay the bundle without reading its contents.

Reading is defensive: the size of the file, of each entry and of each inflated part is bounded,
only the names above are allowed (no path traversal), every checksum and the signature must hold,
and the counts must match, before anything is returned.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tambon_desktop.core import canonical
from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol import signing

FORMAT = "tambon-bundle/1"
SUFFIX = ".tambon"
MAX_BUNDLE_BYTES = 1024 * 1024 * 1024
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_OPS_BYTES = 256 * 1024 * 1024  # ops.jsonl / down.json inflated
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 20_000
ENCRYPTION = "X25519-HKDF-SHA256-ChaCha20Poly1305"
_NAME = re.compile(r"^(manifest\.json|manifest\.sig|ops\.jsonl|down\.json|attachments/[0-9a-f]{64})$")


class BundleError(KnownError):
    """A bundle that must be refused; nothing was changed."""


@dataclass
class Bundle:
    manifest: dict[str, Any]
    ops: list[dict[str, Any]] = field(default_factory=list)
    down: dict[str, Any] | None = None
    attachments: dict[str, bytes] = field(default_factory=dict)
    encrypted_parts: dict[str, bytes] = field(default_factory=dict)  # when no key to open them

    @property
    def sealed(self) -> bool:
        return bool(self.encrypted_parts)


# -- encryption ----------------------------------------------------------------------------

def x25519_keypair() -> tuple[str, str]:
    key = X25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return key.private_bytes_raw().hex(), public.hex()


def _content_key(shared: bytes, ephemeral_public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral_public, info=FORMAT.encode()).derive(shared)


def _seal(key: bytes, name: str, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, data, name.encode())


def _open(key: bytes, name: str, blob: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag

    try:
        return ChaCha20Poly1305(key).decrypt(blob[:12], blob[12:], name.encode())
    except (InvalidTag, ValueError):
        raise BundleError("ถอดรหัสชุดข้อมูลไม่ได้ (กุญแจไม่ตรง)", "cannot decrypt the bundle") from None


# -- writing -------------------------------------------------------------------------------

def write_bundle(
    target_dir: Path,
    *,
    name: str,
    manifest: dict[str, Any],
    signer_private_hex: str,
    ops: list[dict[str, Any]] | None = None,
    down: dict[str, Any] | None = None,
    attachments: dict[str, bytes] | None = None,
    encrypt_to: str | None = None,
) -> Path:
    """Write, fsync, rename, then read back and verify. Returns the final path. On any error
    no file with the final name exists (a half-written '.part' is removed when possible)."""
    parts: dict[str, bytes] = {}
    if ops is not None:
        parts["ops.jsonl"] = b"".join(canonical.dumps(op) + b"\n" for op in ops)
    if down is not None:
        parts["down.json"] = canonical.dumps(down)
    for sha, body in (attachments or {}).items():
        parts[f"attachments/{sha}"] = body
    manifest = dict(manifest, format=FORMAT,
                    signer_public_key=signing.public_key_of(signer_private_hex))
    if encrypt_to:
        ephemeral = X25519PrivateKey.generate()
        eph_pub = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(encrypt_to)))
        key = _content_key(shared, eph_pub)
        parts = {n: _seal(key, n, body) for n, body in parts.items()}
        manifest["encryption"] = {"alg": ENCRYPTION, "ephemeral_public": eph_pub.hex(),
                                  "recipient": encrypt_to}
    else:
        manifest["encryption"] = None
    manifest["parts"] = [{"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                         for n, b in sorted(parts.items())]
    manifest_bytes = canonical.dumps(manifest)
    signature = signing.sign(signer_private_hex, manifest_bytes).encode()

    target_dir = Path(target_dir)
    final = target_dir / name
    tmp = target_dir / (name + ".part")
    try:
        with open(tmp, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", manifest_bytes)
                zf.writestr("manifest.sig", signature)
                for n, body in sorted(parts.items()):
                    compress = zipfile.ZIP_STORED if encrypt_to else zipfile.ZIP_DEFLATED
                    zf.writestr(n, body, compress_type=compress)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, final)
        _fsync_dir(target_dir)
        read_bundle(final)  # read back: what is on the stick must verify
    except BundleError:
        final.unlink(missing_ok=True)
        raise BundleError("ตรวจสอบชุดข้อมูลที่เขียนแล้วไม่ผ่าน สื่อบันทึกอาจเสีย",
                          f"the bundle written to {final} does not verify") from None
    except OSError as exc:
        for path in (tmp, final):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        raise BundleError(f"เขียนชุดข้อมูลไม่สำเร็จ: {exc.strerror or exc}",
                          f"cannot write the bundle to {target_dir}: {exc}") from None
    return final


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- reading -------------------------------------------------------------------------------

def _refuse(th: str, en: str) -> BundleError:
    return BundleError(f"ชุดข้อมูลใช้ไม่ได้: {th}", f"bundle refused: {en}")


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise _refuse("ส่วนหนึ่งใหญ่ผิดปกติ", f"{info.filename} would inflate beyond {limit} bytes")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _refuse("ไฟล์เสียหรือไม่สมบูรณ์", f"{info.filename} is damaged: {exc}") from None
    except Exception as exc:  # zlib.error and friends from a flipped bit
        raise _refuse("ไฟล์เสียหรือไม่สมบูรณ์", f"{info.filename} is damaged: {exc}") from None
    if len(data) > limit:
        raise _refuse("ส่วนหนึ่งใหญ่ผิดปกติ", f"{info.filename} inflates beyond {limit} bytes")
    return data


def read_bundle(path: Path, *, decrypt_with: str | None = None) -> Bundle:
    """Open and verify a bundle. The signature is checked against the key the manifest names;
    the caller then checks that key belongs to the device (or server) it claims to be."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleError(f"เปิดไฟล์ไม่ได้: {path.name}", f"cannot open {path}: {exc}") from None
    if size > MAX_BUNDLE_BYTES:
        raise _refuse("ไฟล์ใหญ่เกินกำหนด", f"larger than {MAX_BUNDLE_BYTES} bytes")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse("ไม่ใช่ไฟล์ชุดข้อมูล หรือไฟล์ถูกตัดไม่ครบ",
                      "not a bundle, or a truncated one") from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_ENTRIES:
            raise _refuse("มีไฟล์ย่อยมากเกินไป", "too many entries")
        bad = [n for n in names if not _NAME.match(n)]
        if bad:
            raise _refuse(f"มีชื่อไฟล์ย่อยที่ไม่อนุญาต ({bad[0][:60]})",
                          f"entry name not allowed: {bad[0][:200]!r}")
        if len(set(names)) != len(names):
            raise _refuse("มีไฟล์ย่อยซ้ำกัน", "duplicate entries")
        by_name = {i.filename: i for i in infos}
        if "manifest.json" not in by_name or "manifest.sig" not in by_name:
            raise _refuse("ไม่มีรายการกำกับหรือลายมือชื่อ", "manifest or signature missing")
        manifest_bytes = _read_entry(zf, by_name["manifest.json"], MAX_MANIFEST_BYTES)
        signature = _read_entry(zf, by_name["manifest.sig"], 1024).decode("ascii", "replace")
        try:
            manifest = json.loads(manifest_bytes)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise _refuse("รายการกำกับเสีย", "manifest is not JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            found = manifest.get("format") if isinstance(manifest, dict) else None
            raise _refuse(f"รุ่นรูปแบบ '{found}' ไม่รองรับ", f"unknown format {found!r}")
        if canonical.dumps(manifest) != manifest_bytes:
            raise _refuse("รายการกำกับถูกแก้ไข", "manifest is not in canonical form")
        key = manifest.get("signer_public_key")
        if not isinstance(key, str) or not signing.verify(key, manifest_bytes, signature.strip()):
            raise _refuse("ลายมือชื่อดิจิทัลไม่ถูกต้อง", "bad or missing signature")
        parts = manifest.get("parts")
        if not isinstance(parts, list):
            raise _refuse("รายการกำกับไม่ครบ", "manifest has no parts")
        listed = {p.get("name") for p in parts if isinstance(p, dict)}
        present = set(names) - {"manifest.json", "manifest.sig"}
        if listed != present or len(listed) != len(parts):
            raise _refuse("ไฟล์ย่อยไม่ตรงกับรายการกำกับ", "parts do not match the manifest")
        blobs: dict[str, bytes] = {}
        for part in parts:
            n = part["name"]
            limit = MAX_OPS_BYTES if not n.startswith("attachments/") else MAX_ATTACHMENT_BYTES
            data = _read_entry(zf, by_name[n], limit + 64)
            if hashlib.sha256(data).hexdigest() != part.get("sha256") or len(data) != part.get("size"):
                raise _refuse(f"ข้อมูลส่วน {n} ไม่ตรงกับค่าตรวจสอบ", f"checksum mismatch in {n}")
            blobs[n] = data
    return _unpack(manifest, blobs, decrypt_with)


def _unpack(manifest: dict, blobs: dict[str, bytes], decrypt_with: str | None) -> Bundle:
    enc = manifest.get("encryption")
    bundle = Bundle(manifest=manifest)
    if enc:
        if not decrypt_with:
            bundle.encrypted_parts = blobs
            return bundle
        private = X25519PrivateKey.from_private_bytes(bytes.fromhex(decrypt_with))
        eph = bytes.fromhex(enc["ephemeral_public"])
        key = _content_key(private.exchange(X25519PublicKey.from_public_bytes(eph)), eph)
        blobs = {n: _open(key, n, b) for n, b in blobs.items()}
    for name, data in blobs.items():
        if name.startswith("attachments/"):
            sha = name.split("/", 1)[1]
            if hashlib.sha256(data).hexdigest() != sha:
                raise _refuse("ไฟล์แนบไม่ตรงกับรหัส", f"attachment {sha} does not match its hash")
            bundle.attachments[sha] = data
        elif name == "ops.jsonl":
            try:
                bundle.ops = [json.loads(line) for line in data.splitlines() if line.strip()]
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise _refuse("รายการเปลี่ยนแปลงเสีย", "ops.jsonl is not JSON lines") from None
        elif name == "down.json":
            try:
                bundle.down = json.loads(data)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise _refuse("ข้อมูลตอบกลับเสีย", "down.json is not JSON") from None
    if manifest.get("op_count") != len(bundle.ops) and "ops.jsonl" in blobs:
        raise _refuse("จำนวนรายการไม่ตรงกับที่ระบุ",
                      f"manifest says {manifest.get('op_count')} ops, bundle holds {len(bundle.ops)}")
    if manifest.get("attachment_count", 0) != len(bundle.attachments):
        raise _refuse("จำนวนไฟล์แนบไม่ตรงกับที่ระบุ", "attachment count does not match")
    return bundle


def peek_sealed_ops(bundle: Bundle, decrypt_with: str) -> Bundle:
    """Open a sealed bundle later (the server holds the key)."""
    return _unpack(bundle.manifest, bundle.encrypted_parts, decrypt_with)
