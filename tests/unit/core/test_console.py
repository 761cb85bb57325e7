"""An English-locale Windows PC: stdout redirected to a file or a pipe is encoded with code page
1252, which has no Thai. The CLI must do its work and print every line, Thai as \\uXXXX, and
paths with Thai characters and spaces must work for the data folder, exports and backups."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PY = [sys.executable, "-m", "tambon_desktop.cli"]


def _run(*args: str, encoding: str = "cp1252") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    env.pop("TAMBON_DATA_DIR", None)
    return subprocess.run([*PY, *args], capture_output=True, env=env, timeout=120)


def test_a_western_code_page_cannot_hold_thai_without_the_fix():
    """The premise: a plain print of Thai to such a stream raises."""
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    r = subprocess.run([sys.executable, "-c", "print('ก')"], capture_output=True, env=env)
    assert r.returncode != 0 and b"UnicodeEncodeError" in r.stderr


def test_cli_prints_thai_to_a_cp1252_stream_and_uses_thai_paths_with_spaces(tmp_path):
    folder = tmp_path / "ข้อมูล สำนักงาน อำเภอ" / "ที่ทำงาน"
    r = _run("--data-dir", str(folder), "init", "--district", "9501", "--user", "สมศรี ใจดี",
             "--demo")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("cp1252")
    assert "workspace ready in" in out and "\\u0e02" in out  # ข of the folder, escaped

    r = _run("--data-dir", str(folder), "list", "--form", "meeting")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("cp1252").splitlines()
    assert lines and all("\\u0e" in line for line in lines)  # Thai titles, escaped
    record_id = lines[0].split()[0]

    export = tmp_path / "ส่งออก ไฟล์" / "บันทึก.json"
    export.parent.mkdir()
    r = _run("--data-dir", str(folder), "export", record_id)
    assert r.returncode == 0, r.stderr
    export.write_bytes(r.stdout)
    exported = json.loads(export.read_bytes().decode("ascii"))  # JSON escapes: exact, any code page
    r = _run("--data-dir", str(folder), "export", record_id, encoding="utf-8")
    assert exported == json.loads(r.stdout.decode("utf-8"))  # the same record, Thai intact
    other = tmp_path / "เครื่อง ที่สอง"
    assert _run("--data-dir", str(other), "init", "--district", "9501", "--user", "ก").returncode == 0
    r = _run("--data-dir", str(other), "import", str(export))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("cp1252").strip() == record_id

    backups = tmp_path / "สำรอง ข้อมูล"
    r = _run("--data-dir", str(folder), "backup", str(backups))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in backups.iterdir()] and "\\u0e2a" in r.stdout.decode("cp1252")

    pdf = tmp_path / "พิมพ์ รายงาน" / "รายงาน การประชุม.pdf"
    pdf.parent.mkdir()
    r = _run("--data-dir", str(folder), "minutes", record_id, "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_error_in_thai_reaches_a_cp1252_stderr(tmp_path):
    r = _run("--data-dir", str(tmp_path / "ไม่มี"), "list", "--form", "meeting")
    assert r.returncode == 1
    assert r.stderr.decode("cp1252").startswith("tambon: \\u0e")
