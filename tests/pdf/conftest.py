"""Fixtures for the PDF tests (helpers live in tests/helpers/pdf_helpers.py)."""

from __future__ import annotations

import copy
import json

import pytest

from tests.helpers.pdf_helpers import DATA


@pytest.fixture
def seed() -> dict:
    """The seed meeting's `data` (a copy of the shared seed sample, resources/samples/seed-meeting.json)."""
    return copy.deepcopy(json.loads((DATA / "seed-meeting.json").read_text("utf-8"))["data"])


@pytest.fixture
def full_meeting(seed) -> dict:
    """The seed plus everything optional: absentees, participants, a substitute, checker,
    certifier, a closing, a meeting over electronic media."""
    m = copy.deepcopy(seed)
    m["attendees"].append({"prefix": "นาย", "name": "สมศักดิ์ ญาณวุฒิ", "position": "ปลัดอำเภอ",
                           "role": "กรรมการและเลขานุการ", "substitute_for": "นายอำเภอเมืองยะลา"})
    m["absentees"] = [{"prefix": "นาง", "name": "สุภาพร แวดือราแม", "position": "พัฒนาการอำเภอ",
                       "reason": "ติดราชการ"}]
    m["participants"] = [{"prefix": "นางสาว", "name": "อามีเนาะ สาและ", "position": "พัฒนากรประจำตำบลสะเตง"}]
    m["closing"] = "ประธานกล่าวขอบคุณผู้เข้าร่วมประชุมทุกท่าน"
    m["electronic"] = True
    m["recorder"] = {"prefix": "นาย", "name": "ธีรพงษ์ ศรีระแก้ว", "position": "ปลัดอำเภอ"}
    m["checker"] = {"prefix": "นาย", "name": "อำนวย ศรีระแก้ว", "position": "ผู้ช่วยเลขาธิการ ศอ.บต."}
    m["certifier"] = {"prefix": "นาย", "name": "มะยูโซะ ดอเลาะ", "position": "ประธานสภาสันติสุขตำบลสะเตง"}
    return m


