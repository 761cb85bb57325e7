"""Unsaved editor contents, one small JSON file per open editor in <data>/drafts/, written
atomically (temp file, fsync, rename) so a crash or a power cut leaves the last good copy.
The next start finds the files left behind and offers them back. Qt-free."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tambon_desktop.core.files import write_atomic


@dataclass(frozen=True)
class Draft:
    key: str
    form_id: str
    record_id: str | None
    data: dict[str, Any]
    saved_at: float
    title: str = ""


class DraftStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder) / "drafts"

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def write(self, key: str, *, form_id: str, record_id: str | None, data: dict,
              title: str = "") -> None:
        body = json.dumps({"form_id": form_id, "record_id": record_id, "data": data,
                           "saved_at": time.time(), "title": title}, ensure_ascii=False)
        write_atomic(self._path(key), body.encode("utf-8"))

    def remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def load_all(self) -> list[Draft]:
        """Drafts left by an earlier run, newest first; unreadable files are skipped."""
        out = []
        if not self.folder.is_dir():
            return out
        for path in self.folder.glob("*.json"):
            try:
                d = json.loads(path.read_text("utf-8"))
                out.append(Draft(path.stem, d["form_id"], d.get("record_id"), d["data"],
                                 float(d.get("saved_at", 0)), d.get("title", "")))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(out, key=lambda d: -d.saved_at)
