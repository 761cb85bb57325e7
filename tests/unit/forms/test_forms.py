import copy

import pytest
import yaml

from tambon_desktop.core.errors import ValidationFailed
from tambon_desktop.core.paths import forms_dir
from tambon_desktop.forms.model import FormError, load_form_file, parse_form
from tambon_desktop.forms.registry import get_form, load_forms
from tambon_desktop.forms.validate import validate


def test_every_shipped_form_loads_strictly():
    forms = load_forms()
    assert {"meeting", "project", "progress_report", "amendment"} <= set(forms)
    for path in forms_dir().glob("*.yaml"):
        form = load_form_file(path)
        assert form.version >= 1
        for field in form.fields:
            assert field.label.th and field.label.en


def test_meeting_form_has_every_element_of_form_11():
    meeting = get_form("meeting")
    ids = {f.id for f in meeting.fields}
    assert {"committee", "number", "date", "venue", "attendees", "absentees", "participants",
            "start_time", "end_time", "agenda", "recorder", "checker", "certifier", "opening",
            "recording_style", "attachments"} <= ids
    attendee = {f.id for f in meeting.field("attendees").fields}
    assert {"prefix", "name", "position", "role", "substitute_for"} <= attendee
    agenda = meeting.field("agenda")
    assert {"discussion", "resolution", "items"} <= {f.id for f in agenda.fields}


def test_unknown_key_in_a_form_fails_at_load(tmp_path):
    raw = yaml.safe_load((forms_dir() / "project.yaml").read_text("utf-8"))
    broken = copy.deepcopy(raw)
    broken["fields"][0]["lable"] = broken["fields"][0]["label"]
    with pytest.raises(FormError, match="unknown key"):
        parse_form(broken)
    broken = copy.deepcopy(raw)
    broken["colour"] = "red"
    with pytest.raises(FormError, match="unknown key"):
        parse_form(broken)
    broken = copy.deepcopy(raw)
    broken["fields"][0]["type"] = "textt"
    with pytest.raises(FormError, match="unknown type"):
        parse_form(broken)


def test_seed_records_validate(seed_meeting, seed_project):
    meeting = validate(get_form("meeting"), seed_meeting["data"])
    assert meeting["date"] == "2022-01-20"
    assert all(a["id"] for a in meeting["attendees"])
    assert meeting["agenda"][3]["items"][0]["number"] == "4.1"
    project = validate(get_form("project"), seed_project["data"])
    assert project["budget_baht"] == "300000.00"


def test_validation_names_each_bad_field_in_thai(seed_meeting):
    data = copy.deepcopy(seed_meeting["data"])
    data["date"] = "2565-02-30"
    data["start_time"] = "25:00"
    data["venue"] = ""
    data["number"] = "หนึ่ง"
    data["attendees"][1]["position"] = ""
    data["area"] = {"changwat": "95", "amphoe": "9601"}
    data["colour"] = "red"
    with pytest.raises(ValidationFailed) as err:
        validate(get_form("meeting"), data)
    paths = {e.path for e in err.value.errors}
    assert {"date", "start_time", "venue", "number", "attendees[1]", "area", "colour"} <= paths
    text = err.value.message_th
    for label in ("วันที่ประชุม", "เริ่มประชุมเวลา", "สถานที่ประชุม", "ครั้งที่", "ผู้มาประชุม ลำดับที่ 2"):
        assert label in text


def test_end_time_must_follow_start_time(seed_meeting, raises_th):
    data = copy.deepcopy(seed_meeting["data"])
    data["end_time"] = "08:00"
    with raises_th("เวลาเลิกประชุม", ValidationFailed):
        validate(get_form("meeting"), data)


def test_huge_text_and_control_characters_are_refused(seed_meeting, raises_th):
    data = copy.deepcopy(seed_meeting["data"])
    data["agenda"][0]["discussion"] = "ก" * (10 * 1024 * 1024)
    with raises_th("ยาวเกิน", ValidationFailed):
        validate(get_form("meeting"), data)
    data = copy.deepcopy(seed_meeting["data"])
    data["venue"] = "ห้อง\x00ประชุม"
    with raises_th("อักขระควบคุม", ValidationFailed):
        validate(get_form("meeting"), data)


def test_input_is_normalised(seed_project):
    data = copy.deepcopy(seed_project["data"])
    data["start_date"] = "๑/๑๐/๒๕๖๔"
    data["budget_baht"] = "๓๐๐,๐๐๐"
    out = validate(get_form("project"), data)
    assert out["start_date"] == "2021-10-01"
    assert out["budget_baht"] == "300000.00"


def test_wrong_types_are_refused(seed_project):
    data = copy.deepcopy(seed_project["data"])
    data["policy_area"] = 9
    data["objectives"] = "not a list"
    data["budget_baht"] = True
    with pytest.raises(ValidationFailed) as err:
        validate(get_form("project"), data)
    assert {"policy_area", "objectives", "budget_baht"} <= {e.path for e in err.value.errors}
