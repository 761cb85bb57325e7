"""Writing files so that a cut (power, a pulled stick, a full disk) never leaves a complete-
looking half: write a temporary name, flush and fsync, then rename over the target."""

from __future__ import annotations

import os
from pathlib import Path

from tambon_desktop.core.errors import KnownError


def write_atomic(path: Path, data: bytes) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise KnownError(f"บันทึกไฟล์ไม่สำเร็จ: {path} ({exc.strerror or exc})",
                         f"cannot write {path}: {exc.strerror or exc}") from None
    return path
