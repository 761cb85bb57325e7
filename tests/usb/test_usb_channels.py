"""Online push and USB bundles mixed in random orders, with duplicates and bundles imported
out of order, end in exactly the server state that online sync of the same ops in order
gives (records with versions, and every op's result)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from tambon_desktop.protocol import signing
from tambon_desktop.server import apply, auth, db
from tambon_desktop.server.tables import AppliedOp, Device, Record
from tambon_desktop.services import usb
from tambon_desktop.store import sync_meta
from tests.helpers.sync_harness import outbox_states, project
from tests.helpers.usb_harness import district_pc, export_down, import_up

_n = itertools.count()

ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("edit"), st.integers(1, 3)),
    st.tuples(st.just("export"), st.just(0)),
    st.tuples(st.just("online"), st.just(0)),
    st.tuples(st.just("import"), st.integers(0, 20)),
), min_size=2, max_size=10)


def state(engine, device_id: str) -> tuple[dict, dict]:
    with Session(engine) as s:
        ops = {r.op_id: (r.device_seq, r.status, r.version, r.conflicts)
               for r in s.exec(select(AppliedOp).where(AppliedOp.device_id == device_id))}
        ids = {r.record_id for r in s.exec(select(AppliedOp).where(
            AppliedOp.device_id == device_id))}
        records = {r.id: (r.data, r.status, r.deleted, r.version) for r in s.exec(
            select(Record).where(col(Record.id).in_(ids)))} if ids else {}
    return records, ops


def reference(tmp_path, pc) -> tuple[dict, dict]:
    """The same ops pushed online, in order, into a fresh server database."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'reference.sqlite3'}")
    db.migrate(engine)
    with pc.ws.db.read() as s:
        key = sync_meta.get_meta(s, "private_key")
        from tambon_desktop.protocol.ops import Op
        from tambon_desktop.store.tables import Outbox

        ops = [signing.sign_op(Op.from_dict(__import__("json").loads(r.body)), key)
               for r in s.exec(select(Outbox).order_by(col(Outbox.device_seq)))]
    with db.session_scope(engine) as s:
        user = auth.add_user(s, name="ref", password="tambon-test-pw-1", role="clerk", district=pc.district,
                             province=None, actor="test")
        s.flush()
        s.add(Device(id=pc.ws.device_id, user_id=user.id, district=pc.district,
                     province=pc.district[:2], role="clerk",
                     public_key=signing.public_key_of(key), created_at="2024-01-01T00:00:00Z"))
    with db.session_scope(engine) as s:
        for i in range(0, len(ops), 7):
            device = s.get(Device, pc.ws.device_id)
            apply.apply_ops(s, device=device, ops=ops[i:i + 7], channel="online")
    result = state(engine, pc.ws.device_id)
    engine.dispose()
    return result


@settings(max_examples=15, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=ACTIONS, reverse=st.booleans())
def test_mixed_channels_match_online_sync(server, engine, tmp_path_factory, actions, reverse):
    folder = tmp_path_factory.mktemp(f"mix{next(_n)}")
    pc = district_pc(server, folder / "pc", "9501")
    try:
        records: list[str] = []
        bundles = []
        for action, arg in actions:
            if action == "edit":
                for _ in range(arg):
                    if records and len(records) % 2 == 0:
                        rid = records[len(records) // 3]
                        pc.ws.records.update(rid, project("9501", name=f"แก้ {next(_n)}"))
                    records.append(pc.ws.records.create(
                        "project", project("9501", name=f"ใหม่ {next(_n)}")).id)
            elif action == "export":
                bundles.append(usb.export_bundle(pc.ws, folder).path)
            elif action == "online":
                pc.engine.run_round()
            elif bundles:
                import_up(engine, bundles[arg % len(bundles)])
        bundles.append(usb.export_bundle(pc.ws, folder).path)
        for path in (reversed(bundles) if reverse else bundles):  # out of order, again
            import_up(engine, path)
        import_up(engine, bundles[0])
        got = state(engine, pc.ws.device_id)
        assert got == reference(folder, pc)
        assert all(status == "applied" for _, status, _, _ in got[1].values())
        # the district learns all of it by a down-bundle, as from an online round
        down, _ = export_down(engine, pc.ws.device_id, folder / "down")
        usb.import_bundle(pc.ws, down)
        counts = outbox_states(pc.ws)
        assert counts["pending"] == counts["sent"] == counts["rejected"] == 0
    finally:
        pc.close()
