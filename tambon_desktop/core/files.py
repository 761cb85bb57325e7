"""Writing files so that a cut (power, a pulled stick, a full disk) never leaves a complete-
looking half: write a temporary name, flush and fsync, then rename over the target."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tambon_desktop.core.errors import KnownError


@contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """Write `path` through `<name>.part`: the open file is yielded; a clean exit flushes,
    fsyncs and renames it over `path`; any error removes the part and is raised as it is."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def write_atomic(path: Path, data: bytes) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(path) as fh:
            fh.write(data)
    except OSError as exc:
        raise KnownError(f"บันทึกไฟล์ไม่สำเร็จ: {path} ({exc.strerror or exc})",
                         f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def private_file(path: Path) -> Path:
    """Create `path` if missing, readable and writable by its owner only (0600; on Windows the
    inherited access is replaced by the current user's), and make an existing one so. For
    files holding keys: the server's database (its bundle keys) and the PC's store (its device
    key). SQLite gives a database's -wal and -shm files the database's permissions."""
    path = Path(path)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if os.name == "nt":
        _private_windows(path)
    else:
        os.chmod(path, 0o600)
    return path


def _private_windows(path: Path) -> None:
    import getpass
    import subprocess

    try:
        subprocess.run(["icacls", str(path), "/inheritance:r", "/grant:r",
                        f"{getpass.getuser()}:F"], capture_output=True, check=False, timeout=30)
    except OSError:
        pass  # icacls missing: the folder's own access rules still apply
