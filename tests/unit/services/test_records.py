import pytest

from tambon_desktop.core.errors import KnownError, ValidationFailed
from tambon_desktop.store.queries import ListQuery


def test_thai_substring_from_mid_word_finds_the_records(workspace, seed_meeting, seed_project):
    m = workspace.records.create("meeting", seed_meeting["data"])
    p = workspace.records.create("project", seed_project["data"])
    # "ระแก้ว" is the middle/end of the chair's surname ศรีระแก้ว
    assert [r[0] for r in workspace.records.search("ระแก้ว")] == [m.id]
    assert {r[0] for r in workspace.records.search("มั่งคั่ง")} == {m.id, p.id}
    assert [r[0] for r in workspace.records.search("สะเตง")] == [p.id]
    assert [r[0] for r in workspace.records.search("ศอ")] != []  # two characters: LIKE path
    assert workspace.records.search("ไม่มีคำนี้แน่นอน") == []


def test_search_forgets_deleted_and_updated_text(workspace, seed_project):
    p = workspace.records.create("project", seed_project["data"])
    workspace.records.update(p.id, dict(p.data, name="โครงการปลูกผักสวนครัว"))
    assert workspace.records.search("มั่งคั่ง") == []  # the old name is forgotten
    assert [r[0] for r in workspace.records.search("สะเตง")] == [p.id]  # its tambon's name
    assert [r[0] for r in workspace.records.search("ผักสวนครัว")] == [p.id]
    workspace.records.delete(p.id)
    assert workspace.records.search("ผักสวนครัว") == []


def test_meeting_numbers_are_unique_per_committee_and_year(workspace, seed_meeting, raises_th):
    data = seed_meeting["data"]
    first = workspace.records.create("meeting", data)
    with raises_th("มีอยู่แล้ว", ValidationFailed):
        workspace.records.create("meeting", data)
    workspace.records.create("meeting", dict(data, committee="คณะกรรมการอื่น"))
    workspace.records.create("meeting", dict(data, date="2023-01-19", year_be=None))
    workspace.records.transition(first.id, "cancel")
    with raises_th("มีอยู่แล้ว", ValidationFailed):  # a cancelled meeting keeps its number
        workspace.records.create("meeting", data)
    with raises_th("ต้องตรงกับปี", ValidationFailed):
        workspace.records.create("meeting", dict(data, number=9, year_be=2566))


def test_minutes_lifecycle_and_locking(workspace, seed_meeting, raises_th):
    m = workspace.records.create("meeting", seed_meeting["data"])
    with raises_th("ไม่มีสิทธิ์", KnownError):
        workspace.records.transition(m.id, "submit") and workspace.records.transition(m.id, "check")
    workspace.set_user("ปลัดสมชาย", "checker")
    with raises_th("เหตุผล", KnownError):
        workspace.records.transition(m.id, "return")
    workspace.records.transition(m.id, "return", comment="แก้ชื่อสถานที่")
    workspace.records.update(m.id, dict(m.data, venue="ห้องประชุมใหม่"))
    workspace.records.transition(m.id, "submit")
    workspace.records.transition(m.id, "check")
    view = workspace.records.transition(m.id, "รับรอง")
    assert view.status == "certified"
    with raises_th("บันทึกแก้ไข", KnownError):
        workspace.records.update(m.id, dict(view.data, venue="x"))
    with raises_th("ลบไม่ได้", KnownError):
        workspace.records.delete(m.id)
    steps = [(h[2], h[3]) for h in workspace.records.history(m.id)]
    assert steps == [("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"),
                     ("submitted", "checked"), ("checked", "certified")]
    amendment = workspace.records.create("amendment", {
        "meeting": m.id, "reference": "การประชุมครั้งที่ 2/2565 ระเบียบวาระที่ 2",
        "date": "2022-02-20",
        "changes": [{"location": "หน้า 1 บรรทัด 3", "old_text": "ก", "new_text": "ข"}]})
    assert amendment.data["meeting"] == m.id


def test_progress_report_needs_a_real_project_and_locks_when_sent(workspace, seed_project, raises_th):
    p = workspace.records.create("project", seed_project["data"])
    report = {"project": p.id, "period": "2565-01", "report_date": "2022-01-25",
              "physical_percent": 40, "approved_baht": "300000", "disbursed_baht": "120000.50",
              "people_reached": 120, "target_group": "ครัวเรือนยากจน"}
    r = workspace.records.create("progress_report", report)
    assert r.data["period"] == "2022-01"
    with raises_th("ไม่พบโครงการ", ValidationFailed):
        workspace.records.create("progress_report", dict(report, project=r.id))
    with raises_th("เบิกจ่าย", ValidationFailed):
        workspace.records.create("progress_report", dict(report, disbursed_baht="400000"))
    # money compares as a number, not as text ("80000.00" sorts after "300000.00" as text)
    for spent in ("80000", "9999.99", "300000"):
        workspace.records.create("progress_report", dict(report, disbursed_baht=spent))
    with raises_th("เบิกจ่าย", ValidationFailed):
        workspace.records.create("progress_report", dict(report, disbursed_baht="300000.01"))
    workspace.records.transition(r.id, "send")
    with pytest.raises(KnownError):
        workspace.records.update(r.id, dict(r.data, physical_percent=50))


def test_list_pages_sort_by_thai_title(workspace, seed_project):
    for name in ["ไก่บ้าน", "เกษตรพอเพียง", "ขนมพื้นบ้าน", "กองทุนหมู่บ้าน"]:
        workspace.records.create("project", dict(seed_project["data"], name=name))
    rows = workspace.records.list(ListQuery("project", sort="title", descending=False))
    assert [r[2] for r in rows] == ["กองทุนหมู่บ้าน", "เกษตรพอเพียง", "ไก่บ้าน", "ขนมพื้นบ้าน"]
    page = workspace.records.list(ListQuery("project", sort="title", descending=False, offset=1,
                                            limit=2))
    assert [r[2] for r in page] == ["เกษตรพอเพียง", "ไก่บ้าน"]
    assert workspace.records.count(ListQuery("project", text="บ้าน")) == 3


def test_villages_are_kept_locally_and_checked(workspace, seed_project, raises_th):
    workspace.add_village("950101", 3, "บ้านสะเตง")
    data = dict(seed_project["data"], area={"changwat": "95", "amphoe": "9501",
                                            "tambon": "950101", "village": 3})
    assert workspace.records.create("project", data).data["area"]["village"] == 3
    data["area"] = dict(data["area"], village=7)
    with raises_th("หมู่ที่ 7", ValidationFailed):
        workspace.records.create("project", data)


def test_search_text_with_wildcard_characters_is_literal(workspace, seed_project):
    p = workspace.records.create("project", dict(seed_project["data"], name="โครงการ 100%_ดี"))
    workspace.records.create("project", dict(seed_project["data"], name="โครงการ 1000 ดี"))
    assert [r[0] for r in workspace.records.search("100%_")] == [p.id]
    assert [r[0] for r in workspace.records.search("%")] == [p.id]


def test_next_meeting_number_is_suggested_per_committee_and_year(workspace, seed_meeting):
    data = seed_meeting["data"]
    assert workspace.records.suggest_meeting_number(data["committee"], "2022-05-01") == 1
    workspace.records.create("meeting", data)
    assert workspace.records.suggest_meeting_number(data["committee"], "2022-05-01") == 2
    assert workspace.records.suggest_meeting_number(data["committee"], "2023-01-05") == 1
    assert workspace.records.suggest_meeting_number("คณะอื่น", "2022-05-01") == 1


@pytest.mark.parametrize("probe", [3, 2000])
def test_list_search_gives_the_same_rows_by_either_strategy(workspace, seed_project, monkeypatch,
                                                            probe):
    from tambon_desktop.store import queries

    monkeypatch.setattr(queries, "_PROBE", probe)
    monkeypatch.setattr(queries, "_SMALL_FORM", 0)  # the index, not a small form's direct read
    names = ["โครงการปลูกผัก", "โครงการเลี้ยงไก่", "โครงการปลูกป่า", "ปลูกข้าว 100%", "กองทุน"]
    workspace.records.create_many([("project", dict(seed_project["data"], name=n))
                                   for n in names])
    q = ListQuery("project", text="ปลูก", sort="title", descending=False)
    assert [r[2] for r in workspace.records.list(q)] == ["โครงการปลูกป่า", "โครงการปลูกผัก",
                                                         "ปลูกข้าว 100%"]
    assert workspace.records.count(q) == 3
    assert workspace.records.count(ListQuery("project", text="โครงการ")) == 3
    assert [r[2] for r in workspace.records.list(ListQuery("project", text="0%"))] == [
        "ปลูกข้าว 100%"]
    assert workspace.records.count(ListQuery("project", text="ไก")) == 1


def test_search_counts_stop_at_the_cap(workspace, seed_project, monkeypatch):
    from tambon_desktop.store import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    workspace.records.create_many([("project", seed_project["data"])] * 4)
    assert workspace.records.count(ListQuery("project", text="สะเตง")) == 3  # "more than 2"
    assert workspace.records.count(ListQuery("project")) == 4


def test_desktop_lock_messages_are_the_protocol_refusals(workspace, seed_meeting):
    """The PC refuses an edit, a delete or a step with the very words the server would send
    (protocol.lifecycle.check_edit / check_transition), not a copy of its own."""
    from tambon_desktop.protocol import lifecycle

    m = workspace.records.create("meeting", seed_meeting["data"])
    workspace.records.transition(m.id, "submit")
    expected = lifecycle.check_edit("minutes", current="submitted")
    with pytest.raises(KnownError) as edit:
        workspace.records.update(m.id, dict(m.data, venue="ห้องอื่น"))
    assert (edit.value.message_th, edit.value.message_en) == (
        expected.message_th, expected.message_en)
    assert edit.value.message_th.startswith("แก้ไขไม่ได้ขณะอยู่ในสถานะส่งตรวจ")
    gone = lifecycle.check_edit("minutes", current="submitted", delete=True)
    with pytest.raises(KnownError) as delete:
        workspace.records.delete(m.id)
    assert delete.value.message_th == gone.message_th
    # a clerk may not check: the role refusal the server gives
    role = lifecycle.check_transition("minutes", role="clerk", current="submitted",
                                      target="checked")
    with pytest.raises(KnownError) as step:
        workspace.records.transition(m.id, "check")
    assert step.value.message_th == role.message_th == (
        "เจ้าหน้าที่ธุรการไม่มีสิทธิ์ตรวจแล้ว (ผู้มีสิทธิ์: ปลัดอำเภอ (ผู้ตรวจ), นายอำเภอ, ผู้ดูแลระบบ)")
    # a step that changes nothing is refused on the PC (the server lets a repeat pass)
    with pytest.raises(KnownError) as again:
        workspace.records.transition(m.id, "submit")
    assert again.value.message_th == (
        "ส่งตรวจไม่ได้ขณะอยู่ในสถานะส่งตรวจ (ทำได้จากสถานะ ร่าง, ส่งกลับแก้ไข)")
    assert lifecycle.check_transition("minutes", role="clerk", current="submitted",
                                      target="submitted") is None
    assert workspace.records.get(m.id).status == "submitted"  # nothing changed


def test_certified_minutes_point_to_an_amendment():
    from tambon_desktop.protocol import lifecycle

    refusal = lifecycle.check_edit("minutes", current="certified")
    assert refusal.message_th.endswith("(สร้างบันทึกแก้ไขแทน)")
    assert refusal.message_en.endswith("; record an amendment instead")
