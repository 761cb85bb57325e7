"""Harness and fixtures for the USB exchange tests: a real tambon-server on loopback
(sync_harness), district and province PCs enrolled with it (sync_harness.enrol_pc), and
in-process access to the server's database for `import-bundle` / `export-down` and for
before/after snapshots."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.helpers.sync_harness import (
    ServerProc,
    add_user_direct,
    enrol_pc,
    server_db_url,
)

_names = itertools.count()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc = ServerProc(tmp_path_factory.mktemp("usb-server")).start()
    proc.backend = "sqlite"
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def engine(server):
    from tambon_desktop.server import db

    eng = db.make_engine(server_db_url(server))
    yield eng
    eng.dispose()


def user_name(district: str) -> str:
    return f"u{next(_names)}_{district}"


def new_user(server, district: str = "9501", role: str = "clerk") -> str:
    """A server user of `district` without a PC (a clerk, or any district-level role)."""
    name = user_name(district)
    add_user_direct(server_db_url(server), name, district=district, role=role)
    return name


def district_pc(server, folder: Path, district: str = "9501", *, login: bool = True):
    return enrol_pc(server, folder, user_name(district), district=district, login=login)


def province_pc(server, folder: Path, district: str = "9501"):
    return enrol_pc(server, folder, user_name(district), district=district,
                    role="province_officer", province=district[:2])


@pytest.fixture
def pc(server, tmp_path, enrol):
    return enrol(server, user_name("9501"), folder=tmp_path / "pc")


def snapshot(engine) -> dict:
    """Every server table's rows (sorted), to prove a refusal changed nothing."""
    from sqlalchemy import text

    from tambon_desktop.server.tables import ServerModel

    out = {}
    with engine.connect() as conn:
        for table in ServerModel.metadata.sorted_tables:
            rows = conn.execute(text(f'SELECT * FROM "{table.name}"')).fetchall()
            out[table.name] = sorted(repr(tuple(r)) for r in rows)
    return out


def import_up(engine, source, via: str = "cli"):
    from tambon_desktop.server import bundles, db

    with db.session_scope(engine) as session:
        return bundles.import_up(session, source, via=via)


def export_down(engine, device_id: str, folder: Path, **kw):
    from tambon_desktop.server import bundles, db

    folder.mkdir(parents=True, exist_ok=True)
    with db.session_scope(engine) as session:
        return bundles.export_down(session, device_id=device_id, target_dir=folder, **kw)
