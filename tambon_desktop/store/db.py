"""The local SQLite file: WAL, synchronous=FULL, foreign keys on. Two engines on one file:
reads begin deferred, writes begin IMMEDIATE so two writers never deadlock on an upgrade,
and a process-wide lock serialises our own writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from tambon_desktop.core import sqlitedb
from tambon_desktop.core.files import private_file
from tambon_desktop.store import migrations

DB_NAME = "tambon.sqlite3"


def _engine(path: Path, begin: str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        sqlitedb.prepare(dbapi_conn, synchronous="FULL", busy_ms=10_000)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql(begin)

    return engine


class Database:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        private_file(path)  # it holds this PC's device key
        migrations.migrate(path)
        self._reader = _engine(path, "BEGIN")
        self._writer = _engine(path, "BEGIN IMMEDIATE")
        self._write_lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._reader, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._write_lock, Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def raw_backup(self, target: Path) -> Path:
        import sqlite3

        conn = sqlite3.connect(self.path)
        try:
            return migrations.backup_copy(conn, target)
        finally:
            conn.close()

    def close(self) -> None:
        self._reader.dispose()
        self._writer.dispose()
