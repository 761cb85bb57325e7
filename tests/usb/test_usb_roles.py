"""Lifecycle roles over USB: an up-bundle goes through the same apply_ops as an online push, so
a step the signed-in user's role may not take is rejected the same way, the ops behind it still
apply, and the rejection comes back in the down-bundle to `tambon sync --status`."""

from __future__ import annotations

from tambon_desktop import cli
from tambon_desktop.services import usb
from tambon_desktop.store import outbox_state
from tests.helpers.sync_harness import local_state, project
from tests.helpers.usb_harness import district_pc, export_down, import_up


def _work(pc) -> None:
    """As a district chief on this PC (the server knows the user as a clerk)."""
    pc.ws.set_user(pc.user, "district_chief")
    rid = pc.ws.records.create("project", project(pc.district, name="ถนนสายหลัก")).id
    pc.ws.records.transition(rid, "submit")
    pc.ws.records.transition(rid, "approve")
    pc.ws.records.create("project", project(pc.district, name="ประปาหมู่บ้าน"))


def _outcome(pc) -> list[tuple[int, str, str]]:
    """(seq, kind, reason) of every rejected op, and the server's view through a pull."""
    with pc.ws.db.read() as s:
        return [(r.seq, r.kind, r.reason) for r in outbox_state.rejected_ops(s)]


def test_usb_import_rejects_a_step_the_role_may_not_take_like_online(
        server, engine, tmp_path, capsys):
    online = district_pc(server, tmp_path / "online", "9504")
    stick = district_pc(server, tmp_path / "stick", "9504")
    try:
        for pc in (online, stick):
            _work(pc)
        report = online.engine.run_round()
        assert (report.acked, report.rejected) == (3, 1)

        receipt = import_up(engine, usb.export_bundle(stick.ws, tmp_path).path)
        assert (receipt.applied, receipt.rejected, receipt.acked_through) == (3, 1, 4)
        path, manifest = export_down(engine, stick.ws.device_id, tmp_path / "down")
        assert manifest.rejected_count == 1
        result = usb.import_bundle(stick.ws, path)
        assert (result.acked, result.rejected) == (3, 1)

        assert _outcome(stick) == _outcome(online)
        for pc in (online, stick):  # the refused approval is not left on either PC
            statuses = {v["status"] for v in local_state(pc.ws).values()}
            assert statuses == {"draft", "proposed"}
        [(seq, kind, reason)] = _outcome(stick)
        assert (seq, kind) == (3, "transition")
        assert reason.startswith("lifecycle.role: a clerk may not approve")
        assert cli.main(["--data-dir", str(stick.ws.folder), "sync", "--status"]) == 0
        out = capsys.readouterr().out
        assert "rejected 1" in out and "เจ้าหน้าที่ธุรการไม่มีสิทธิ์อนุมัติ" in out
        # the server holds both PCs' projects as proposed, never approved
        from sqlmodel import select

        from tambon_desktop.server.db import session_scope
        from tambon_desktop.server.tables import Record

        with session_scope(engine) as s:
            rows = s.exec(select(Record).where(Record.district == "9504")).all()
            assert sorted(r.status for r in rows) == ["draft", "draft", "proposed", "proposed"]
    finally:
        online.close()
        stick.close()
