"""Test harness shared by the server, sync and bench code: a real tambon-server subprocess on
a loopback port, fresh PostgreSQL databases, and a scriptable device that makes signed ops."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from tambon_desktop.core import canonical, ids
from tambon_desktop.core.clock import HybridClock
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import (
    PROTOCOL_CURRENT,
    PROTOCOL_HEADER,
    batch_message,
    login_message,
)
from tambon_desktop.protocol.ops import Op, seal

PASSWORD = "correct-horse-battery"
PG_ENV = "TAMBON_TEST_PG_URL"


class ServerProc:
    """`tambon-server serve` in a child process on a free loopback port."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None,
                 extra: list[str] | None = None):
        self.data_dir = data_dir
        self.database_url = database_url
        self.extra = extra or []
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def base_args(self) -> list[str]:
        args = [sys.executable, "-m", "tambon_desktop.server.cli", "--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self, timeout: float = 60) -> ServerProc:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / "server.log", "ab") as log:
            self.proc = subprocess.Popen(
                [*self.base_args(), "serve", "--host", "127.0.0.1", "--port", "0", *self.extra],
                stdout=subprocess.PIPE, stderr=log, text=True,
            )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"(https?://[\d.]+:\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}; see {self.data_dir}/server.log")
        self.url = match.group(1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2, verify=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("server did not become healthy")

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def admin(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([*self.base_args(), *args], input=stdin, capture_output=True,
                              text=True, timeout=60)

    def add_user(self, name: str, *, district: str | None = "9501", role: str = "clerk",
                 province: str | None = None, password: str = PASSWORD) -> None:
        args = ["user", "add", name, "--role", role, "--password-stdin"]
        if district:
            args += ["--district", district]
        if province:
            args += ["--province", province]
        done = self.admin(*args, stdin=password + "\n")
        assert done.returncode == 0, done.stderr

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()


def require_pg() -> str:
    """The PostgreSQL URL; fails in CI when missing, skips elsewhere."""
    import pytest

    url = pg_base_url()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but TAMBON_TEST_PG_URL is not set: PostgreSQL tests must run in CI")
    pytest.skip("TAMBON_TEST_PG_URL not set")


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def create_pg_database(base_url: str) -> str:
    """A fresh, empty database next to the one in `base_url`; returns its URL."""
    import sqlalchemy as sa

    name = f"tambon_t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(base_url: str, url: str) -> None:
    """Drop a test database. An autovacuum worker may be in it at that moment: FORCE ends it
    when the role may signal it (.ci/postgres.sh grants pg_signal_backend); otherwise the drop
    is tried again for a few seconds. The engine is disposed whatever happens, so no
    connection is left for the garbage collector to complain about in a later test."""
    import time

    import sqlalchemy as sa

    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(40):
            try:
                with engine.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except sa.exc.DBAPIError:
                if attempt == 39:
                    raise
                time.sleep(0.25)
    finally:
        engine.dispose()


@dataclass
class FakeDevice:
    """A device driven op by op, for crafting requests the real client never sends."""

    server_url: str
    district: str = "9501"
    device_id: str = field(default_factory=ids.uuid7)
    token: str = ""
    seq: int = 0
    last_hash: str = ""
    clock: HybridClock = field(default_factory=HybridClock)

    def __post_init__(self) -> None:
        self.private_key, self.public_key = signing.generate_keypair()
        self.http = httpx.Client(base_url=self.server_url, timeout=30,
                                 headers={PROTOCOL_HEADER: str(PROTOCOL_CURRENT)})

    def login_body(self, user: str, password: str = PASSWORD, **changes: Any) -> dict[str, Any]:
        """A login request proving this device's key over a fresh server challenge."""
        challenge = self.http.post("/v1/auth/challenge").json()["challenge"]
        body = {"user": user, "password": password, "device_id": self.device_id,
                "device_name": "test", "public_key": self.public_key, "challenge": challenge}
        body.update(changes)
        body["proof"] = signing.sign(self.private_key, login_message(
            challenge=body["challenge"], user=body["user"], device_id=body["device_id"],
            public_key=body["public_key"]))
        return body

    def login(self, user: str, password: str = PASSWORD) -> httpx.Response:
        response = self.http.post("/v1/auth/login", json=self.login_body(user, password))
        if response.status_code == 200:
            self.token = response.json()["token"]
            self.http.headers["Authorization"] = f"Bearer {self.token}"
        return response

    def op(self, kind: str, record_id: str | None = None, fields: dict | None = None, *,
           base_version: int = 0, status: str | None = None, form_id: str = "meeting",
           area: dict | None = None, extra: dict | None = None) -> Op:
        self.seq += 1
        op = Op(
            op_id=ids.uuid7(), device_id=self.device_id, device_seq=self.seq,
            record_id=record_id or ids.uuid7(), form_id=form_id, form_version=1, kind=kind,
            base_version=base_version, fields=fields or {},
            area=area if area is not None else {"changwat": self.district[:2],
                                                "amphoe": self.district},
            author="tester", hlc=self.clock.tick(), prev_hash=self.last_hash,
            status=status if status is not None else ("draft" if kind == "create" else None),
            extra=extra or {},
        )
        op = signing.sign_op(seal(op), self.private_key)
        self.last_hash = op.hash
        return op

    def push_body(self, ops: list[Op], *, device_id: str | None = None) -> dict[str, Any]:
        batch_id = ids.uuid7()
        device_id = device_id or self.device_id
        message = batch_message(device_id=device_id, batch_id=batch_id,
                                op_hashes=[o.hash for o in ops])
        return {"protocol": PROTOCOL_CURRENT, "device_id": device_id, "batch_id": batch_id,
                "ops": [o.to_dict() for o in ops],
                "signature": signing.sign(self.private_key, message)}

    def push(self, ops: list[Op], *, gzip_body: bool = True) -> httpx.Response:
        return self.post_json("/v1/sync/push", self.push_body(ops), gzip_body=gzip_body)

    def post_json(self, path: str, body: Any, *, gzip_body: bool = True) -> httpx.Response:
        raw = canonical.dumps(body)
        headers = {"Content-Type": "application/json"}
        if gzip_body:
            raw = gzip.compress(raw, 6)
            headers["Content-Encoding"] = "gzip"
        return self.http.post(path, content=raw, headers=headers)

    def pull_all(self, cursor: str = "") -> tuple[dict[str, dict], str]:
        records: dict[str, dict] = {}
        while True:
            response = self.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 500})
            assert response.status_code == 200, response.text
            page = response.json()
            for change in page["changes"]:
                records[change["record_id"]] = change
            cursor = page["cursor"]
            if not page["more"]:
                return records, cursor

    def close(self) -> None:
        self.http.close()


OPENED: list[FakeDevice] = []  # closed after each test by the autouse fixture in conftest.py


def signed_in(server: ServerProc, user: str, district: str = "9501") -> FakeDevice:
    """A FakeDevice signed in as `user` (who must exist), closed after the test."""
    device = FakeDevice(server.url, district=district)
    OPENED.append(device)
    assert device.login(user).status_code == 200
    return device


def push_ok(device: FakeDevice, *ops: Op) -> list[dict[str, Any]]:
    """Push `ops` in one batch; the per-op results of an accepted (HTTP 200) batch."""
    response = device.push(list(ops))
    assert response.status_code == 200, response.text
    return response.json()["results"]


def statuses(results: list[dict[str, Any]]) -> list[str]:
    return [r["status"] for r in results]


def resign(op: Op, device: FakeDevice, **changes: Any) -> Op:
    """The op with changes, re-hashed and re-signed by `device` (a well-formed forgery)."""
    return signing.sign_op(seal(replace(op, **changes)), device.private_key)


def as_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except json.JSONDecodeError:
        return response.text


# -- desktop PCs driven through the real workspace and sync engine -------------------------

SEED_PROJECT = {
    "name": "โครงการตำบลมั่นคง มั่งคั่ง ยั่งยืน", "policy_area": 2, "kind": "continuing",
    "start_date": "2021-10-01", "end_date": "2022-09-30", "budget_baht": "300000.00",
    "budget_source": "ศอ.บต.", "agency": "ที่ทำการปกครองอำเภอ", "status": "in_progress",
}


def project(district: str, **changes: Any) -> dict[str, Any]:
    data = {**SEED_PROJECT,
            "area": {"changwat": district[:2], "amphoe": district, "tambon": district + "01"}}
    data.update(changes)
    return data


@dataclass
class PC:
    ws: Any
    engine: Any
    district: str
    user: str

    def close(self) -> None:
        self.engine.close()
        self.ws.close()


def make_pc(folder: Path, server_url: str, *, district: str, user: str, role: str = "clerk",
            transport: Any = None, login: bool = True) -> PC:
    """A PC workspace initialised for `user` (already a server user) and, with `login`,
    signed in to the server at `server_url`."""
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(folder, district=district, user=user, role=role)
    engine = ws.sync  # the workspace's one sync client, as the app uses it
    if login:
        engine.login(server=server_url, user=user, password=PASSWORD)
    if transport is not None:
        from tambon_desktop.services.sync_transport import Transport

        engine.close()
        engine._transport = Transport(transport["url"], token=engine._token,
                                      timeout=transport.get("timeout", 10),
                                      transport=transport.get("httpx"))
    return PC(ws, engine, district, user)


def no_keepalive() -> httpx.HTTPTransport:
    """Every request on a new connection, so a proxy's per-connection fault hits it."""
    return httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))


def local_state(ws: Any) -> dict[str, dict[str, Any]]:
    from sqlmodel import select

    from tambon_desktop.store.tables import Record

    with ws.db.read() as s:
        return {
            r.id: {"data": json.loads(r.data), "status": r.status, "deleted": bool(r.deleted),
                   "version": r.server_version}
            for r in s.exec(select(Record))
        }


def outbox_states(ws: Any) -> dict[str, int]:
    from tambon_desktop.store import queries

    with ws.db.read() as s:
        return queries.outbox_counts(s)


def server_state(device: FakeDevice) -> dict[str, dict[str, Any]]:
    records, _ = device.pull_all()
    return {rid: {"data": c["data"], "status": c["status"] or "draft", "deleted": c["deleted"],
                  "version": c["version"]} for rid, c in records.items()}


def add_user_direct(database_url: str, name: str, *, district: str | None,
                    role: str = "clerk", password: str = PASSWORD, province: str | None = None,
                    codes: list[str] | None = None) -> None:
    """Add a user straight into the server database (fast, for many users in a test). An
    officer has no district: a province, or a region officer's province/district `codes`."""
    from tambon_desktop.server import auth, db

    engine = db.make_engine(database_url)
    try:
        with db.session_scope(engine) as session:
            auth.add_user(session, name=name, password=password, role=role, district=district,
                          province=province, actor="test", scope_codes=codes)
    finally:
        engine.dispose()


def enrol_pc(server: ServerProc, folder: Path, user: str, *, district: str = "9501",
             role: str = "clerk", province: str | None = None, codes: list[str] | None = None,
             login: bool = True, transport: Any = None) -> PC:
    """The user-and-PC set-up of the sync and USB tests: `user` created on the server, a PC
    workspace of `district` initialised in `folder` and signed in as that user. With
    `province` or `codes` the user is an officer of that scope (no district on the server).
    Tests use the `enrol` fixture (tests/conftest.py), which closes the PCs afterwards."""
    officer = province is not None or codes is not None
    add_user_direct(server_db_url(server), user, district=None if officer else district,
                    role=role, province=province, codes=codes)
    return make_pc(folder, server.url, district=district, user=user, role=role,
                   transport=transport, login=login)


def server_db_url(server: ServerProc) -> str:
    from tambon_desktop.server import db

    return server.database_url or db.default_url(server.data_dir)
