"""The server enforces the edit and delete locks of the lifecycle table (EDITABLE / DELETABLE in
protocol.lifecycle, the ones the PC enforces): an update, resolve or delete on a record whose
status on the server does not allow it is rejected with its reason (lifecycle.locked, or
lifecycle.changed when another device locked it after the version the op was made on), never
blocks the device's next ops, and is written to the audit log. Permitted edits still apply."""

from __future__ import annotations

import pytest

from tambon_desktop.core.errors import KnownError
from tambon_desktop.services.sync import SyncReport
from tests.helpers.sync_harness import (
    FakeDevice,
    add_user_direct,
    local_state,
    make_pc,
    project,
    server_db_url,
    statuses,
)
from tests.helpers.sync_harness import push_ok as push
from tests.helpers.sync_harness import signed_in as dev


@pytest.fixture(scope="module")
def staff(server):
    url = server_db_url(server)
    for name, role in (("l_clerk", "clerk"), ("l_clerk2", "clerk"), ("l_checker", "checker"),
                       ("l_chief", "district_chief"), ("l_pc_a", "clerk"), ("l_pc_b", "clerk"),
                       ("l_pc_c", "clerk"), ("l_pc_d", "clerk")):
        add_user_direct(url, name, district="9501", role=role)
    return server


def server_record(server, rid: str) -> dict:
    records, _ = dev(server, "l_clerk").pull_all()
    return records[rid]


def minutes_at(server, status: str, clerk: FakeDevice | None = None) -> tuple[str, int]:
    """A minutes record taken to `status` by the proper roles; (record id, version)."""
    clerk = clerk or dev(server, "l_clerk")
    checker = dev(server, "l_checker")
    create = clerk.op("create", fields={"committee": "ประชุมคณะกรรมการ", "opening": "ร่าง"})
    rid = create.record_id
    results = push(clerk, create)
    steps = {"submitted": ["submitted"], "checked": ["submitted", "checked"],
             "returned": ["submitted", "returned"]}.get(status, [])
    for target in steps:
        who = clerk if target == "submitted" else checker
        results = push(who, who.op("transition", rid, base_version=results[-1]["version"],
                                   status=target))
    assert statuses(results) == ["applied"]
    return rid, results[-1]["version"]


def audit_of(server, op_id: str) -> list[tuple[str, str]]:
    from sqlmodel import select

    from tambon_desktop.server import db
    from tambon_desktop.server.tables import AuditEntry

    engine = db.make_engine(server_db_url(server))
    try:
        with db.session_scope(engine) as s:
            rows = s.exec(select(AuditEntry).where(AuditEntry.target == op_id)).all()
            return [(r.action, r.detail.get("reason", "")) for r in rows]
    finally:
        engine.dispose()


def test_editing_locked_minutes_is_rejected_and_the_next_op_applies(staff):
    clerk = dev(staff, "l_clerk")
    for status in ("submitted", "checked"):
        rid, version = minutes_at(staff, status, clerk)
        edit = clerk.op("update", rid, {"opening": "แก้หลังส่ง"}, base_version=version)
        after = clerk.op("create", fields={"committee": "ประชุมครั้งต่อไป"})
        results = push(clerk, edit, after)
        assert statuses(results) == ["rejected", "applied"]
        reason = results[0]["reason"]
        assert reason.startswith(f"lifecycle.locked: a minutes record that is {status} cannot "
                                 f"be edited (only while draft, returned)")
        assert "แก้ไขไม่ได้ขณะอยู่ในสถานะ" in reason and "ส่งกลับแก้ไขก่อน" in reason
        assert results[0]["record_id"] == rid
        record = server_record(staff, rid)
        assert (record["status"], record["data"]["opening"], record["version"]) == (
            status, "ร่าง", version)
        assert audit_of(staff, edit.op_id) == [("op.rejected", reason)]
        # sent again (the answer was lost): the same rejection
        again = push(clerk, edit)[0]
        assert (again["status"], again["reason"]) == ("rejected", reason)


def test_deleting_locked_records_is_rejected(staff):
    clerk, chief = dev(staff, "l_clerk"), dev(staff, "l_chief")
    rid, version = minutes_at(staff, "checked", clerk)
    results = push(clerk, clerk.op("delete", rid, base_version=version))
    assert results[0]["reason"].startswith(
        "lifecycle.locked: a minutes record that is checked cannot be deleted (only while draft)")
    assert "ลบไม่ได้ขณะอยู่ในสถานะตรวจแล้ว" in results[0]["reason"]
    # returned minutes may be edited but not deleted
    rid, version = minutes_at(staff, "returned", clerk)
    results = push(clerk, clerk.op("delete", rid, base_version=version))
    assert results[0]["reason"].startswith("lifecycle.locked: a minutes record that is returned")
    assert not server_record(staff, rid)["deleted"]
    # an approved project: even the district chief cannot delete it
    create = clerk.op("create", fields={"name": "ถนน"}, form_id="project")
    propose = clerk.op("transition", create.record_id, base_version=1, status="proposed",
                       form_id="project")
    assert statuses(push(clerk, create, propose)) == ["applied", "applied"]
    assert statuses(push(chief, chief.op("transition", create.record_id, base_version=2,
                                         status="approved", form_id="project"))) == ["applied"]
    gone = chief.op("delete", create.record_id, base_version=3, form_id="project")
    results = push(chief, gone)
    assert results[0]["status"] == "rejected"
    assert results[0]["reason"].startswith(
        "lifecycle.locked: a project record that is approved cannot be deleted")
    assert "ลบไม่ได้ขณะอยู่ในสถานะอนุมัติ" in results[0]["reason"]
    assert not server_record(staff, create.record_id)["deleted"]


def test_permitted_edits_and_deletes_still_apply(staff):
    clerk, chief = dev(staff, "l_clerk"), dev(staff, "l_chief")
    rid, version = minutes_at(staff, "returned", clerk)  # returned: editable again
    assert statuses(push(clerk, clerk.op("update", rid, {"opening": "แก้ตามที่ส่งกลับ"},
                                         base_version=version))) == ["applied"]
    assert server_record(staff, rid)["data"]["opening"] == "แก้ตามที่ส่งกลับ"
    # an approved project may still be edited (progress, budget...)
    create = clerk.op("create", fields={"name": "ประปา"}, form_id="project")
    propose = clerk.op("transition", create.record_id, base_version=1, status="proposed",
                       form_id="project")
    approve = chief.op("transition", create.record_id, base_version=2, status="approved",
                       form_id="project")
    assert statuses(push(clerk, create, propose)) == ["applied", "applied"]
    assert statuses(push(chief, approve)) == ["applied"]
    edit = clerk.op("update", create.record_id, {"name": "ประปาหมู่บ้าน"}, base_version=3,
                    form_id="project")
    assert statuses(push(clerk, edit)) == ["applied"]
    assert server_record(staff, create.record_id)["data"]["name"] == "ประปาหมู่บ้าน"
    # a draft is edited and deleted
    draft = clerk.op("create", fields={"committee": "ร่าง"})
    edit = clerk.op("update", draft.record_id, {"committee": "ร่างใหม่"}, base_version=1)
    delete = clerk.op("delete", draft.record_id, base_version=2)
    assert statuses(push(clerk, draft, edit, delete)) == ["applied"] * 3
    assert server_record(staff, draft.record_id)["deleted"]


def test_fields_riding_on_a_step_or_a_resolve_are_locked_too(staff):
    clerk, checker = dev(staff, "l_clerk"), dev(staff, "l_checker")
    rid, version = minutes_at(staff, "submitted", clerk)
    # a checker's step may not carry edits of the submitted text
    sneaky = checker.op("transition", rid, {"opening": "แก้ระหว่างตรวจ"}, base_version=version,
                        status="checked")
    results = push(checker, sneaky)
    assert results[0]["reason"].startswith("lifecycle.locked: a minutes record that is submitted")
    assert server_record(staff, rid)["status"] == "submitted"
    # a resolve that keeps the value the locked record shows passes (closes a conflict);
    # one that changes it is refused like an edit
    keep = clerk.op("resolve", rid, {"opening": "ร่าง"}, base_version=version)
    change = clerk.op("resolve", rid, {"opening": "อีกค่าหนึ่ง"}, base_version=version)
    results = push(clerk, keep, change)
    assert statuses(results) == ["applied", "rejected"]
    assert results[1]["reason"].startswith("lifecycle.locked:")
    assert server_record(staff, rid)["data"]["opening"] == "ร่าง"


def test_an_edit_that_arrives_after_another_device_submitted_is_rejected(staff):
    """Two clerks have the same draft; B submits it, A's edit (made on the draft) arrives
    later: not merged into the submitted minutes, rejected as changed meanwhile."""
    a, b = dev(staff, "l_clerk"), dev(staff, "l_clerk2")
    rid, version = minutes_at(staff, "draft", a)
    late = a.op("update", rid, {"opening": "แก้จากเครื่อง ก"}, base_version=version)
    assert statuses(push(b, b.op("transition", rid, base_version=version,
                                 status="submitted"))) == ["applied"]
    result = push(a, late)[0]
    assert result["status"] == "rejected"
    assert result["reason"].startswith(
        "lifecycle.changed: cannot edit: another device changed the record to submitted "
        "meanwhile, so this change was not kept")
    assert "มีผู้เปลี่ยนสถานะเป็นส่งตรวจจากเครื่องอื่นก่อนแล้ว" in result["reason"]
    record = server_record(staff, rid)
    assert (record["status"], record["data"]["opening"]) == ("submitted", "ร่าง")
    # a late delete the same way; after the checker returns it, A's edit goes through
    gone = a.op("delete", rid, base_version=version)
    assert push(a, gone)[0]["reason"].startswith("lifecycle.changed: cannot delete")
    checker = dev(staff, "l_checker")
    returned = push(checker, checker.op("transition", rid, base_version=record["version"],
                                        status="returned"))
    assert statuses(returned) == ["applied"]
    again = a.op("update", rid, {"opening": "แก้จากเครื่อง ก"}, base_version=returned[0]["version"])
    assert statuses(push(a, again)) == ["applied"]


def test_two_pcs_the_late_edit_comes_back_with_the_reason(staff, tmp_path):
    """Real PCs: A edits a draft project while B proposes it; A's round gets the rejection,
    and A's record goes back to the server's (proposed, B's data)."""
    a = make_pc(tmp_path / "a", staff.url, district="9501", user="l_pc_a")
    b = make_pc(tmp_path / "b", staff.url, district="9501", user="l_pc_b")
    try:
        rid = a.ws.records.create("project", project("9501", name="ถนน")).id
        other = a.ws.records.create("project", project("9501", name="ไฟฟ้า")).id
        a.engine.run_round()
        b.engine.run_round()
        a.ws.records.update(rid, project("9501", name="ถนนลาดยาง"))
        a.ws.records.update(other, project("9501", name="ไฟฟ้าส่องทาง"))
        b.ws.records.transition(rid, "submit")
        b.engine.run_round()
        report = a.engine.run_round()
        assert (report.acked, report.rejected) == (1, 1)
        [(record_id, kind, reason)] = [(r.record_id, r.kind, r.reason) for r in a.engine.rejected()]
        assert (record_id, kind) == (rid, "update")
        assert reason.startswith("lifecycle.changed: cannot edit: another device changed the "
                                 "record to proposed meanwhile")
        assert "มีผู้เปลี่ยนสถานะเป็นเสนอจากเครื่องอื่นก่อนแล้ว" in reason
        mine = a.ws.records.get(rid)
        assert (mine.status, mine.data["name"], mine.title) == ("proposed", "ถนน", "ถนน")
        assert a.ws.records.get(other).data["name"] == "ไฟฟ้าส่องทาง"  # the next op applied
        b.engine.run_round()
        assert local_state(a.ws) == local_state(b.ws)
        # and the PC itself no longer lets the clerk edit it
        with pytest.raises(KnownError):
            a.ws.records.update(rid, project("9501", name="ถนนลาดยาง"))
    finally:
        a.close()
        b.close()


def test_pc_refused_edit_made_while_a_round_was_running(staff, tmp_path):
    """The PC pulled the submitted record with its own edit still unsent on top (the edit was
    made between the push and the pull of a round): the server refuses it and the PC puts the
    record back to the server's data, with nothing left to push."""
    a = make_pc(tmp_path / "a", staff.url, district="9501", user="l_pc_c")
    b = make_pc(tmp_path / "b", staff.url, district="9501", user="l_pc_d")
    try:
        rid = a.ws.records.create("project", project("9501", name="ถนน")).id
        a.engine.run_round()
        b.engine.run_round()
        b.ws.records.transition(rid, "submit")
        b.engine.run_round()
        a.ws.records.update(rid, project("9501", name="ถนนลาดยาง"))
        a.engine._pull(a.engine._http(), SyncReport(), lambda _p: None, None)
        assert a.ws.records.get(rid).data["name"] == "ถนนลาดยาง"  # unsent edit on top
        report = a.engine.run_round()
        assert report.rejected == 1
        mine = a.ws.records.get(rid)
        assert (mine.status, mine.data["name"]) == ("proposed", "ถนน")
        assert local_state(a.ws)[rid]["data"] == local_state(b.ws)[rid]["data"]
    finally:
        a.close()
        b.close()


def test_a_conflict_on_a_record_locked_meanwhile(staff, tmp_path):
    """A settles a conflict by choosing its own value while B proposes the project: the server
    refuses the resolve (the proposed text is frozen), A's conflict shows again, and A can then
    only keep the value the record shows, which closes it."""
    add_user_direct(server_db_url(staff), "l_pc_e", district="9501")
    add_user_direct(server_db_url(staff), "l_pc_f", district="9501")
    a = make_pc(tmp_path / "a", staff.url, district="9501", user="l_pc_e")
    b = make_pc(tmp_path / "b", staff.url, district="9501", user="l_pc_f")
    try:
        rid = a.ws.records.create("project", project("9501", name="เดิม")).id
        a.engine.run_round()
        b.engine.run_round()
        a.ws.records.update(rid, project("9501", name="จาก A"))
        b.ws.records.update(rid, project("9501", name="จาก B"))
        for pc in (a, b, a):
            pc.engine.run_round()
        [entry] = a.engine.conflicts()
        mine = next(n for n, c in enumerate(entry.candidates) if c["value"] == "จาก A")
        a.engine.resolve(entry.conflict_id, choice=mine)
        assert a.engine.conflicts() == []
        b.engine.run_round()
        b.ws.records.transition(rid, "submit")
        b.engine.run_round()
        report = a.engine.run_round()
        assert report.rejected == 1
        [(kind, reason)] = [(r.kind, r.reason) for r in a.engine.rejected()]
        assert kind == "resolve" and reason.startswith("lifecycle.changed: cannot edit")
        record = a.ws.records.get(rid)
        assert (record.status, record.data["name"]) == ("proposed", "จาก B")
        [again] = a.engine.conflicts()  # back in the inbox
        assert again.conflict_id == entry.conflict_id
        with pytest.raises(KnownError, match="only the value it shows") as refused:
            a.engine.resolve(again.conflict_id, choice=mine)
        from tambon_desktop.protocol.lifecycle import check_edit

        assert refused.value.message_th == (  # the lock rule's own words, as the server's
            "เลือกได้เฉพาะค่าที่ระเบียนแสดงอยู่: " + check_edit("project", current="proposed").message_th)
        a.engine.resolve(again.conflict_id, choice=1 - mine)  # keep "จาก B"
        report = a.engine.run_round()
        assert (report.acked, report.rejected) == (1, 0)
        assert a.engine.conflicts() == []
        b.engine.run_round()
        assert b.engine.conflicts() == []
        assert b.ws.records.get(rid).data["name"] == "จาก B"
    finally:
        a.close()
        b.close()


def test_an_edit_of_minutes_certified_elsewhere_comes_back_in_thai(staff, tmp_path, seed_meeting):
    """Real PCs over the loopback server: clerk A edits the minutes while checker B certifies
    them. The server's refusal is coded (lifecycle.certified) with Thai and English, the old
    one-line reason field still carries it, and A stores it and shows the clerk the Thai."""
    url = server_db_url(staff)
    add_user_direct(url, "l_pc_g", district="9501", role="clerk")
    add_user_direct(url, "l_pc_h", district="9501", role="checker")
    a = make_pc(tmp_path / "a", staff.url, district="9501", user="l_pc_g")
    b = make_pc(tmp_path / "b", staff.url, district="9501", user="l_pc_h")
    try:
        rid = a.ws.records.create("meeting", seed_meeting["data"]).id
        a.engine.run_round()
        b.engine.run_round()
        a.ws.records.update(rid, dict(a.ws.records.get(rid).data, venue="ห้องประชุมชั้น ๒"))
        b.ws.set_user("l_pc_h", "checker")
        for step in ("submit", "check", "certify"):
            b.ws.records.transition(rid, step)
        assert b.engine.run_round().rejected == 0
        report = a.engine.run_round()
        assert (report.acked, report.rejected) == (0, 1)
        [stored] = a.engine.rejected()
        assert stored.reason == (
            "lifecycle.certified: certified minutes never change; record an amendment instead"
            " — รายงานการประชุมที่รับรองแล้วแก้ไขไม่ได้ (สร้างบันทึกแก้ไขแทน)")
        [shown] = a.engine.rejected_changes()  # what the sync page's table shows
        assert shown.code == "lifecycle.certified"
        assert shown.reason_th == "รายงานการประชุมที่รับรองแล้วแก้ไขไม่ได้ (สร้างบันทึกแก้ไขแทน)"
        assert shown.reason_en == "certified minutes never change; record an amendment instead"
        mine = a.ws.records.get(rid)  # put back as the server has it
        assert (mine.status, mine.data["venue"]) == ("certified", seed_meeting["data"]["venue"])
    finally:
        a.close()
        b.close()
