"""Writing to removable media: a folder that fills up, disappears, or reads back wrong
midway leaves no file that looks complete, and the outbox and ledger are untouched."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

from tambon_desktop.core import files
from tambon_desktop.core.errors import Cancelled
from tambon_desktop.protocol import bundle as fmt
from tambon_desktop.services import usb
from tests.helpers.sync_harness import outbox_states, project


@pytest.fixture
def busy_pc(pc):
    pc.ws.records.create_many([("project", project("9501", name=f"โครงการ {i}"))
                               for i in range(40)])
    return pc


def untouched(ws, before):
    assert outbox_states(ws) == before
    assert usb.ledger(ws) == []


def no_bundle_left(folder: Path) -> None:
    assert [p for p in folder.iterdir()] == [] if folder.exists() else True


class FailingFile:
    """A real file whose writes fail once `budget` bytes have gone through."""

    def __init__(self, fh, budget: int, error: int, on_write=None):
        self._fh, self._budget, self._error, self._on_write = fh, budget, error, on_write

    def write(self, data):
        if self._on_write:
            self._on_write()
            self._on_write = None
        if len(data) > self._budget:
            raise OSError(self._error, os.strerror(self._error))
        self._budget -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


@pytest.mark.parametrize("budget", [0, 30, 200, 2000, 5000])
def test_full_medium(busy_pc, tmp_path, monkeypatch, raises_th, budget):
    before = outbox_states(busy_pc.ws)
    real_open = open
    monkeypatch.setattr(files, "open", lambda p, mode="r", *a, **k: FailingFile(
        real_open(p, mode, *a, **k), budget, errno.ENOSPC), raising=False)
    stick = tmp_path / "stick"
    stick.mkdir()
    with raises_th("พื้นที่ในสื่อบันทึกเต็ม"):
        usb.export_bundle(busy_pc.ws, stick)
    assert list(stick.iterdir()) == []
    untouched(busy_pc.ws, before)


def test_folder_removed_midway(busy_pc, tmp_path, monkeypatch, raises_th):
    before = outbox_states(busy_pc.ws)
    stick = tmp_path / "stick"
    stick.mkdir()
    real_open = open
    monkeypatch.setattr(files, "open", lambda p, mode="r", *a, **k: FailingFile(
        real_open(p, mode, *a, **k), 10**9, 0, on_write=lambda: shutil.rmtree(stick)),
        raising=False)
    with raises_th("ไม่พบโฟลเดอร์"):
        usb.export_bundle(busy_pc.ws, stick)
    assert not stick.exists()
    untouched(busy_pc.ws, before)


def test_fsync_fails(busy_pc, tmp_path, monkeypatch, raises_th):
    before = outbox_states(busy_pc.ws)

    def broken(_fd):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(fmt.os, "fsync", broken)
    with raises_th("อ่านเขียนสื่อบันทึกผิดพลาด"):
        usb.export_bundle(busy_pc.ws, tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name != "pc"] == []
    untouched(busy_pc.ws, before)


def test_read_back_that_does_not_verify(busy_pc, tmp_path, monkeypatch, raises_th):
    before = outbox_states(busy_pc.ws)
    stick = tmp_path / "stick"
    stick.mkdir()

    def corrupt(path, **_kw):
        raise fmt.refuse("ไฟล์เสีย", "flipped on the medium")

    monkeypatch.setattr(fmt, "read_bundle", corrupt)
    with raises_th("ตรวจสอบชุดข้อมูลที่เขียนแล้วไม่ผ่าน"):
        usb.export_bundle(busy_pc.ws, stick)
    assert list(stick.iterdir()) == []
    untouched(busy_pc.ws, before)


def test_cancel_midway(busy_pc, tmp_path):
    before = outbox_states(busy_pc.ws)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        usb.export_bundle(busy_pc.ws, tmp_path / "pc", cancel=cancel)
    assert not list((tmp_path / "pc").glob("*.tambon*"))
    untouched(busy_pc.ws, before)


def test_missing_folder(busy_pc, tmp_path, raises_th):
    with raises_th("ไม่พบโฟลเดอร์"):
        usb.export_bundle(busy_pc.ws, tmp_path / "unplugged")


@pytest.fixture
def tiny_tmpfs(tmp_path):
    mount = tmp_path / f"usb-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_real_full_tmpfs(busy_pc, tiny_tmpfs, raises_th):
    busy_pc.ws.records.create_many([("project", project("9501", name=f"อีก {uuid.uuid4()}"))
                                    for i in range(400)])
    before = outbox_states(busy_pc.ws)
    with raises_th("พื้นที่ในสื่อบันทึกเต็ม"):
        usb.export_bundle(busy_pc.ws, tiny_tmpfs)
    assert list(tiny_tmpfs.iterdir()) == []
    untouched(busy_pc.ws, before)


def test_success_marks_ops_sent_and_records_the_ledger(busy_pc, tmp_path):
    result = usb.export_bundle(busy_pc.ws, tmp_path)
    assert result.op_count == 40 and result.path.exists() and result.encrypted
    assert outbox_states(busy_pc.ws)["sent"] == 40
    assert [r[1:3] + r[12:13] for r in usb.ledger(busy_pc.ws)] == [("out", "up", "written")]
    assert not list(tmp_path.glob("*.part"))
