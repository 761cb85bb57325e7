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


@pytest.fixture
def enrol(tmp_path):
    """Factory for PCs enrolled with a real server: `enrol(server, "a1", district="9502")`
    creates the server user, initialises a PC workspace in tmp_path/<user> and signs it in
    (options of tests.helpers.sync_harness.enrol_pc: role, province, codes, login, transport,
    folder). Every PC made is closed after the test."""
    from tests.helpers.sync_harness import enrol_pc

    made = []

    def make(server, user: str, *, folder=None, **options):
        pc = enrol_pc(server, folder or tmp_path / user, user, **options)
        made.append(pc)
        return pc

    yield make
    for pc in made:
        pc.close()


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


# A test-only form with sensitive fields: no shipped form collects PDPA มาตรา ๒๖ data or national
# IDs (DOMAIN.md §2.5 and §5.3 ask for minimal personal data), so the tests bring their own.
AID_LIST_YAML = """\
form: aid_list
version: 1
title: {th: ทะเบียนผู้รับความช่วยเหลือ (ทดสอบ), en: Aid list (test only)}
lifecycle: simple
title_field: name
fields:
  - {id: name, type: text, required: true, label: {th: ชื่อรายการ, en: Name}}
  - {id: health_note, type: long_text, sensitive: true, label: {th: ข้อมูลสุขภาพ, en: Health}}
  - id: people
    type: repeat
    require_any: [name]
    label: {th: ผู้รับความช่วยเหลือ, en: Beneficiaries}
    fields:
      - {id: name, type: text, max_length: 200, label: {th: ชื่อ-สกุล, en: Name}}
      - {id: citizen_id, type: text, sensitive: true, max_length: 17, label: {th: เลขประจำตัวประชาชน, en: National ID}}
      - {id: religion, type: text, sensitive: true, max_length: 50, label: {th: ศาสนา, en: Religion}}
"""
CITIZEN_ID = "1103700012346"  # a valid checksum; masked 1-1037-xxxxx-xx-6


@pytest.fixture
def aid_list_form(tmp_path_factory, monkeypatch):
    """The shipped forms plus aid_list, as the form registry of this test."""
    import shutil

    from tambon_desktop.core.paths import forms_dir
    from tambon_desktop.forms import registry

    folder = tmp_path_factory.mktemp("forms")
    for path in forms_dir().glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / "aid_list.yaml").write_text(AID_LIST_YAML, "utf-8")
    registry.load_forms.cache_clear()
    monkeypatch.setattr(registry, "forms_dir", lambda: folder)
    yield registry.get_form("aid_list")
    registry.load_forms.cache_clear()


@pytest.fixture
def aid_list_data() -> dict:
    return {"name": "ผู้สูงอายุติดเตียง หมู่ที่ ๓", "health_note": "ติดเตียง ต้องการรถเข็น",
            "people": [{"name": "นางสาวอามีนะ ดือราแม", "citizen_id": CITIZEN_ID,
                        "religion": "อิสลาม"},
                       {"name": "นายสมชาย ใจดี"}]}
