"""USB bundles, `tambon-bundle/1`: a ZIP holding a signed manifest and its parts.

    manifest.json      what the bundle is (UpManifest / DownManifest below), canonical JSON,
                       with the SHA-256 and size of every part as stored
    manifest.sig       Ed25519 signature (hex) over manifest.json (device or server key)
    ops.jsonl          up: one signed op envelope per line, as pushed online
    down.json          down: acknowledgements, rejections and the district's changes (DownBody)
    attachments/<sha>  attachment bodies, content-addressed

Encrypted (an up-bundle to the server's X25519 key; a down-bundle to the X25519 form of the
receiving device's Ed25519 key): each part is deflated, then sealed with ChaCha20-Poly1305
(the part name as associated data) under a key from an ephemeral X25519 exchange and
HKDF-SHA256, and stored uncompressed. The manifest stays readable, so a province office can
check integrity and signature and relay the bundle without reading its contents.

Reading is defensive: the file, every entry, every inflated part and their total are bounded;
only the names above are allowed; the manifest must be canonical, well-formed and signed; an
optional `check(manifest)` (is this the device or server it claims to be?) runs before any part
is inflated; every checksum, count and sequence number must hold before anything is returned.
The limits are module attributes read at call time (tests lower them).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from tambon_desktop.core import canonical
from tambon_desktop.core.errors import Cancelled, KnownError
from tambon_desktop.core.files import atomic_open
from tambon_desktop.protocol import crypto, jsonprofile, messages, signing
from tambon_desktop.protocol.messages import OpResult, OpWire, RecordChange, Wire
from tambon_desktop.protocol.ops import Op

FORMAT = "tambon-bundle/1"
SUFFIX = ".tambon"
ENCRYPTION = "X25519-HKDF-SHA256-ChaCha20Poly1305"

MAX_BUNDLE_BYTES = 512 * 1024 * 1024  # the file
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_OPS_BYTES = 256 * 1024 * 1024  # ops.jsonl / down.json inflated
MAX_ATTACHMENT_BYTES = messages.MAX_ATTACHMENT_BYTES
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # every part inflated, together
MAX_ENTRIES = 10_000
MAX_OPS = 500_000

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_HEX64 = r"^[0-9a-f]{64}$"
_PART = r"^(ops\.jsonl|down\.json|attachments/[0-9a-f]{64})$"
_ENTRY = re.compile(r"manifest\.json|manifest\.sig|ops\.jsonl|down\.json|attachments/[0-9a-f]{64}")


class BundleError(KnownError):
    """A bundle that must be refused; nothing was changed."""


def refuse(th: str, en: str) -> BundleError:
    return BundleError(f"ชุดข้อมูลใช้ไม่ได้: {th}", f"bundle refused: {en}")


# -- the manifest and the down part ----------------------------------------------------------

class PartInfo(Wire):
    name: str = Field(pattern=_PART)
    sha256: str = Field(pattern=_HEX64)
    size: int = Field(ge=0)


class Encryption(Wire):
    alg: Literal["X25519-HKDF-SHA256-ChaCha20Poly1305"]
    ephemeral_public: str = Field(pattern=_HEX64)
    recipient: str = Field(pattern=_HEX64)


class _Manifest(Wire):
    format: Literal["tambon-bundle/1"]
    bundle_id: str = Field(pattern=_UUID)
    created_at: str = Field(max_length=40)
    protocol: int
    device_id: str = Field(pattern=_UUID)  # up: the writer; down: the device it is for
    district: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    province: str | None = Field(default=None, pattern=r"^[0-9]{2}$")
    signer_public_key: str = Field(pattern=_HEX64)
    attachment_count: int = Field(ge=0)
    encryption: Encryption | None = None
    parts: list[PartInfo] = Field(max_length=MAX_ENTRIES)


class UpManifest(_Manifest):
    kind: Literal["up"]
    signer: Literal["device"]
    seq_first: int = Field(ge=0)  # 0 (and seq_last 0) when the bundle holds no op
    seq_last: int = Field(ge=0)
    op_count: int = Field(ge=0, le=MAX_OPS)
    pull_cursor: str = Field(max_length=100_000)  # where a down-bundle for this device starts


class DownManifest(_Manifest):
    kind: Literal["down"]
    signer: Literal["server"]
    acked_through: int = Field(ge=0)
    rejected_count: int = Field(ge=0)
    change_count: int = Field(ge=0)
    from_cursor: str = Field(max_length=100_000)
    cursor: str = Field(max_length=100_000)


class DownBody(Wire):
    """down.json: what an online push answer and the pull pages would have told the device."""

    device_id: str
    acked_through: int  # every op of the device up to this device_seq is settled
    rejected: list[OpResult]  # the device's rejected ops (with the server's reasons)
    changes: list[RecordChange]  # the district's (or province's) changes after from_cursor
    from_cursor: str
    cursor: str
    server_time: str


Manifest = UpManifest | DownManifest


@dataclass
class Bundle:
    manifest: Manifest
    raw_manifest: dict[str, Any]
    file_sha256: str
    size: int
    ops: list[Op] = field(default_factory=list)
    down: DownBody | None = None
    attachments: dict[str, bytes] = field(default_factory=dict)
    sealed_parts: dict[str, bytes] = field(default_factory=dict)  # encrypted, not opened

    @property
    def sealed(self) -> bool:
        return bool(self.sealed_parts)


# -- encryption ----------------------------------------------------------------------------

def x25519_keypair() -> tuple[str, str]:
    """(private key, public key), raw bytes in hex."""
    private, public = crypto.x25519_generate()
    return private.hex(), public.hex()


def device_recipient(device_public_hex: str) -> str:
    """The X25519 public key (hex) a down-bundle for this device is sealed to."""
    return crypto.x25519_from_ed25519_public(bytes.fromhex(device_public_hex)).hex()


def device_opener(device_private_hex: str) -> str:
    """The X25519 private key (hex) the device opens its down-bundles with."""
    return crypto.x25519_from_ed25519_seed(bytes.fromhex(device_private_hex)).hex()


def _content_key(shared: bytes, ephemeral_public: bytes) -> bytes:
    return crypto.hkdf_sha256(shared, salt=ephemeral_public, info=FORMAT.encode())


def _seal(key: bytes, name: str, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + crypto.aead_encrypt(key, nonce, zlib.compress(data, 6), name.encode())


def _open(key: bytes, name: str, blob: bytes, limit: int) -> bytes:
    try:
        packed = crypto.aead_decrypt(key, blob[:12], blob[12:], name.encode())
    except (crypto.DecryptError, ValueError):
        raise BundleError("ถอดรหัสชุดข้อมูลไม่ได้ (ชุดข้อมูลนี้เข้ารหัสไว้ด้วยกุญแจอื่น)",
                          "cannot decrypt the bundle: it was sealed to another key") from None
    return _inflate(packed, limit, name)


def _inflate(packed: bytes, limit: int, name: str) -> bytes:
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(packed, limit + 1)
    except zlib.error:
        raise refuse("ไฟล์เสียหรือไม่สมบูรณ์", f"{name} is damaged") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise refuse("ส่วนหนึ่งใหญ่เกินกำหนด", f"{name} inflates beyond {limit} bytes")
    if not inflater.eof:
        raise refuse("ไฟล์เสียหรือไม่สมบูรณ์", f"{name} is truncated")
    return data


# -- writing -------------------------------------------------------------------------------

_OP_FIELDS = tuple(Op.__dataclass_fields__)


def _op_dict(op: Op) -> dict[str, Any]:
    """op.to_dict() without dataclasses.asdict's deep copy (dumps copies as it normalises)."""
    return {name: getattr(op, name) for name in _OP_FIELDS}


def write_bundle(
    target_dir: Path,
    *,
    name: str,
    manifest: dict[str, Any],
    signer_private_hex: str,
    ops: list[Op] | None = None,
    down: DownBody | None = None,
    attachments: dict[str, bytes] | None = None,
    encrypt_to: str | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Path:
    """Write to `name`.part, flush, fsync, rename to `name`, fsync the folder, then read the
    file back and verify it. Returns the final path. On any failure (full or vanished folder,
    cancel, a read-back that does not verify) no file with the final name is left behind and
    the '.part' is removed where the folder still exists."""
    parts = _parts(ops, down, attachments)
    manifest = dict(manifest, format=FORMAT, attachment_count=len(attachments or {}),
                    signer_public_key=signing.public_key_of(signer_private_hex))
    parts = _encrypt(parts, manifest, encrypt_to)
    manifest["parts"] = [{"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                         for n, b in sorted(parts.items())]
    _validate_manifest(manifest)  # never write what a reader would refuse
    manifest_bytes = canonical.dumps(manifest)
    signature = signing.sign(signer_private_hex, manifest_bytes).encode("ascii")

    target_dir = Path(target_dir)
    final = target_dir / name
    renamed = False
    try:
        _write_zip(final, manifest_bytes, signature, parts,
                   compress=zipfile.ZIP_STORED if encrypt_to else zipfile.ZIP_DEFLATED,
                   should_stop=should_stop)
        renamed = True
        _fsync_dir(target_dir)
        _drop_cache(final)
        read_bundle(final)  # read back: what is on the stick must verify
    except BundleError:
        _unlink(final)
        raise BundleError("ตรวจสอบชุดข้อมูลที่เขียนแล้วไม่ผ่าน สื่อบันทึกอาจเสีย ลองใช้แฟลชไดรฟ์อื่น",
                          f"the bundle written to {final} does not verify") from None
    except OSError as exc:
        if renamed:
            _unlink(final)
        raise BundleError(f"เขียนชุดข้อมูลไม่สำเร็จ: {_why_th(exc)}",
                          f"cannot write the bundle to {target_dir}: {exc}") from None
    return final


def _parts(ops: list[Op] | None, down: DownBody | None,
           attachments: dict[str, bytes] | None) -> dict[str, bytes]:
    """The bundle's files by name, before any encryption."""
    parts: dict[str, bytes] = {}
    if ops is not None:
        parts["ops.jsonl"] = b"".join(canonical.dumps(_op_dict(op)) + b"\n" for op in ops)
    if down is not None:
        # a change's origin is a pull-only field: left out so every reader takes the bundle
        parts["down.json"] = canonical.dumps(down.model_dump(
            exclude={"changes": {"__all__": {"origin"}}}))
    for sha, body in (attachments or {}).items():
        parts[f"attachments/{sha}"] = body
    return parts


def _encrypt(parts: dict[str, bytes], manifest: dict[str, Any],
             encrypt_to: str | None) -> dict[str, bytes]:
    """Seal every part to the recipient's X25519 key (an ephemeral key agreement) and note
    how in the manifest; without a recipient the parts stay as they are."""
    if not encrypt_to:
        manifest["encryption"] = None
        return parts
    ephemeral, eph_pub = crypto.x25519_generate()
    shared = crypto.x25519_shared(ephemeral, bytes.fromhex(encrypt_to))
    key = _content_key(shared, eph_pub)
    manifest["encryption"] = {"alg": ENCRYPTION, "ephemeral_public": eph_pub.hex(),
                              "recipient": encrypt_to}
    return {n: _seal(key, n, body) for n, body in parts.items()}


def _write_zip(final: Path, manifest_bytes: bytes, signature: bytes, parts: dict[str, bytes], *,
               compress: int, should_stop: Callable[[], bool] | None) -> None:
    """The zip, written to `final`.part and renamed (core.files.atomic_open)."""
    with atomic_open(final) as raw:  # a cut or a cancel leaves no part behind
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", manifest_bytes)
            zf.writestr("manifest.sig", signature)
            for n, body in sorted(parts.items()):
                if should_stop is not None and should_stop():
                    raise Cancelled("ยกเลิกการเขียนชุดข้อมูลแล้ว", "bundle writing cancelled")
                zf.writestr(n, body, compress_type=compress, compresslevel=6)


def _why_th(exc: OSError) -> str:
    import errno

    return {errno.ENOSPC: "พื้นที่ในสื่อบันทึกเต็ม", errno.ENOENT: "ไม่พบโฟลเดอร์ (ถอดแฟลชไดรฟ์ออกหรือไม่)",
            errno.EACCES: "ไม่มีสิทธิ์เขียนโฟลเดอร์นี้", errno.EROFS: "สื่อบันทึกนี้เขียนไม่ได้",
            errno.EIO: "อ่านเขียนสื่อบันทึกผิดพลาด"}.get(exc.errno or 0, exc.strerror or str(exc))


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_cache(path: Path) -> None:
    """Ask the OS to forget the cached pages, so the read-back reads the medium itself."""
    if not hasattr(os, "posix_fadvise"):
        return
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    except OSError:
        pass


# -- reading -------------------------------------------------------------------------------

def _validate_manifest(manifest: Any) -> Manifest:
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    model = {"up": UpManifest, "down": DownManifest}.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise refuse("ไม่ทราบชนิดของชุดข้อมูล", f"unknown bundle kind {kind!r}")
    try:
        return model.model_validate(manifest, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise refuse("รายการกำกับไม่ถูกต้อง", f"manifest field {where}: {first.get('msg')}") from None


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse("ใช้วิธีบีบอัดที่ไม่รองรับ", f"{info.filename}: compression {info.compress_type}")
    if info.flag_bits & 0x1:
        raise refuse("ไฟล์ย่อยถูกเข้ารหัสด้วยรหัสผ่าน", f"{info.filename} is password-protected")
    if info.file_size > limit:
        raise refuse("ส่วนหนึ่งใหญ่เกินกำหนด", f"{info.filename} would inflate beyond {limit} bytes")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except Exception as exc:  # BadZipFile, zlib.error, EOFError... from a cut or flipped file
        raise refuse("ไฟล์เสียหรือไม่สมบูรณ์", f"{info.filename} is damaged: {exc}") from None
    if len(data) > limit:
        raise refuse("ส่วนหนึ่งใหญ่เกินกำหนด", f"{info.filename} inflates beyond {limit} bytes")
    return data


def _load_json(data: bytes, th: str, en: str) -> Any:
    """Strict JSON (jsonprofile): no NaN, Infinity, overflow, lone surrogate, NUL or deep
    nesting in anything a bundle carries; the reason goes into the English message."""
    try:
        return jsonprofile.loads(data, where="bundle", max_depth=jsonprofile.MAX_DEPTH + 6)
    except jsonprofile.ProfileError as exc:
        raise refuse(th, f"{en}: {exc}") from None


def read_bundle(
    source: Path | bytes,
    *,
    decrypt_with: str | None = None,
    check: Callable[[Manifest], None] | None = None,
) -> Bundle:
    """Open and verify a bundle (a path, or its bytes). The signature is checked against the
    key the manifest names; `check` (called before any part is inflated) must then decide
    whether that key is the device's or the server's, and raise BundleError if not."""
    if isinstance(source, bytes | bytearray):
        raw = bytes(source)
        label = "bundle"
    else:
        path = Path(source)
        label = path.name
        try:
            size = path.stat().st_size
            if size > MAX_BUNDLE_BYTES:
                raise refuse("ไฟล์ใหญ่เกินกำหนด", f"larger than {MAX_BUNDLE_BYTES} bytes")
            raw = path.read_bytes()
        except OSError as exc:
            raise BundleError(f"เปิดไฟล์ไม่ได้: {label}", f"cannot open {path}: {exc}") from None
    if len(raw) > MAX_BUNDLE_BYTES:
        raise refuse("ไฟล์ใหญ่เกินกำหนด", f"larger than {MAX_BUNDLE_BYTES} bytes")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("ไม่ใช่ไฟล์ชุดข้อมูล หรือไฟล์ถูกตัดไม่ครบ",
                      f"{label} is not a bundle, or a truncated one") from None
    with zf:
        manifest, blobs = _verified_parts(zf, check)
    bundle = Bundle(manifest=manifest, raw_manifest=manifest.model_dump(),
                    file_sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    return _unpack(bundle, blobs, decrypt_with)


def _verified_parts(zf: zipfile.ZipFile, check) -> tuple[Manifest, dict[str, bytes]]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse("มีไฟล์ย่อยมากเกินไป", "too many entries")
    names = [i.filename for i in infos]
    bad = [n for n in names if not _ENTRY.fullmatch(n)]
    if bad:
        raise refuse(f"มีชื่อไฟล์ย่อยที่ไม่อนุญาต ({bad[0][:60]!r})",
                     f"entry name not allowed: {bad[0][:200]!r}")
    if len(set(names)) != len(names):
        raise refuse("มีไฟล์ย่อยซ้ำกัน", "duplicate entries")
    by_name = {i.filename: i for i in infos}
    if "manifest.json" not in by_name:
        raise refuse("ไม่ใช่ไฟล์ชุดข้อมูล (ไม่มีรายการกำกับ)", "not a bundle: no manifest")
    if "manifest.sig" not in by_name:
        raise refuse("ไม่มีลายมือชื่อดิจิทัล", "the signature is missing")
    manifest_bytes = _read_entry(zf, by_name["manifest.json"], MAX_MANIFEST_BYTES)
    signature = _read_entry(zf, by_name["manifest.sig"], MAX_SIGNATURE_BYTES)
    parsed = _load_json(manifest_bytes, "รายการกำกับเสีย", "manifest is not JSON")
    found = parsed.get("format") if isinstance(parsed, dict) else None
    if found != FORMAT:
        shown = str(found)[:40]
        raise refuse(f"รูปแบบ '{shown}' ไม่รองรับ (โปรแกรมนี้อ่านได้เฉพาะ {FORMAT})",
                     f"unknown format {shown!r}; this program reads {FORMAT}")
    try:
        canonical_form = canonical.dumps(parsed)
    except (ValueError, TypeError, RecursionError):
        canonical_form = b""
    if canonical_form != manifest_bytes:
        raise refuse("รายการกำกับถูกแก้ไข", "manifest is not in canonical form")
    key = parsed.get("signer_public_key")
    sig_text = signature.decode("ascii", "replace").strip()
    if not isinstance(key, str) or not signing.verify(key, manifest_bytes, sig_text):
        raise refuse("ลายมือชื่อดิจิทัลไม่ถูกต้อง", "bad or missing signature")
    manifest = _validate_manifest(parsed)
    if check is not None:
        check(manifest)
    listed = [p.name for p in manifest.parts]
    present = set(names) - {"manifest.json", "manifest.sig"}
    if set(listed) != present or len(set(listed)) != len(listed):
        raise refuse("ไฟล์ย่อยไม่ตรงกับรายการกำกับ", "parts do not match the manifest")
    wanted = "ops.jsonl" if manifest.kind == "up" else "down.json"
    other = "down.json" if manifest.kind == "up" else "ops.jsonl"
    if wanted not in present or other in present:
        raise refuse("ส่วนประกอบไม่ครบหรือเกิน", f"a {manifest.kind} bundle needs {wanted} only")
    if sum(p.size for p in manifest.parts) > MAX_TOTAL_BYTES:
        raise refuse("ชุดข้อมูลใหญ่เกินกำหนด", f"parts add up to over {MAX_TOTAL_BYTES} bytes")
    blobs: dict[str, bytes] = {}
    total = 0
    for part in manifest.parts:
        limit = MAX_ATTACHMENT_BYTES if part.name.startswith("attachments/") else MAX_OPS_BYTES
        info = by_name[part.name]
        if info.file_size != part.size:  # the ZIP's headers and the signed manifest disagree
            raise refuse(f"ข้อมูลส่วน {part.name[:24]} ไม่ตรงกับค่าตรวจสอบ",
                         f"size of {part.name} differs from the manifest")
        # read no more than the signed manifest declares: a part that inflates beyond it is
        # refused after that many bytes, never held whole in memory
        data = _read_entry(zf, info, min(part.size, limit + 64))
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise refuse("ชุดข้อมูลใหญ่เกินกำหนด", f"parts inflate to over {MAX_TOTAL_BYTES} bytes")
        if len(data) != part.size or hashlib.sha256(data).hexdigest() != part.sha256:
            raise refuse(f"ข้อมูลส่วน {part.name[:24]} ไม่ตรงกับค่าตรวจสอบ",
                         f"checksum mismatch in {part.name}")
        blobs[part.name] = data
    return manifest, blobs


def _unpack(bundle: Bundle, blobs: dict[str, bytes], decrypt_with: str | None) -> Bundle:
    manifest = bundle.manifest
    if manifest.attachment_count != sum(n.startswith("attachments/") for n in blobs):
        raise refuse("จำนวนไฟล์แนบไม่ตรงกับที่ระบุ", "attachment count does not match")
    enc = manifest.encryption
    if enc is not None:
        if not decrypt_with:
            bundle.sealed_parts = blobs
            return bundle
        eph = bytes.fromhex(enc.ephemeral_public)
        key = _content_key(crypto.x25519_shared(bytes.fromhex(decrypt_with), eph), eph)
        opened, total = {}, 0
        for n, b in blobs.items():
            limit = MAX_ATTACHMENT_BYTES if n.startswith("attachments/") else MAX_OPS_BYTES
            opened[n] = _open(key, n, b, min(limit, MAX_TOTAL_BYTES - total))
            total += len(opened[n])
        blobs = opened
    for name, data in blobs.items():
        if name.startswith("attachments/"):
            sha = name.split("/", 1)[1]
            if hashlib.sha256(data).hexdigest() != sha:
                raise refuse("ไฟล์แนบไม่ตรงกับรหัส", f"attachment {sha} does not match its hash")
            bundle.attachments[sha] = data
        elif name == "ops.jsonl":
            bundle.ops = _parse_ops(data, manifest)
        else:
            bundle.down = _parse_down(data, manifest)
    return bundle


def _parse_ops(data: bytes, manifest: UpManifest) -> list[Op]:
    if not data.endswith(b"\n") and data:
        raise refuse("รายการเปลี่ยนแปลงไม่ครบ", "ops.jsonl does not end with a newline")
    lines = data.split(b"\n")[:-1] if data else []
    if len(lines) != manifest.op_count:
        raise refuse("จำนวนรายการไม่ตรงกับที่ระบุ",
                     f"manifest says {manifest.op_count} ops, bundle holds {len(lines)}")
    ops = []
    for n, line in enumerate(lines):
        value = _load_json(line, "รายการเปลี่ยนแปลงเสีย", f"ops.jsonl line {n + 1} is not JSON")
        try:
            ops.append(OpWire.model_validate(value).to_op())
        except ValidationError:
            raise refuse("รายการเปลี่ยนแปลงไม่ถูกต้อง", f"ops.jsonl line {n + 1} is not an op") from None
    expected = list(range(manifest.seq_first, manifest.seq_last + 1)) if ops else []
    if [op.device_seq for op in ops] != expected or (
            not ops and (manifest.seq_first or manifest.seq_last)):
        raise refuse("ลำดับรายการไม่ตรงกับที่ระบุ",
                     f"ops are not seq {manifest.seq_first}..{manifest.seq_last} in order")
    if any(op.device_id != manifest.device_id for op in ops):
        raise refuse("มีรายการของเครื่องอื่นปนอยู่", "an op of another device")
    return ops


def _parse_down(data: bytes, manifest: DownManifest) -> DownBody:
    value = _load_json(data, "ข้อมูลตอบกลับเสีย", "down.json is not JSON")
    try:
        body = DownBody.model_validate(value)
    except ValidationError:
        raise refuse("ข้อมูลตอบกลับไม่ถูกต้อง", "down.json has the wrong shape") from None
    if (len(body.changes) != manifest.change_count or len(body.rejected) != manifest.rejected_count
            or body.acked_through != manifest.acked_through or body.device_id != manifest.device_id
            or body.cursor != manifest.cursor or body.from_cursor != manifest.from_cursor):
        raise refuse("ข้อมูลตอบกลับไม่ตรงกับรายการกำกับ", "down.json does not match the manifest")
    return body


def open_sealed(bundle: Bundle, decrypt_with: str) -> Bundle:
    """Open an encrypted bundle read earlier without the key (the server holds it)."""
    return _unpack(bundle, bundle.sealed_parts, decrypt_with)
