"""Suite-wide fixtures. Every test runs with its own data folder: nothing touches a real user
folder. A run that collects no test fails (exit 1), never 'passes' with pytest's exit 5."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("TAMBON_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    monkeypatch.setenv("LANG", os.environ.get("LANG") or "C.UTF-8")


@pytest.fixture
def seed_meeting() -> dict:
    return json.loads((SAMPLES / "seed-meeting.json").read_text("utf-8"))


@pytest.fixture
def seed_project() -> dict:
    return json.loads((SAMPLES / "seed-project.json").read_text("utf-8"))


@pytest.fixture
def workspace(tmp_path):
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(tmp_path / "ws", district="9501", user="สมศรี ทดสอบ", role="clerk")
    yield ws
    ws.close()


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def raises_th():
    """pytest.raises for KnownError that matches the Thai message a clerk sees."""
    import contextlib
    import re

    from tambon_desktop.core.errors import KnownError

    @contextlib.contextmanager
    def check(pattern: str, exc: type = KnownError):
        with pytest.raises(exc) as info:
            yield info
        assert re.search(pattern, info.value.message_th), info.value.message_th

    return check
