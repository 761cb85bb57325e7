"""Crafting bundles for the tests: well-formed ones from a FakeDevice, and hand-made ZIPs with
whatever entries, manifest and signature a test wants (validly signed lies included)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from tambon_desktop.core import canonical, ids
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import PROTOCOL_CURRENT


def up_manifest(device, ops, **changes: Any) -> dict[str, Any]:
    manifest = {
        "kind": "up", "signer": "device", "bundle_id": ids.uuid7(), "created_at": utc_now_iso(),
        "protocol": PROTOCOL_CURRENT, "device_id": device.device_id, "district": device.district,
        "province": device.district[:2], "seq_first": ops[0].device_seq if ops else 0,
        "seq_last": ops[-1].device_seq if ops else 0, "op_count": len(ops), "pull_cursor": "",
    }
    manifest.update(changes)
    return manifest


def write_up(folder: Path, device, ops, *, attachments=None, encrypt_to=None,
             key: str | None = None, **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = up_manifest(device, ops, **changes)
    return fmt.write_bundle(folder, name=f"{manifest['bundle_id']}.tambon", manifest=manifest,
                            signer_private_hex=key or device.private_key, ops=ops,
                            attachments=attachments, encrypt_to=encrypt_to)


def craft(entries: dict[str, bytes] | list[tuple[str, bytes]], *, manifest: dict | None = None,
          key: str | None = None, signature: bytes | None = None,
          compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP with `entries`; with `manifest` and `key`, a manifest listing them (checksums
    right) signed by `key` — unless `signature` is given."""
    items = list(entries.items()) if isinstance(entries, dict) else list(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as zf:
        if manifest is not None:
            manifest = dict(manifest)
            manifest.setdefault("format", fmt.FORMAT)
            manifest.setdefault("encryption", None)
            manifest.setdefault("attachment_count",
                                sum(n.startswith("attachments/") for n, _ in items))
            if key:
                manifest.setdefault("signer_public_key", signing.public_key_of(key))
            manifest.setdefault("parts", [
                {"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                for n, b in sorted(items)])
            body = canonical.dumps(manifest)
            zf.writestr("manifest.json", body)
            sig = signature if signature is not None else signing.sign(key, body).encode()
            zf.writestr("manifest.sig", sig)
        for name, data in items:
            zf.writestr(name, data)
    return out.getvalue()


def ops_part(ops) -> bytes:
    return b"".join(canonical.dumps(op.to_dict()) + b"\n" for op in ops)
