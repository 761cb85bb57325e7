import hashlib
import json
import subprocess
import sys

import pytest

from tambon_desktop.cli import main

SEED_FIELDS_MEETING = None


def _strip_ids(value):
    """The interchange fields of the seed files: item ids are added by the store."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def ws_dir(tmp_path, capsys):
    folder = tmp_path / "ws"
    assert run(capsys, "--data-dir", str(folder), "init", "--district", "9501",
               "--user", "สมศรี")[0] == 0
    return folder


def _db_digest(folder):
    return hashlib.sha256((folder / "tambon.sqlite3").read_bytes()).hexdigest()


def _counts(folder):
    import sqlite3

    conn = sqlite3.connect(folder / "tambon.sqlite3")
    return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("record", "outbox", "audit", "record_fts"))


def test_seed_records_import_list_search_and_export_back_equal(ws_dir, capsys, tmp_path,
                                                                 seed_meeting, seed_project):
    files = {}
    for name, obj in (("meeting", seed_meeting), ("project", seed_project)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
        code, out, err = run(capsys, "--data-dir", str(ws_dir), "import", str(path))
        assert code == 0, err
        files[name] = out.strip()
    code, out, _ = run(capsys, "--data-dir", str(ws_dir), "list", "--form", "meeting", "--json")
    assert [r["id"] for r in json.loads(out)] == [files["meeting"]]
    code, out, _ = run(capsys, "--data-dir", str(ws_dir), "search", "ระแก้ว", "--json")
    assert [r["id"] for r in json.loads(out)] == [files["meeting"]]
    code, out, _ = run(capsys, "--data-dir", str(ws_dir), "search", "ั่งคั่", "--json")
    assert {r["id"] for r in json.loads(out)} == set(files.values())
    for name, obj in (("meeting", seed_meeting), ("project", seed_project)):
        code, out, _ = run(capsys, "--data-dir", str(ws_dir), "export", files[name])
        exported = json.loads(out)
        assert exported["format"] == "tambon-record/1" and exported["form"] == name
        data = _strip_ids(exported["data"])
        for key, value in obj["data"].items():
            assert data[key] == value, key


def test_status_transition_from_the_command_line(ws_dir, capsys, tmp_path, seed_meeting):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(seed_meeting, ensure_ascii=False), "utf-8")
    _, out, _ = run(capsys, "--data-dir", str(ws_dir), "import", str(path))
    rid = out.strip()
    code, out, _ = run(capsys, "--data-dir", str(ws_dir), "status", rid, "submit")
    assert code == 0 and "submitted" in out
    code, _, err = run(capsys, "--data-dir", str(ws_dir), "status", rid, "certify")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "certify" in err


BAD = {
    "unknown form": {"format": "tambon-record/1", "form": "wedding", "data": {}},
    "wrong types": None,
    "missing required": {"format": "tambon-record/1", "form": "meeting", "data": {"number": 1}},
    "invalid date": None,
    "unknown area": None,
    "wrong format": {"format": "tambon-record/9", "form": "meeting", "data": {}},
    "not an object": [1, 2, 3],
}


@pytest.mark.parametrize("case", [*BAD, "10 MB text", "broken json", "missing file", "binary"])
def test_bad_input_gets_one_clear_line_and_changes_nothing(ws_dir, capsys, tmp_path, case,
                                                            seed_meeting):
    path = tmp_path / "bad.json"
    data = json.loads(json.dumps(seed_meeting))
    obj = BAD.get(case)
    if case == "wrong types":
        data["data"]["number"] = "first"
        data["data"]["attendees"] = "everyone"
        obj = data
    elif case == "invalid date":
        data["data"]["date"] = "2565-02-30"
        obj = data
    elif case == "unknown area":
        data["data"]["area"] = {"changwat": "95", "amphoe": "9999"}
        obj = data
    elif case == "10 MB text":
        data["data"]["agenda"][0]["discussion"] = "ประชุม" * (10 * 1024 * 1024 // 6)
        obj = data
    if case == "broken json":
        path.write_text('{"format": "tambon-record/1", "form": "meeting", "data": {', "utf-8")
    elif case == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    elif case != "missing file":
        path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
    before = _counts(ws_dir)
    code, out, err = run(capsys, "--data-dir", str(ws_dir), "import", str(path))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("tambon: ")
    assert _counts(ws_dir) == before


def test_error_when_no_workspace(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "none"), "list", "--form", "meeting")
    assert code == 1 and "tambon init" in err
    assert not (tmp_path / "none").exists()


def test_console_script_uses_env_data_dir(tmp_path):
    env_dir = tmp_path / "envws"
    import os

    env = dict(os.environ, TAMBON_DATA_DIR=str(env_dir))
    result = subprocess.run([sys.executable, "-m", "tambon_desktop.cli", "init", "--district",
                             "9601", "--user", "คนใช้", "--demo"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "tambon_desktop.cli", "list", "--form",
                             "project"], env=env, capture_output=True, text=True, timeout=120)
    assert "สะเตง" in result.stdout
    assert (env_dir / "tambon.sqlite3").exists()


def test_backup_while_writing_and_restore(ws_dir, capsys, tmp_path, seed_meeting):
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.open(ws_dir)
    first = ws.records.create("meeting", seed_meeting["data"])
    code, out, _ = run(capsys, "--data-dir", str(ws_dir), "backup", str(tmp_path / "bk"))
    assert code == 0
    backup = out.strip()
    ws.records.update(first.id, dict(first.data, venue="ห้องใหม่"))  # after the backup
    ws.close()
    code, out, err = run(capsys, "--data-dir", str(ws_dir), "restore", backup)
    assert code == 0, err
    ws = Workspace.open(ws_dir)
    assert ws.records.get(first.id).data["venue"] == seed_meeting["data"]["venue"]
    ws.close()
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    code, _, err = run(capsys, "--data-dir", str(ws_dir), "restore", str(tmp_path / "junk.sqlite3"))
    assert code == 1 and "backup" in err
    ws = Workspace.open(ws_dir)  # the store is untouched by the refused restore
    assert ws.records.get(first.id).data["venue"] == seed_meeting["data"]["venue"]
    ws.close()
