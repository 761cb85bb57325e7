"""Three PCs, random edits, syncs, lost answers, duplicates and reorders against one real
server. After a full round nothing is lost, nothing doubled, every PC equals the server, and
no PC ever holds another district's record."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol import signing
from tambon_desktop.services import sync as sync_service
from tambon_desktop.store import outbox_state
from tests.helpers.netproxy import BLACKHOLE, CUT, DROP, PASS, Proxy
from tests.helpers.sync_harness import (
    FakeDevice,
    ServerProc,
    add_user_direct,
    enrol_pc,
    local_state,
    no_keepalive,
    outbox_states,
    project,
    server_db_url,
    server_state,
)

pytestmark = pytest.mark.slow
DISTRICTS = ("9501", "9501", "9502")
_n = itertools.count()
_words = st.sampled_from(["ก", "ข", "ค", "ถนน", "ประปา", "ไฟฟ้า", "อบรม", "ร้านค้า"])


@pytest.fixture(scope="module")
def stateful_server(tmp_path_factory):
    proc = ServerProc(tmp_path_factory.mktemp("stateful")).start()
    yield proc
    proc.stop()


def test_random_sync_histories_converge(stateful_server, tmp_path_factory):
    class Machine(SyncMachine):
        server = stateful_server
        tmp = tmp_path_factory

    Machine.TestCase.settings = settings(
        max_examples=20, stateful_step_count=18, deadline=None,
        suppress_health_check=list(HealthCheck))
    Machine.TestCase().runTest()


class SyncMachine(RuleBasedStateMachine):
    server: ServerProc
    tmp = None

    def __init__(self):
        super().__init__()
        k = next(_n)
        folder = self.tmp.mktemp(f"ex{k}")
        url = server_db_url(self.server)
        self.pcs, self.proxies, self.observers = [], [], {}
        for i, district in enumerate(DISTRICTS):
            proxy = Proxy(self.server.port)
            self.proxies.append(proxy)
            self.pcs.append(enrol_pc(self.server, folder / f"pc{i}", f"s{k}_{i}",
                                     district=district, transport={
                                         "url": proxy.url, "timeout": 5, "httpx": no_keepalive()}))
        for district in set(DISTRICTS):
            add_user_direct(url, f"s{k}_obs{district}", district=district)
            observer = FakeDevice(self.server.url)
            observer.login(f"s{k}_obs{district}")
            self.observers[district] = observer
        self.created: dict[str, str] = {}  # record id -> district
        self.written: dict[tuple[str, str], set] = {}  # (record, field) -> values ever written

    def teardown(self):
        try:
            self.full_round_converges()
        finally:
            for pc in self.pcs:
                pc.close()
            for proxy in self.proxies:
                proxy.close()
            for observer in self.observers.values():
                observer.close()

    # -- edits ---------------------------------------------------------------------------
    @rule(pc=st.integers(0, 2), name=_words)
    def create(self, pc, name):
        rec = self.pcs[pc].ws.records.create("project", project(DISTRICTS[pc], name=name))
        self.created[rec.id] = DISTRICTS[pc]
        self.written[(rec.id, "name")] = {name}

    @precondition(lambda self: self.created)
    @rule(pc=st.integers(0, 2), pick=st.integers(0, 10**6),
          field=st.sampled_from(["name", "budget_source", "agency"]), value=_words)
    def edit(self, pc, pick, field, value):
        mine = sorted(local_state(self.pcs[pc].ws))
        if not mine:
            return
        rid = mine[pick % len(mine)]
        data = dict(local_state(self.pcs[pc].ws)[rid]["data"])
        data[field] = value
        try:
            self.pcs[pc].ws.records.update(rid, data)
        except KnownError:
            return
        self.written.setdefault((rid, field), set()).add(value)

    @precondition(lambda self: self.created)
    @rule(pc=st.integers(0, 2), pick=st.integers(0, 10**6), name=_words)
    def add_item(self, pc, pick, name):
        mine = sorted(local_state(self.pcs[pc].ws))
        if not mine:
            return
        rid = mine[pick % len(mine)]
        data = dict(local_state(self.pcs[pc].ws)[rid]["data"])
        item = {"id": f"i{next(_n)}", "name": name}
        data["activities"] = [*data.get("activities", []), item]
        try:
            self.pcs[pc].ws.records.update(rid, data)
        except KnownError:
            return
        self.written.setdefault((rid, "activities", item["id"]), set()).add(name)

    # -- the link ------------------------------------------------------------------------
    @rule(pc=st.integers(0, 2), fault=st.sampled_from([PASS, PASS, DROP, BLACKHOLE, CUT]),
          later=st.integers(0, 3))
    def sync(self, pc, fault, later):
        proxy = self.proxies[pc]
        proxy.schedule.clear()
        proxy.schedule.extend([PASS] * later + [fault])
        try:
            self.pcs[pc].engine.run_round()
        except sync_service.SyncOffline:
            pass
        proxy.schedule.clear()

    @rule(pc=st.integers(0, 2))
    def forget_acks(self, pc):
        """As if the answers had been lost: the next push re-sends, the server says duplicate."""
        with self.pcs[pc].ws.db.write() as s:
            from sqlalchemy import text

            s.execute(text("UPDATE outbox SET state = 'sent' WHERE state = 'acked' "
                           "AND device_seq > (SELECT max(device_seq) - 3 FROM outbox)"))

    @rule(pc=st.integers(0, 2))
    def push_reordered_tail(self, pc):
        """The later half of the unsent ops, newest first: the server must wait for the gap."""
        engine = self.pcs[pc].engine
        with self.pcs[pc].ws.db.read() as s:
            ops = outbox_state.ops_to_send(s, limit=50)
        if len(ops) < 2:
            return
        tail = [signing.sign_op(op, engine._key) for op in reversed(ops[len(ops) // 2:])]
        body = sync_service._push_body(tail, device_id=self.pcs[pc].ws.device_id,
                                       private_key=engine._key)
        try:
            answer = engine._http().push(body)
        except sync_service.SyncOffline:
            return
        assert {r.status for r in answer.results} <= {"deferred", "duplicate", "applied"}
        with self.pcs[pc].ws.db.write() as s:
            outbox_state.settle(s, results=[r.model_dump() for r in answer.results])

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def scope_is_safe(self):
        for pc in self.pcs:
            for rid, rec in local_state(pc.ws).items():
                assert self.created.get(rid, pc.district) == pc.district
                assert rec["data"]["area"]["amphoe"] == pc.district

    def full_round_converges(self):
        for proxy in self.proxies:
            proxy.schedule.clear()
            proxy.mode = PASS
        for _ in range(2):
            for pc in self.pcs:
                pc.engine.run_round()
        for district, observer in self.observers.items():
            on_server = server_state(observer)
            mine = {rid for rid, d in self.created.items() if d == district}
            assert mine <= set(on_server), "lost a record"
            for pc in self.pcs:
                if pc.district != district:
                    continue
                local = {r: v for r, v in local_state(pc.ws).items() if r in mine}
                assert local == {r: on_server[r] for r in mine}, "did not converge"
                counts = outbox_states(pc.ws)
                assert counts["pending"] == counts["sent"] == counts["rejected"] == 0, counts
            for rid in mine:
                data = on_server[rid]["data"]
                for field in ("name", "budget_source", "agency"):
                    values = self.written.get((rid, field))
                    if values:
                        assert data[field] in values, (field, data[field], values)
                items = {i["id"]: i["name"] for i in data.get("activities", [])}
                for key, values in self.written.items():
                    if len(key) == 3 and key[0] == rid:
                        assert items.get(key[2]) in values, "lost a repeat-group item"
                assert len(json.dumps(data)) > 0
