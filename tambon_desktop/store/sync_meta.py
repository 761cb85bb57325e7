"""Sync settings kept in the local store (table sync_meta): server, token, cursors, device
key. Functions run in the caller's transaction."""

from __future__ import annotations

from sqlalchemy import text as sql
from sqlmodel import Session


def get_meta(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.execute(sql("SELECT value FROM sync_meta WHERE key = :k"), {"k": key}).first()
    return row[0] if row else default


def set_meta(session: Session, **values: str | None) -> None:
    for key, value in values.items():
        if value is None:
            session.execute(sql("DELETE FROM sync_meta WHERE key = :k"), {"k": key})
        else:
            session.execute(
                sql("INSERT INTO sync_meta(key, value) VALUES (:k, :v) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                {"k": key, "v": value})
