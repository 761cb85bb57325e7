"""Issue 13: the admin CLI (password policy, enable, password reset, role change, real district
codes, NFKC names, look-alikes refused, a data folder that must exist unless `init`), files
made private, and /healthz that checks the database takes a write."""

from __future__ import annotations

import stat
import subprocess
import sys

import httpx
import pytest

from tests.helpers.sync_harness import (
    PASSWORD,
    FakeDevice,
    ServerProc,
    create_pg_database,
    drop_pg_database,
    require_pg,
)


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tambon_desktop.server.cli", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("admin") / "srv"
    done = cli("--data-dir", str(folder), "init")
    assert done.returncode == 0, done.stderr
    return folder


def add(data, name, password=PASSWORD, *extra):
    return cli("--data-dir", str(data), "user", "add", name, "--role", "clerk",
               "--district", "9501", "--password-stdin", *extra, stdin=password + "\n")


def test_init_makes_private_files_and_a_wrong_data_dir_is_an_error(data, tmp_path):
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "server.sqlite3").stat().st_mode) == 0o600
    typo = tmp_path / "serevr"
    done = cli("--data-dir", str(typo), "user", "disable", "x")
    assert done.returncode == 1 and "no data folder" in done.stderr and "init" in done.stderr
    assert not typo.exists()


@pytest.mark.parametrize(("password", "why"), [
    ("12345678", "at least 10"), ("1234567890123", "only digits"), ("aaaaaaaaaaaa", "repeated"),
    ("password12", "common"), ("xpolicyuser1x", "user name"),
])
def test_password_policy(data, password, why):
    done = add(data, "policyuser1", password)
    assert done.returncode == 1 and why in done.stderr, done.stderr


@pytest.mark.parametrize(("name", "why"), [
    ("\u0410dmin", "CYRILLIC"),  # Cyrillic А, looks like the Latin A
    ("adm\u0131n", "DOTLESS"),
    ("สมชายsomchai", "mixes"),
    ("a b", "SPACE"),
])
def test_look_alike_and_mixed_names_are_refused(data, name, why):
    done = add(data, name)
    assert done.returncode == 1 and why in done.stderr, done.stderr


def test_district_codes_are_checked_against_the_real_list(data):
    for code in ("0000", "9599", "12a4"):
        done = cli("--data-dir", str(data), "user", "add", f"d{code}", "--role", "clerk",
                   "--district", code, "--password-stdin", stdin=PASSWORD + "\n")
        assert done.returncode == 1 and "district" in done.stderr, done.stderr
    done = cli("--data-dir", str(data), "user", "add", "prov00", "--role", "province-officer",
               "--province", "00", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 1 and "province 00 does not exist" in done.stderr


def test_enable_reset_and_role_change_on_a_real_server(data):
    server = ServerProc(data).start()
    try:
        done = add(server.data_dir, "\uff43\uff4c\uff45\uff52\uff4b\uff17")  # full-width clerk7
        assert done.returncode == 0 and "added user clerk7" in done.stdout, done.stderr
        pc = FakeDevice(server.url)
        try:
            assert pc.login("clerk7").status_code == 200
            assert pc.http.get("/v1/devices/me").json()["role"] == "clerk"
            assert server.admin("user", "role", "clerk7", "checker").returncode == 0
            assert pc.http.get("/v1/devices/me").json()["role"] == "checker"
            bad = server.admin("user", "role", "clerk7", "admin")
            assert bad.returncode == 1 and "another scope" in bad.stderr
            weak = server.admin("user", "password", "clerk7", "--password-stdin", stdin="short\n")
            assert weak.returncode == 1 and "at least" in weak.stderr
            new = "a-new-long-passphrase"
            assert server.admin("user", "password", "clerk7", "--password-stdin",
                                stdin=new + "\n").returncode == 0
            assert pc.http.get("/v1/devices/me").status_code == 401  # its token was revoked
            assert pc.login("clerk7").status_code == 401
            assert pc.login("clerk7", new).status_code == 200
            assert server.admin("user", "disable", "clerk7").returncode == 0
            assert pc.login("clerk7", new).status_code == 401
            assert server.admin("user", "enable", "clerk7").returncode == 0
            assert pc.login("clerk7", new).status_code == 200
        finally:
            pc.close()
    finally:
        server.stop()


@pytest.mark.postgres
def test_healthz_fails_when_the_database_cannot_be_written(tmp_path):
    import sqlalchemy as sa

    base = require_pg()
    url = create_pg_database(base)
    name = url.rsplit("/", 1)[1]
    server = ServerProc(tmp_path / "srv", database_url=url).start()
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name})
        r = httpx.get(f"{server.url}/healthz")
        assert r.status_code == 503 and "cannot be written" in r.json()["detail"], r.text
        with admin.connect() as conn:
            conn.execute(sa.text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off'))
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": name})
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()
        admin.dispose()
        drop_pg_database(base, url)
