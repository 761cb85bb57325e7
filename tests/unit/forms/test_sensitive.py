"""Sensitive fields (PDPA มาตรา ๒๖, national IDs; DOMAIN.md §5.3-5.4): where a form may declare
them, and tambon-record/1 exports that leave them out unless asked, with an audit line."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tambon_desktop.cli import main
from tambon_desktop.forms.model import FIELD_TYPES, SENSITIVE_TYPES, FormError, parse_form
from tests.conftest import CITIZEN_ID


def _form(*fields, **extra) -> dict:
    return {"form": "t", "version": 1, "title": {"th": "ท", "en": "t"}, "lifecycle": "simple",
            "title_field": "name",
            "fields": [{"id": "name", "type": "text", "label": {"th": "ชื่อ", "en": "Name"}},
                       *fields], **extra}


def _f(fid: str, ftype: str, **extra) -> dict:
    field = {"id": fid, "type": ftype, "label": {"th": "ช่อง", "en": "Field"}, **extra}
    if ftype == "choice":
        field["options"] = [{"value": 1, "label": {"th": "หนึ่ง", "en": "one"}}]
    if ftype == "repeat":
        field["fields"] = [{"id": "x", "type": "text", "label": {"th": "x", "en": "x"}}]
    if ftype == "record_ref":
        field["ref_form"] = "meeting"
    return field


# -- the form loader -------------------------------------------------------------------------
@pytest.mark.parametrize("ftype", SENSITIVE_TYPES)
def test_sensitive_is_allowed_on_free_text(ftype):
    form = parse_form(_form(_f("secret", ftype, sensitive=True)))
    assert form.field("secret").sensitive and not form.field("name").sensitive


@pytest.mark.parametrize("ftype", [t for t in FIELD_TYPES if t not in SENSITIVE_TYPES])
def test_sensitive_is_refused_on_other_types(ftype):
    with pytest.raises(FormError, match="sensitive is only allowed on text, long_text"):
        parse_form(_form(_f("secret", ftype, sensitive=True)))


@pytest.mark.parametrize("field, message", [
    (_f("secret", "text", sensitive=True, required=True), "cannot be required"),
    (_f("secret", "text", sensitive="yes"), "must be true or false"),
    (_f("secret", "text", sensitve=True), r"unknown key\(s\) \['sensitve'\]"),
    ({"id": "people", "type": "repeat", "label": {"th": "ค", "en": "p"}, "require_any": ["cid"],
      "fields": [_f("cid", "text", sensitive=True)]}, "require_any cannot name a sensitive"),
    ({"id": "people", "type": "repeat", "label": {"th": "ค", "en": "p"},
      "fields": [_f("cid", "text", sensitive=True),
                 _f("why", "text", relevant={"field": "cid", "in": ["x"]})]},
     "relevant on sensitive field 'cid'"),
])
def test_sensitive_rules_of_the_loader(field, message):
    with pytest.raises(FormError, match=message):
        parse_form(_form(field))


def test_a_sensitive_field_is_never_the_title_or_date():
    with pytest.raises(FormError, match="cannot be the title"):
        parse_form(_form(_f("secret", "text", sensitive=True), title_field="secret"))


def test_top_level_relevance_on_a_sensitive_field_must_be_sensitive_too():
    drive = _f("unrest", "text", sensitive=True)
    parse_form(_form(drive, _f("detail", "long_text", sensitive=True,
                                relevant={"field": "unrest", "in": ["ใช่"]})))
    with pytest.raises(FormError, match="must be sensitive too"):
        parse_form(_form(drive, _f("detail", "long_text",
                                    relevant={"field": "unrest", "in": ["ใช่"]})))


# -- export and import through the command line ---------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _init(capsys, folder):
    assert run(capsys, "--data-dir", str(folder), "init", "--district", "9501",
               "--user", "สมศรี")[0] == 0


def _audit(folder, action):
    with sqlite3.connect(folder / "tambon.sqlite3") as conn:
        return conn.execute("SELECT user_name, record_id, detail FROM audit WHERE action = ?",
                            (action,)).fetchall()


@pytest.fixture
def stored(aid_list_form, aid_list_data, tmp_path, capsys):
    folder = tmp_path / "ws"
    _init(capsys, folder)
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "tambon-record/1", "form": "aid_list",
                                "data": aid_list_data}, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, "--data-dir", str(folder), "import", str(path))
    assert code == 0, err
    return folder, out.strip()


def test_export_leaves_sensitive_fields_out_by_default(stored, aid_list_data, capsys):
    folder, rid = stored
    code, out, err = run(capsys, "--data-dir", str(folder), "export", rid)
    assert code == 0, err
    exported = json.loads(out)
    assert set(exported) == {"format", "form", "form_version", "id", "status", "data"}
    data = exported["data"]
    assert data["name"] == aid_list_data["name"] and "health_note" not in data
    assert [set(p) for p in data["people"]] == [{"id", "name"}, {"id", "name"}]
    assert [p["name"] for p in data["people"]] == ["นางสาวอามีนะ ดือราแม", "นายสมชาย ใจดี"]
    assert CITIZEN_ID not in out and "อิสลาม" not in out and "ติดเตียง ต้อง" not in out
    assert _audit(folder, "export-sensitive") == []


def test_include_sensitive_exports_everything_and_is_audited(stored, aid_list_data, capsys):
    folder, rid = stored
    code, out, err = run(capsys, "--data-dir", str(folder), "export", rid, "--include-sensitive")
    assert code == 0, err
    data = json.loads(out)["data"]
    assert data["health_note"] == aid_list_data["health_note"]
    assert data["people"][0]["citizen_id"] == CITIZEN_ID
    assert data["people"][0]["religion"] == "อิสลาม"
    [(user, record_id, detail)] = _audit(folder, "export-sensitive")
    assert (user, record_id) == ("สมศรี", rid)
    assert detail.startswith("fields=health_note,people[].citizen_id,people[].religion device=")


def test_include_sensitive_on_a_record_without_any_writes_no_audit_line(tmp_path, capsys,
                                                                         seed_project):
    folder = tmp_path / "ws"
    _init(capsys, folder)
    path = tmp_path / "p.json"
    path.write_text(json.dumps(seed_project, ensure_ascii=False), "utf-8")
    rid = run(capsys, "--data-dir", str(folder), "import", str(path))[1].strip()
    plain = run(capsys, "--data-dir", str(folder), "export", rid)[1]
    assert run(capsys, "--data-dir", str(folder), "export", rid, "--include-sensitive")[1] == plain
    assert _audit(folder, "export-sensitive") == []


def test_reimporting_an_export_never_erases_a_stored_sensitive_value(stored, tmp_path, capsys):
    """Import only creates: the same id again is refused, the stored value stays; elsewhere
    the export imports as a record without the sensitive values."""
    folder, rid = stored
    path = tmp_path / "out.json"
    path.write_text(run(capsys, "--data-dir", str(folder), "export", rid)[1], "utf-8")
    code, _, err = run(capsys, "--data-dir", str(folder), "import", str(path))
    assert code == 1 and "already exists" in err
    full = json.loads(run(capsys, "--data-dir", str(folder), "export", rid,
                          "--include-sensitive")[1])
    assert full["data"]["people"][0]["citizen_id"] == CITIZEN_ID
    assert full["data"]["health_note"]

    other = tmp_path / "province"
    _init(capsys, other)
    code, out, err = run(capsys, "--data-dir", str(other), "import", str(path))
    assert code == 0 and out.strip() == rid, err
    copy = json.loads(run(capsys, "--data-dir", str(other), "export", rid,
                          "--include-sensitive")[1])["data"]
    assert "health_note" not in copy and "citizen_id" not in copy["people"][0]
    assert copy["people"][0]["name"] == "นางสาวอามีนะ ดือราแม"


def test_export_help_names_the_flag(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "--include-sensitive" in capsys.readouterr().out
