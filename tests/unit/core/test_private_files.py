"""Key-holding files are the owner's only (issue 13): the PC's store holds its device key."""

from __future__ import annotations

import os
import stat

import pytest

from tambon_desktop.core.files import private_file
from tambon_desktop.store.db import DB_NAME

posix = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


@posix
def test_the_pc_store_is_0600(workspace):
    with workspace.db.write() as s:  # a write: the -wal file exists too
        from tambon_desktop.store import sync_meta

        sync_meta.set_meta(s, private_key="00" * 32)
    paths = list(workspace.folder.glob(DB_NAME + "*"))
    assert workspace.folder / DB_NAME in paths
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@posix
def test_private_file_tightens_an_existing_file(tmp_path):
    path = tmp_path / "key"
    path.write_text("secret")
    path.chmod(0o644)
    private_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text() == "secret"
