"""Small Qt-free helpers the desktop UI needs beside the Workspace facade: a cheap check for a
set-up workspace (stdlib sqlite3, so the first paint never waits for SQLModel), list columns,
and attachment storage in the data folder."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tambon_desktop.core.paths import data_dir
from tambon_desktop.services import attachments

DB_NAME = "tambon.sqlite3"  # == store.db.DB_NAME (kept here to avoid importing the store)
LIST_COLUMNS = ("id", "form_id", "title", "record_date", "status", "updated_at", "amphoe",
                "tambon", "number", "year_be")  # == store.queries.LIST_COLUMNS (checked by a test)
LEDGER_COLUMNS = (
    "last_at", "direction", "kind", "district", "device_id", "bundle_id", "seq_first",
    "seq_last", "op_count", "change_count", "attachment_count", "encrypted", "state", "detail",
    "times", "file_name",
)  # == store.usb_ledger.LEDGER_COLUMNS (checked by a test)


def workspace_ready(folder: str | os.PathLike | None) -> bool:
    """True if the folder holds a set-up workspace (a device row), without SQLModel."""
    path = data_dir(folder) / DB_NAME
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM device").fetchone()[0] > 0
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def store_attachment(folder: Path, source: Path) -> dict:
    """Copy a file into <data>/attachments/<sha256> and return its form entry."""
    return attachments.add_file(folder, source)
