"""Engine setup and migrations. SQLite (WAL) in the data folder by default, PostgreSQL when a
URL is given; several server processes may share one PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from tambon_desktop.core import sqlitedb
from tambon_desktop.core.files import private_file

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 0x7A6B0001  # pg_advisory_lock key: one process migrates at a time


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'server.sqlite3'}"


def make_engine(url: str, *, pool_size: int = 20, reader: bool = False) -> Engine:
    """The server's engine. `reader=True` (SQLite): transactions start deferred, so reads in
    WAL mode never take the write lock (login's look-ups under a storm of bad logins)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            private_file(Path(path))  # it holds the server's private bundle keys
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            sqlitedb.prepare(dbapi_conn, synchronous="NORMAL", busy_ms=30_000)

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # Take the write lock up front: no deadlock upgrading a read lock later.
            conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")

        return engine
    # uvicorn runs sync routes on up to 40 threads: enough connections that none waits
    return create_engine(url, pool_size=pool_size, max_overflow=30, pool_timeout=60,
                         pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe with concurrent starters)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if postgres:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                conn.commit()


def read_engine(engine: Engine) -> Engine:
    """An engine for read-only look-ups beside `engine` (itself on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return engine
    return make_engine(engine.url.render_as_string(hide_password=False), reader=True)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
