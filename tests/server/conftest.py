"""Fixtures for the server and sync tests: a real tambon-server on a loopback port, on SQLite
always and on PostgreSQL when TAMBON_TEST_PG_URL is set (required when CI=true)."""

from __future__ import annotations

import itertools

import pytest

from tests.helpers.sync_harness import (
    OPENED,
    ServerProc,
    add_user_direct,
    create_pg_database,
    drop_pg_database,
    require_pg,
    server_db_url,
    signed_in,
)

_users = itertools.count()

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def _close_devices():
    """Devices made by sync_harness.signed_in are closed after each test."""
    yield
    while OPENED:
        OPENED.pop().close()


@pytest.fixture(scope="module")
def database_url(request, tmp_path_factory):
    """None for SQLite in the data folder, else a fresh PostgreSQL database for this module."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield None
        return
    base = require_pg()
    url = create_pg_database(base)
    yield url
    drop_pg_database(base, url)


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    backend = request.param
    url = None
    base = None
    if backend == "postgres":
        base = require_pg()
        url = create_pg_database(base)
    proc = ServerProc(tmp_path_factory.mktemp(f"server-{backend}"), database_url=url).start()
    proc.backend = backend
    yield proc
    proc.stop()
    if url and base:
        drop_pg_database(base, url)


@pytest.fixture
def dev(server):
    """A FakeDevice signed in as a new clerk of 9501 (its user name in `.name`), closed after
    the test."""
    name = f"dev{next(_users)}"
    add_user_direct(server_db_url(server), name, district="9501")
    device = signed_in(server, name)
    device.name = name
    return device
