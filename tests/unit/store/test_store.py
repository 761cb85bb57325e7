import json
import sqlite3

import pytest

from tambon_desktop.core import canonical
from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol.ops import Op
from tambon_desktop.services.workspace import Workspace
from tambon_desktop.store import migrations


def _db(ws):
    conn = sqlite3.connect(ws.db.path)
    conn.row_factory = sqlite3.Row
    return conn


def test_sqlite_is_wal_full_sync_with_foreign_keys(workspace):
    with workspace.db.read() as s:
        conn = s.connection().connection.driver_connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_every_change_writes_record_op_and_audit_together(workspace, seed_meeting):
    view = workspace.records.create("meeting", seed_meeting["data"])
    data = dict(view.data, venue="ห้องประชุมอำเภอเมืองยะลา")
    workspace.records.update(view.id, data)
    workspace.records.transition(view.id, "submit")
    conn = _db(workspace)
    ops = conn.execute("SELECT * FROM outbox ORDER BY device_seq").fetchall()
    assert [o["kind"] for o in ops] == ["create", "update", "transition"]
    assert [o["device_seq"] for o in ops] == [1, 2, 3]
    bodies = [Op.from_dict(json.loads(o["body"])) for o in ops]
    assert bodies[1].fields == {"venue": "ห้องประชุมอำเภอเมืองยะลา"}  # only the changed field
    prev = ""
    for op in bodies:  # hash chain
        assert op.prev_hash == prev
        assert op.hash == op.compute_hash() == canonical.sha256_hex(op.body())
        prev = op.hash
    audit = conn.execute("SELECT action FROM audit WHERE record_id = ?", (view.id,)).fetchall()
    assert [a[0] for a in audit] == ["create", "update", "transition"]


def test_a_failed_write_leaves_nothing(workspace, seed_meeting, monkeypatch):
    from tambon_desktop.store import records as store

    real = store.write

    def boom(*a, **k):
        real(*a, **k)
        raise OSError("disk full")

    monkeypatch.setattr(store, "write", boom)
    with pytest.raises(OSError):
        workspace.records.create("meeting", seed_meeting["data"])
    conn = _db(workspace)
    assert conn.execute("SELECT count(*) FROM record").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert conn.execute("SELECT last_seq FROM device").fetchone()[0] == 0


def test_audit_and_ops_are_append_only(workspace, seed_meeting):
    workspace.records.create("meeting", seed_meeting["data"])
    conn = _db(workspace)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("UPDATE outbox SET body = '{}'")


def test_refuses_a_database_from_a_newer_version(tmp_path):
    ws = Workspace.init(tmp_path, district="9501", user="ก")
    ws.close()
    conn = sqlite3.connect(tmp_path / "tambon.sqlite3")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(KnownError, match="newer"):
        Workspace.open(tmp_path)


def test_upgrade_backs_up_the_file_first(tmp_path):
    path = tmp_path / "tambon.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in migrations._statements(migrations.STEPS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    conn.close()
    assert migrations.migrate(path) == 1
    backups = list(tmp_path.glob("tambon.sqlite3.before-v*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT value FROM meta").fetchone()[0] == "v"
    new = sqlite3.connect(path)
    assert new.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert new.execute("SELECT count(*) FROM transition").fetchone()[0] == 0


def test_record_ids_are_uuid7_and_time_ordered(workspace, seed_project):
    a = workspace.records.create("project", seed_project["data"])
    b = workspace.records.create("project", seed_project["data"])
    assert a.id[14] == "7" and b.id[14] == "7"
    assert a.id < b.id


def test_backup_is_a_consistent_copy(workspace, seed_meeting, tmp_path):
    view = workspace.records.create("meeting", seed_meeting["data"])
    path = workspace.backup(tmp_path / "backups")
    restored = Workspace.open_file(path) if hasattr(Workspace, "open_file") else None
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT id FROM record").fetchone()[0] == view.id
    assert restored is None or restored.records.get(view.id)
