"""One set-up for every SQLite connection, the PC's store and the server's alike: WAL, foreign
keys on, a busy timeout, and no implicit transactions (the engines issue BEGIN themselves,
deferred for readers, IMMEDIATE for writers). Plain DB-API: no SQLAlchemy here."""

from __future__ import annotations

from typing import Any


def prepare(dbapi_conn: Any, *, synchronous: str, busy_ms: int) -> None:
    """Called on each new connection. `synchronous`: FULL on a PC (a power cut loses nothing
    committed), NORMAL on the server (WAL keeps it consistent; the PC re-sends what a crash
    lost)."""
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", f"synchronous={synchronous}", "foreign_keys=ON",
                   f"busy_timeout={int(busy_ms)}"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()
