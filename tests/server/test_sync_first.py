"""A province PC's first sync over a real server: 2,000+ records of three districts, pulled
page by page in bulk. The store ends exactly as the per-record path leaves it and as the
server holds it; a client killed mid-pull resumes after its last committed page with
nothing lost and nothing twice; each district shows the PC its last data came from.
SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tambon_desktop.core import ids
from tambon_desktop.services import overview
from tambon_desktop.services.sync_common import incoming
from tests.helpers.slow_apply import apply_slowly, store_contents
from tests.helpers.sync_harness import (
    PASSWORD,
    PC,
    FakeDevice,
    add_user_direct,
    local_state,
    make_pc,
    project,
    server_db_url,
    server_state,
)

FED = ("9502", "9503")  # fed in bulk by scripted devices
PER_DISTRICT = 1_100
PC_NAME = "PC-อำเภอเมืองยะลา"
ENTRIES = 2 * (PER_DISTRICT + 30 + 6) + 3  # the server's change log: creates, edits, deletes


def add_officer(server, name: str) -> None:
    from tambon_desktop.server import auth, db

    engine = db.make_engine(server_db_url(server))
    try:
        with db.session_scope(engine) as session:
            auth.add_user(session, name=name, password=PASSWORD, role="province_officer",
                          district=None, province="95", actor="test")
    finally:
        engine.dispose()


def officer_pc(server, folder, name: str) -> PC:
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(folder, district="9501", user=name, role="province_officer")
    engine = SyncEngine(ws)
    engine.login(server=server.url, user=name, password=PASSWORD)
    return PC(ws, engine, "9501", name)


@pytest.fixture(scope="module")
def province(server, tmp_path_factory):
    """2,200 projects of 9502 and 9503 from scripted devices (60 edited, 12 deleted), three
    typed on a real PC of 9501 named PC_NAME; a province officer to pull them."""
    folder = tmp_path_factory.mktemp("first-sync")
    tag = server.backend
    clerks = {}
    for district in FED:
        clerks[district] = f"f{district}_{tag}"
        add_user_direct(server_db_url(server), clerks[district], district=district)
        device = FakeDevice(server.url, district=district)
        assert device.login(clerks[district]).status_code == 200
        area = {"changwat": "95", "amphoe": district, "tambon": district + "01"}
        made = [ids.uuid7() for _ in range(PER_DISTRICT)]
        ops = [device.op("create", rid, project(district, name=f"โครงการ {district} ที่ {i}"),
                         form_id="project", area=area) for i, rid in enumerate(made)]
        ops += [device.op("update", rid, {"name": f"โครงการแก้ไข {i}"}, base_version=1,
                          form_id="project", area=area) for i, rid in enumerate(made[:30])]
        ops += [device.op("delete", rid, base_version=1, form_id="project", area=area)
                for rid in made[100:106]]
        for i in range(0, len(ops), 500):
            response = device.push(ops[i:i + 500])
            assert response.status_code == 200, response.text[:300]
            assert {r["status"] for r in response.json()["results"]} == {"applied"}
        device.close()
    user = f"pc9501_{tag}"
    add_user_direct(server_db_url(server), user, district="9501")
    typed = make_pc(folder / "pc9501", server.url, district="9501", user=user, login=False)
    typed.engine.login(server=server.url, user=user, password=PASSWORD, device_name=PC_NAME)
    for i in range(3):
        typed.ws.records.create("project", project("9501", name=f"ถนนสาย {i}"))
    assert typed.engine.run_round().acked == 3
    officer = f"prov_{tag}"
    add_officer(server, officer)
    observer = FakeDevice(server.url)
    assert observer.login(officer).status_code == 200
    yield {"folder": folder, "officer": officer, "observer": observer, "typed": typed,
           "clerks": clerks}
    observer.close()
    typed.close()


def test_first_sync_equals_the_per_record_path_and_the_server(province, server):
    folder = province["folder"]
    fast = officer_pc(server, folder / "fast", province["officer"])
    slow = officer_pc(server, folder / "slow", province["officer"])
    try:
        seen = []
        report = fast.engine.run_round(progress=seen.append)
        assert report.pulled >= 2 * PER_DISTRICT + 3
        # the per-record ORM path over the same server, page by page
        http, cursor = slow.engine._http(), ""
        while True:
            page = http.pull(cursor=cursor, limit=500)
            with slow.ws.db.write() as s:
                apply_slowly(s, changes=[incoming(c.model_dump()) for c in page.changes],
                             cursor=page.cursor)
            cursor = page.cursor
            if not page.more:
                break
        fast_store = store_contents(fast.ws.db.path)
        assert fast_store == store_contents(slow.ws.db.path)
        assert local_state(fast.ws) == server_state(province["observer"])
        assert len(fast_store) == 2 * PER_DISTRICT + 3
        assert sum(v["record"][-1] for v in fast_store.values()) == 12  # deleted
        assert _counts(fast.ws.db.path) == {"fts": len(fast_store) - 12, "staging": 0}
        # the search index: a word typed without its tone mark, a district's Thai name
        assert len(fast.ws.records.search("โครงการแกไข")) == 60
        assert len(fast.ws.records.search("บันนังสตา", limit=5000)) == PER_DISTRICT - 6
        pulls = [p for p in seen if p.phase == "pull"]
        assert len(pulls) >= 3 and pulls[-1].done == pulls[-1].total == report.pulled
        assert all(p.total >= p.done > 0 for p in pulls)  # the server told the total
        assert [p.done for p in pulls] == sorted(p.done for p in pulls)
    finally:
        fast.close()
        slow.close()


def _counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {"fts": conn.execute("SELECT count(*) FROM record_fts").fetchone()[0],
                "staging": conn.execute("SELECT count(*) FROM sync_staging").fetchone()[0]}
    finally:
        conn.close()


KILLABLE = """
import sys
from tambon_desktop.services import sync
from tambon_desktop.services.workspace import Workspace
sync.PAGE_SIZE = 100
ws = Workspace.open(sys.argv[1])
sync.SyncEngine(ws).run_round()
"""


def test_a_client_killed_mid_pull_resumes_with_nothing_lost_or_twice(province, server):
    folder = province["folder"] / "killed"
    pc = officer_pc(server, folder, province["officer"])
    pc.close()
    path = folder / "tambon.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE, str(folder)])
    held = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            held = _records(path)
            if held >= 300:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "the pull ended before it could be killed"
    held = _records(path)
    total = 2 * PER_DISTRICT + 3
    assert 300 <= held < total
    pc = officer_pc_again(folder)
    try:
        with pc.ws.db.read() as s:
            from tambon_desktop.store import sync_meta

            assert sync_meta.get_meta(s, "pull_cursor")  # committed with the pages
        report = pc.engine.run_round()
        # from the saved cursor, not from the start: at most the change-log entries left
        assert 0 < report.pulled <= ENTRIES - held
        assert local_state(pc.ws) == server_state(province["observer"])
        store = store_contents(path)
        assert len(store) == total
        assert _counts(path) == {"fts": total - 12, "staging": 0}
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT count(*) FROM sync_server_copy").fetchone()[0] == total
        finally:
            conn.close()
    finally:
        pc.close()


def officer_pc_again(folder) -> PC:
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.open(folder)
    return PC(ws, SyncEngine(ws), "9501", "")


def _records(path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM record").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_each_district_shows_the_pc_its_last_data_came_from(province, server):
    pc = officer_pc(server, province["folder"] / "origin", province["officer"])
    try:
        pc.engine.run_round()
        rows = {r.code: r for r in overview.overview(pc.ws, "2025-01").rows}
        typed = province["typed"]
        mine = rows["9501"]
        assert (mine.last_via, mine.last_pc) == ("online", typed.ws.device_id)
        assert mine.last_pc_name == f"{PC_NAME} ({typed.user})"
        for district in FED:
            assert rows[district].last_via == "online"
            assert rows[district].last_pc_name == f"test ({province['clerks'][district]})"
        assert rows["9504"].last_received is None and rows["9504"].last_pc == ""
        done = subprocess.run(
            [sys.executable, "-m", "tambon_desktop.cli", "--data-dir", str(pc.ws.folder),
             "overview", "--month", "2568-01", "--json"], capture_output=True, text=True,
            timeout=120)
        assert done.returncode == 0, done.stderr
        cli = {d["code"]: d for d in json.loads(done.stdout)["districts"]}
        assert cli["9501"]["last_pc"] == typed.ws.device_id
        assert cli["9501"]["last_pc_name"] == f"{PC_NAME} ({typed.user})"
        assert PC_NAME in subprocess.run(
            [sys.executable, "-m", "tambon_desktop.cli", "--data-dir", str(pc.ws.folder),
             "overview", "--month", "2568-01"], capture_output=True, text=True,
            timeout=120).stdout
    finally:
        pc.close()


def test_a_client_that_does_not_ask_gets_the_page_it_knows(province, server):
    """Programs before the origin field read pages with extra fields refused: the server
    sends origin and remaining only to a client that asks."""
    http = province["observer"].http
    plain = http.get("/v1/sync/pull", params={"cursor": "", "limit": 5}).json()
    asked = http.get("/v1/sync/pull", params={"cursor": "", "limit": 5,
                                              "extended": "true"}).json()
    assert "remaining" not in plain and all("origin" not in c for c in plain["changes"])
    assert asked["remaining"] == ENTRIES - 5
    assert all(c["origin"]["device_id"] for c in asked["changes"])
    assert [c["record_id"] for c in plain["changes"]] == [c["record_id"] for c in asked["changes"]]
    assert set(plain) == {"changes", "cursor", "more", "server_time"}
    known = {"seq", "district", "record_id", "form_id", "form_version", "area", "status", "data",
             "version", "deleted", "hlc", "conflicts"}
    assert all(set(c) <= known for c in plain["changes"])
