"""core.files.atomic_open, the one way files are written whole (bundles, attachments,
printed PDFs): the target appears only complete, and an error or a cancel leaves nothing."""

from __future__ import annotations

import pytest

from tambon_desktop.core.errors import Cancelled, KnownError
from tambon_desktop.core.files import atomic_open, write_atomic


def test_the_target_appears_only_when_complete(tmp_path):
    target = tmp_path / "a.bin"
    with atomic_open(target) as fh:
        fh.write(b"half")
        assert not target.exists()
        fh.write(b" and half")
    assert target.read_bytes() == b"half and half"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


@pytest.mark.parametrize("error", [Cancelled(), OSError(28, "No space left on device")])
def test_an_error_or_a_cancel_leaves_no_part_and_an_old_file_as_it_was(tmp_path, error):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with pytest.raises(type(error)):
        with atomic_open(target) as fh:
            fh.write(b"new")
            raise error
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_write_atomic_says_in_thai_what_failed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(KnownError) as err:
        write_atomic(blocker / "sub" / "a.bin", b"x")  # a folder under a file
    assert "บันทึกไฟล์ไม่สำเร็จ" in err.value.message_th
    assert blocker.read_bytes() == b""
