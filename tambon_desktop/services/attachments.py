"""Attachments: the one home of where an attachment lives and how it is checked. A file is
kept once, named by its content, as <data>/attachments/<sha256>; whatever brings one in (the
editor, a sync download, a down-bundle) and whatever sends one out (a push, an up-bundle)
goes through `path_for`, `verify`, `read` and `save`."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.files import write_atomic

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

FOLDER = "attachments"
_SHA = re.compile(r"[0-9a-f]{64}")


def is_sha(text: object) -> bool:
    return isinstance(text, str) and _SHA.fullmatch(text) is not None


def path_for(folder: Path | str, sha: str) -> Path:
    """Where the attachment `sha` is (or would be) kept in the data folder `folder`."""
    if not is_sha(sha):
        raise KnownError("รหัสไฟล์แนบไม่ถูกต้อง", f"not an attachment id: {sha[:80]!r}")
    return Path(folder) / FOLDER / sha


def verify(data: bytes, sha: str) -> bool:
    """True when `data` is the attachment `sha` (its SHA-256)."""
    return hashlib.sha256(data).hexdigest() == sha


def file_sha256(path: Path | str) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(folder: Path | str, sha: str) -> bytes | None:
    """The attachment's bytes, None when this PC does not have it; a file whose content no
    longer matches its name is refused."""
    try:
        data = path_for(folder, sha).read_bytes()
    except FileNotFoundError:
        return None
    if not verify(data, sha):
        raise KnownError(f"ไฟล์แนบ {sha[:12]} เสียหาย", f"attachment {sha} is corrupt")
    return data


def save(folder: Path | str, sha: str, data: bytes) -> bool:
    """Keep checked bytes as the attachment `sha` (atomically); False when already kept."""
    target = path_for(folder, sha)
    if target.exists():
        return False
    write_atomic(target, data)
    return True


def add_file(folder: Path | str, source: Path) -> dict[str, Any]:
    """Copy a file the clerk picked into the attachments folder; its form entry."""
    source = Path(source)
    try:
        sha = file_sha256(source)
        target = path_for(folder, sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            tmp = target.with_suffix(".part")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        size = source.stat().st_size
    except OSError as exc:
        raise KnownError(f"แนบไฟล์ไม่สำเร็จ: {source.name}",
                         f"cannot attach {source}: {exc.strerror}") from None
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    return {"sha256": sha, "name": source.name, "size": size, "mime": mime}


def refs(value: Any) -> set[str]:
    """The SHA-256 of every attachment entry ({"sha256": ..., ...}) inside a value."""
    found: set[str] = set()
    if isinstance(value, dict):
        sha = value.get("sha256")
        if is_sha(sha):
            found.add(sha)
        for item in value.values():
            found |= refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= refs(item)
    return found


class Attachments:
    """The workspace's attachments (`ws.attachments`): the functions above over its folder."""

    def __init__(self, ws: Workspace):
        self._ws = ws

    @property
    def folder(self) -> Path:
        return Path(self._ws.folder)

    def path_for(self, sha: str) -> Path:
        return path_for(self.folder, sha)

    def has(self, sha: str) -> bool:
        return path_for(self.folder, sha).exists()

    def read(self, sha: str) -> bytes | None:
        return read(self.folder, sha)

    def save(self, sha: str, data: bytes) -> bool:
        return save(self.folder, sha, data)

    def add_file(self, source: Path) -> dict[str, Any]:
        return add_file(self.folder, source)

    verify = staticmethod(verify)
