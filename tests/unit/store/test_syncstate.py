"""The sync state of the local store without a server: what a push answer (settle), a
refusal (restore), a pull (apply_pulled) and a conflict resolution do to a real SQLite
workspace. The server's answers are written here as the server sends them."""

from __future__ import annotations

import sqlite3

import pytest

from tambon_desktop.services.sync import SyncEngine
from tambon_desktop.store import conflict_inbox, outbox_state, pulled, sync_meta

CONFLICT = "01a24977-0000-7000-8000-00000000c0f1"


def _outbox(ws) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(ws.db.path)
    try:
        return conn.execute("SELECT kind, state, reject_reason FROM outbox "
                            "ORDER BY device_seq").fetchall()
    finally:
        conn.close()


def _ops(ws):
    with ws.db.read() as s:
        return outbox_state.ops_to_send(s, limit=100)


def _settle(ws, answers: dict[str, tuple[str, str]], title_of=None) -> dict[str, int]:
    results = [{"op_id": op_id, "status": status, "reason": reason}
               for op_id, (status, reason) in answers.items()]
    with ws.db.write() as s:
        return outbox_state.settle(s, results=results, title_of=title_of)


def _incoming(view, *, version: int, data=None, status="draft", deleted=False,
              hlc="0000000000001-0000", conflicts=(), title=None):
    data = dict(view.data if data is None else data)
    return pulled.Incoming(
        record_id=view.id, form_id=view.form_id, form_version=view.form_version,
        area=view.area, status=status, data=data, version=version, deleted=deleted, hlc=hlc,
        conflicts=list(conflicts), title=view.title if title is None else title,
        record_date=data.get("date", ""))


def _pull(ws, changes, cursor="c1") -> list[str]:
    with ws.db.write() as s:
        return pulled.apply_pulled(s, changes=changes, cursor=cursor)


@pytest.fixture
def synced(workspace, seed_meeting):
    """A meeting created here, accepted by the server and pulled back as version 1."""
    view = workspace.records.create("meeting", seed_meeting["data"])
    _settle(workspace, {op.op_id: ("applied", "") for op in _ops(workspace)})
    assert _pull(workspace, [_incoming(view, version=1)]) == [view.id]
    return workspace.records.get(view.id)


# -- settle ----------------------------------------------------------------------------------


def test_settle_counts_each_answer_and_sets_the_outbox_state(workspace, seed_meeting):
    a = workspace.records.create("meeting", seed_meeting["data"])
    workspace.records.create("meeting", dict(seed_meeting["data"], number=2))
    workspace.records.create("meeting", dict(seed_meeting["data"], number=3))
    ops = _ops(workspace)
    counts = _settle(workspace, {ops[0].op_id: ("applied", ""),
                                 ops[1].op_id: ("rejected", "x" * 600),
                                 ops[2].op_id: ("deferred", "")})
    assert counts == {"acked": 1, "rejected": 1, "deferred": 1}
    states = _outbox(workspace)
    assert [(k, st) for k, st, _ in states] == [
        ("create", "acked"), ("create", "rejected"), ("create", "pending")]
    assert states[1][2] == "x" * 500  # the reason is kept, cut at 500 characters
    assert [op.op_id for op in _ops(workspace)] == [ops[2].op_id]
    # a record never pulled keeps what it has after a refusal
    assert workspace.records.get(a.id).data == a.data
    with workspace.db.read() as s:
        assert outbox_state.status_counts(s) == {
            "pending": 1, "sent": 0, "acked": 1, "rejected": 1, "conflicts": 0}


def test_settle_duplicate_is_acked_and_sent_ops_are_not_sent_again(workspace, seed_meeting):
    workspace.records.create("meeting", seed_meeting["data"])
    (op,) = _ops(workspace)
    with workspace.db.write() as s:
        outbox_state.mark_sent(s, op_ids=[op.op_id])
    assert [st for _, st, _ in _outbox(workspace)] == ["sent"]
    assert [o.op_id for o in _ops(workspace)] == [op.op_id]  # sent but unsettled: again
    assert _settle(workspace, {op.op_id: ("duplicate", "")})["acked"] == 1
    assert _ops(workspace) == []


def test_a_refused_edit_puts_the_servers_copy_back_with_title_and_index(workspace, synced):
    workspace.records.update(synced.id, dict(synced.data, venue="ห้องใหม่",
                                             committee="คณะใหม่"))
    workspace.records.update(synced.id, dict(workspace.records.get(synced.id).data,
                                             start_time="10:00"))
    first, second = _ops(workspace)
    calls = []

    def title_of(form_id, data):
        calls.append(form_id)
        return data["committee"] + "!", data["date"]

    counts = _settle(workspace, {first.op_id: ("rejected", "lifecycle.locked: no — ไม่ได้")},
                     title_of=title_of)
    assert counts == {"acked": 0, "rejected": 1, "deferred": 0}
    after = workspace.records.get(synced.id)
    # the refused edit is gone, the unsent one after it stays on top of the server's copy
    assert after.data["venue"] == synced.data["venue"]
    assert after.data["committee"] == synced.data["committee"]
    assert after.data["start_time"] == "10:00"
    assert calls == ["meeting"]
    assert after.title == synced.data["committee"] + "!"
    assert workspace.records.search("ห้องใหม่") == []
    assert _outbox(workspace)[-2][1:] == ("rejected", "lifecycle.locked: no — ไม่ได้")


def test_a_refused_transition_gives_back_only_the_status(workspace, synced):
    workspace.records.update(synced.id, dict(synced.data, venue="ห้องใหม่"))
    workspace.records.transition(synced.id, "submit")
    edit, step = _ops(workspace)
    assert workspace.records.get(synced.id).status != "draft"
    _settle(workspace, {edit.op_id: ("applied", ""), step.op_id: ("rejected", "no")})
    after = workspace.records.get(synced.id)
    assert after.status == "draft"
    assert after.data["venue"] == "ห้องใหม่"  # the data is not touched


def test_a_refused_delete_brings_the_record_back(workspace, synced):
    workspace.records.delete(synced.id)
    (op,) = _ops(workspace)
    _settle(workspace, {op.op_id: ("rejected", "no")})
    after = workspace.records.get(synced.id)
    assert not after.deleted and after.data == synced.data


# -- apply_pulled ----------------------------------------------------------------------------


def test_a_pull_makes_the_record_advances_the_cursor_and_empties_staging(workspace, synced):
    with workspace.db.write() as s:
        pulled.stage(s, changes=[{"record_id": synced.id}], cursor="c2")
        assert pulled.staged(s) == [{"record_id": synced.id}]
        assert sync_meta.get_meta(s, "staging_cursor") == "c2"
    changed = _pull(workspace, [_incoming(synced, version=2, data=dict(
        synced.data, venue="ห้องจากอีกเครื่อง"), status="submitted")], cursor="c2")
    assert changed == [synced.id]
    after = workspace.records.get(synced.id)
    assert (after.server_version, after.status, after.data["venue"]) == (
        2, "submitted", "ห้องจากอีกเครื่อง")
    with workspace.db.read() as s:
        assert pulled.staged(s) == []
        assert sync_meta.get_meta(s, "pull_cursor") == "c2"
        assert sync_meta.get_meta(s, "staging_cursor") is None
        assert sync_meta.get_meta(s, "last_pull_at")
        assert pulled.server_copy(s, synced.id)[0] == 2
    assert [r[0] for r in workspace.records.search("ห้องจากอีกเครื่อง")] == [synced.id]


def test_a_pull_of_a_version_already_held_changes_nothing(workspace, synced):
    assert _pull(workspace, [_incoming(synced, version=1, data=dict(
        synced.data, venue="ไม่ควรเห็น"))]) == []
    assert workspace.records.get(synced.id).data == synced.data


def test_a_pull_keeps_unsent_edits_on_top(workspace, synced):
    workspace.records.update(synced.id, dict(synced.data, venue="ห้องของเครื่องนี้"))
    workspace.records.delete(synced.id)
    _pull(workspace, [_incoming(synced, version=2, data=dict(
        synced.data, end_time="13:00"), status="draft")])
    after = workspace.records.get(synced.id)
    assert after.data["venue"] == "ห้องของเครื่องนี้"
    assert after.data["end_time"] == "13:00"
    assert after.deleted  # the unsent delete too


def test_a_pull_moves_the_clock_past_the_pulled_stamp(workspace, synced):
    stamp = "9999999999999-0007"
    _pull(workspace, [_incoming(synced, version=2, hlc=stamp)])
    conn = sqlite3.connect(workspace.db.path)
    ms, counter = conn.execute("SELECT hlc_ms, hlc_counter FROM device WHERE id = 1").fetchone()
    conn.close()
    assert (ms, counter) >= (9999999999999, 7)


def test_a_pull_of_a_new_record_uses_the_title_it_brings(workspace, synced, seed_meeting):
    other = _incoming(synced, version=1, title="จากอีกอำเภอ")
    other.record_id = "01a24977-0000-7000-8000-0000000000aa"
    assert _pull(workspace, [other]) == [other.record_id]
    view = workspace.records.get(other.record_id)
    assert (view.title, view.record_date, view.server_version) == (
        "จากอีกอำเภอ", seed_meeting["data"]["date"], 1)


# -- conflict inbox and resolve ----------------------------------------------------------------


def _conflict(path="venue", candidates=("ห้อง ก", "ห้อง ข"), conflict_id=CONFLICT):
    return {"conflict_id": conflict_id, "path": path, "winner": 1,
            "candidates": [{"value": v, "device_id": f"d{i}"} for i, v in
                           enumerate(candidates)]}


def test_pulled_conflicts_are_the_inbox_and_a_later_pull_replaces_them(workspace, synced):
    _pull(workspace, [_incoming(synced, version=2, data=dict(synced.data, venue="ห้อง ข"),
                                conflicts=[_conflict()])])
    with workspace.db.read() as s:
        (entry,) = conflict_inbox.inbox(s)
        assert outbox_state.status_counts(s)["conflicts"] == 1
    assert (entry.record_id, entry.path, entry.winner, entry.state) == (
        synced.id, "venue", 1, "open")
    assert [c["value"] for c in entry.candidates] == ["ห้อง ก", "ห้อง ข"]
    _pull(workspace, [_incoming(synced, version=3)])  # the server closed it
    with workspace.db.read() as s:
        assert conflict_inbox.inbox(s, include_resolving=True) == []


def test_resolve_writes_a_resolve_op_and_hides_the_conflict(workspace, synced):
    _pull(workspace, [_incoming(synced, version=2, data=dict(synced.data, venue="ห้อง ข"),
                                conflicts=[_conflict()])])
    resolved = SyncEngine(workspace).resolve(CONFLICT, choice=0)
    assert resolved.id == synced.id and resolved.data["venue"] == "ห้อง ก"
    assert workspace.records.get(synced.id).data["venue"] == "ห้อง ก"
    (op,) = _ops(workspace)
    assert (op.kind, op.fields, op.base_version) == ("resolve", {"venue": "ห้อง ก"}, 2)
    with workspace.db.read() as s:
        assert conflict_inbox.inbox(s) == []
        assert [e.state for e in conflict_inbox.inbox(s, include_resolving=True)] == ["resolving"]
    assert resolved.op_changes.outbox and resolved.op_changes.record_ids == (synced.id,)
    # a pull while the server has it still open keeps it hidden
    _pull(workspace, [_incoming(synced, version=3, data=dict(synced.data, venue="ห้อง ข"),
                                conflicts=[_conflict()])])
    with workspace.db.read() as s:
        assert conflict_inbox.inbox(s) == []
    # a refused resolution shows the conflict again
    _settle(workspace, {op.op_id: ("rejected", "no")})
    with workspace.db.read() as s:
        assert [e.state for e in conflict_inbox.inbox(s)] == ["open"]


def test_resolve_refuses_unknown_conflicts_and_choices(workspace, synced, raises_th):
    engine = SyncEngine(workspace)
    with raises_th("ไม่พบรายการขัดแย้ง"):
        engine.resolve("no-such", choice=0)
    _pull(workspace, [_incoming(synced, version=2, conflicts=[_conflict()])])
    with raises_th("ไม่มีตัวเลือกนี้"):
        engine.resolve(CONFLICT, choice=5)
    assert _ops(workspace) == []
    engine.resolve(CONFLICT, value="ห้องที่พิมพ์เอง")
    assert workspace.records.get(synced.id).data["venue"] == "ห้องที่พิมพ์เอง"
