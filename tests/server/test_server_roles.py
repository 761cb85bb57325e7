"""The server re-checks lifecycle roles: the status an op sets must be a step the pushing user's
role (as the server knows it) may take from the record's status on the server. A refused op is
rejected with its reason, never blocks the device's next ops, and is written to the audit log."""

from __future__ import annotations

import io

import pytest

from tambon_desktop import cli
from tests.helpers.sync_harness import add_user_direct, make_pc, project, server_db_url, statuses
from tests.helpers.sync_harness import push_ok as push
from tests.helpers.sync_harness import signed_in as dev


@pytest.fixture(scope="module")
def staff(server):
    url = server_db_url(server)
    for name, role in (("r_clerk", "clerk"), ("r_checker", "checker"),
                       ("r_checker2", "checker"), ("r_chief", "district_chief"),
                       ("r_admin", "admin")):
        add_user_direct(url, name, district="9501", role=role)
    return server


def minutes_at(server, status: str) -> tuple[str, int]:
    """A minutes record taken to `status` by the proper roles; (record id, version)."""
    clerk, checker = dev(server, "r_clerk"), dev(server, "r_checker")
    create = clerk.op("create", fields={"committee": "ประชุมคณะกรรมการ"})
    rid = create.record_id
    results = push(clerk, create)
    if status in ("submitted", "checked"):
        results = push(clerk, clerk.op("transition", rid, base_version=results[-1]["version"],
                                       status="submitted"))
    if status == "checked":
        results = push(checker, checker.op("transition", rid,
                                           base_version=results[-1]["version"],
                                           status="checked"))
    assert statuses(results) == ["applied"]
    return rid, results[-1]["version"]


def server_status(server, rid: str) -> str:
    records, _ = dev(server, "r_clerk").pull_all()
    return records[rid]["status"]


def audit_reasons(server, op_id: str) -> list[tuple[str, str, str]]:
    from sqlmodel import select

    from tambon_desktop.server import db
    from tambon_desktop.server.tables import AuditEntry

    engine = db.make_engine(server_db_url(server))
    try:
        with db.session_scope(engine) as s:
            rows = s.exec(select(AuditEntry).where(AuditEntry.target == op_id)).all()
            return [(r.action, r.detail.get("reason", ""), r.detail.get("role", ""))
                    for r in rows]
    finally:
        engine.dispose()


def test_clerk_cannot_certify_and_the_next_op_still_applies(staff):
    rid, version = minutes_at(staff, "checked")
    clerk = dev(staff, "r_clerk")
    certify = clerk.op("transition", rid, base_version=version, status="certified")
    after = clerk.op("create", fields={"committee": "ประชุมครั้งต่อไป"})
    results = push(clerk, certify, after)
    assert statuses(results) == ["rejected", "applied"]
    reason = results[0]["reason"]
    assert reason.startswith("lifecycle.role: a clerk may not certify")
    assert "เจ้าหน้าที่ธุรการไม่มีสิทธิ์รับรอง" in reason
    assert server_status(staff, rid) == "checked"
    assert audit_reasons(staff, certify.op_id) == [("op.rejected", reason, "clerk")]
    # sent again (the answer was lost): the same rejection, nothing else changes
    again = push(clerk, certify)[0]
    assert (again["status"], again["reason"]) == ("rejected", reason)


def test_skipping_steps_is_rejected_even_for_the_chief(staff):
    for user in ("r_chief", "r_admin"):
        chief = dev(staff, user)
        create = chief.op("create", fields={"committee": "ประชุม"})
        skip = chief.op("transition", create.record_id, base_version=1, status="certified")
        results = push(chief, create, skip)
        assert statuses(results) == ["applied", "rejected"]
        assert results[1]["reason"].startswith(
            "lifecycle.step: cannot certify a minutes record that is draft (only from checked)")
        assert server_status(staff, create.record_id) == "draft"


def test_each_role_takes_its_own_step(staff):
    rid, version = minutes_at(staff, "checked")  # clerk submits, checker checks
    chief = dev(staff, "r_chief")
    results = push(chief, chief.op("transition", rid, base_version=version, status="certified"))
    assert statuses(results) == ["applied"]
    assert server_status(staff, rid) == "certified"
    # a project: the clerk proposes, only the district chief approves
    clerk, checker = dev(staff, "r_clerk"), dev(staff, "r_checker")
    create = clerk.op("create", fields={"name": "ถนน"}, form_id="project")
    propose = clerk.op("transition", create.record_id, base_version=1, status="proposed",
                       form_id="project")
    assert statuses(push(clerk, create, propose)) == ["applied", "applied"]
    by_checker = push(checker, checker.op("transition", create.record_id, base_version=2,
                                          status="approved", form_id="project"))
    assert by_checker[0]["reason"].startswith("lifecycle.role: a checker may not approve")
    approved = push(chief, chief.op("transition", create.record_id, base_version=2,
                                    status="approved", form_id="project"))
    assert statuses(approved) == ["applied"]


def test_a_record_starts_as_draft_and_edits_do_not_move_it(staff):
    chief = dev(staff, "r_chief")
    born_certified = chief.op("create", fields={"committee": "ประชุม"}, status="certified")
    draft = chief.op("create", fields={"committee": "ประชุม"})
    sneaky = chief.op("update", draft.record_id, {"committee": "แก้"}, base_version=1,
                      status="checked")
    nowhere = chief.op("transition", draft.record_id, base_version=1, status="archived")
    results = push(chief, born_certified, draft, sneaky, nowhere)
    assert statuses(results) == ["rejected", "applied", "rejected", "rejected"]
    assert results[0]["reason"].startswith("lifecycle.create_status:")
    assert results[2]["reason"].startswith("lifecycle.status_in_edit:")
    assert results[3]["reason"].startswith("lifecycle.unknown_status:")
    assert server_status(staff, draft.record_id) == "draft"


def test_concurrent_status_change(staff):
    # both saw "checked": the checker returns it, then the chief's certify arrives
    rid, version = minutes_at(staff, "checked")
    checker, chief = dev(staff, "r_checker"), dev(staff, "r_chief")
    back = checker.op("transition", rid, base_version=version, status="returned")
    certify = chief.op("transition", rid, base_version=version, status="certified")
    assert statuses(push(checker, back)) == ["applied"]
    late = push(chief, certify)[0]
    assert late["status"] == "rejected"
    assert late["reason"].startswith("lifecycle.changed: cannot certify: another device changed "
                                     "the record to returned")
    assert "ส่งกลับแก้ไข" in late["reason"]
    assert server_status(staff, rid) == "returned"
    # both saw "submitted": one checker checks, the other returns; return is still a step
    # from "checked", so it applies (steps apply in the order the server receives them)
    rid, version = minutes_at(staff, "submitted")
    one, two = dev(staff, "r_checker"), dev(staff, "r_checker2")
    assert statuses(push(two, two.op("transition", rid, base_version=version,
                                     status="checked"))) == ["applied"]
    assert statuses(push(one, one.op("transition", rid, base_version=version,
                                     status="returned"))) == ["applied"]
    assert server_status(staff, rid) == "returned"


def test_pc_shows_the_rejection_in_sync_status(staff, tmp_path, capsys, monkeypatch):
    """A PC whose local role says district chief, signed in as a clerk: the PC lets the
    approval through, the server goes by its own role and refuses it."""
    pc = make_pc(tmp_path / "pc", staff.url, district="9501", user="r_clerk")
    try:
        pc.ws.set_user("r_clerk", "district_chief")
        rid = pc.ws.records.create("project", project("9501")).id
        pc.ws.records.transition(rid, "submit")
        pc.engine.run_round()
        pc.ws.records.transition(rid, "approve")
        other = pc.ws.records.create("project", project("9501", name="ประปา")).id
        report = pc.engine.run_round()
        assert (report.acked, report.rejected) == (1, 1)
        # the refused approval does not stay on the PC: back to the server's status
        assert pc.ws.records.get(rid).status == "proposed"
        assert pc.ws.records.get(other).status == "draft"
    finally:
        pc.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["--data-dir", str(tmp_path / "pc"), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "acknowledged 3  rejected 1" in out  # create, submit, the other create
    line = next(x for x in out.splitlines() if x.startswith("rejected #3"))
    assert f"transition {rid}" in line
    assert "lifecycle.role: a clerk may not approve" in line
    assert "เจ้าหน้าที่ธุรการไม่มีสิทธิ์อนุมัติ" in line
    assert other
