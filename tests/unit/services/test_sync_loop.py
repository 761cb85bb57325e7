"""The one sync loop (services/sync_background.BackgroundSync) without a server: a PC whose
server cannot be reached backs off with full jitter, `trigger` runs a round at once even
while paused, `pause` holds the timed rounds, a bug is reported and the loop lives on, and
`stop` ends the thread."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tambon_desktop.protocol import signing
from tambon_desktop.services.sync_background import BackgroundSync
from tambon_desktop.services.sync_transport import SyncOffline
from tambon_desktop.store import sync_meta


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


@pytest.fixture
def unreachable(workspace):
    """A PC signed in to a server that is not there (the link is down)."""
    private, public = signing.generate_keypair()
    with workspace.db.write() as s:
        sync_meta.set_meta(s, server_url=f"http://127.0.0.1:{_closed_port()}", token="t",
                           private_key=private, public_key=public)
    return workspace


class Recorder:
    def __init__(self):
        self.states: list[tuple[str, dict]] = []
        self.changed = threading.Condition()

    def __call__(self, state, info):
        with self.changed:
            self.states.append((state, info))
            self.changed.notify_all()

    def names(self) -> list[str]:
        return [s for s, _ in self.states]

    def wait_for(self, test, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: test(self.names()), timeout), self.names()


def test_an_unreachable_server_is_retried_with_growing_jittered_delays(unreachable):
    seen = Recorder()
    loop = BackgroundSync(unreachable.sync, interval=60, base_delay=0.02, max_delay=0.08,
                          on_state=seen, rng=lambda: 1.0)
    loop.start()
    try:
        seen.wait_for(lambda names: names.count("offline") >= 4)
    finally:
        loop.stop()
    delays = [info["retry_in"] for state, info in seen.states if state == "offline"][:4]
    assert delays == [0.04, 0.08, 0.08, 0.08]  # doubling, capped
    assert all(isinstance(info["error"], SyncOffline)
               for state, info in seen.states if state == "offline")
    assert seen.names()[0] == "syncing" and seen.names()[-1] == "stopped"
    assert not loop.alive and not loop.running and loop.state == "stopped"


def test_full_jitter_spreads_the_delays_below_the_cap(workspace):
    values = iter([0.0, 0.5, 0.999])
    loop = BackgroundSync(workspace.sync, base_delay=2.0, max_delay=300.0,
                          rng=lambda: next(values))
    loop.failures = 3
    assert [loop.next_delay() for _ in range(3)] == [0.0, 8.0, 16.0 * 0.999]
    capped = BackgroundSync(workspace.sync, base_delay=2.0, max_delay=300.0, rng=lambda: 1.0)
    capped.failures = 20
    assert capped.next_delay() == 300.0


def test_pause_holds_the_timed_rounds_and_trigger_runs_one_now(workspace):
    seen = Recorder()  # never signed in: each round is refused at once
    loop = BackgroundSync(workspace.sync, interval=0.02, on_state=seen)
    loop.start()
    try:
        seen.wait_for(lambda names: names.count("refused") >= 2)  # timed rounds go on
        loop.pause()
        time.sleep(0.1)
        held = len(seen.states)
        time.sleep(0.2)
        assert len(seen.states) == held  # none while paused
        loop.trigger()
        seen.wait_for(lambda names: len(names) >= held + 2)
        time.sleep(0.1)
        assert len(seen.states) == held + 2  # one round: syncing, refused
        assert seen.states[-1][0] == "refused"
        assert "ยังไม่ได้ลงชื่อเข้าเซิร์ฟเวอร์" in seen.states[-1][1]["error"].message_th
        loop.resume()
        seen.wait_for(lambda names: len(names) >= held + 6)  # timed again
    finally:
        loop.stop()
    assert not loop.alive


def test_a_bug_in_a_round_is_reported_and_the_loop_lives_on(workspace):
    seen = Recorder()
    engine = workspace.sync
    calls = []

    def broken_round(**_kw):  # a programming error inside the round
        calls.append(1)
        raise ZeroDivisionError("bug")

    engine.run_round = broken_round
    loop = BackgroundSync(engine, base_delay=0.01, max_delay=0.02, on_state=seen,
                          rng=lambda: 1.0)
    loop.start()
    try:
        seen.wait_for(lambda names: names.count("failed") >= 2)
    finally:
        loop.stop()
    state, info = next(s for s in seen.states if s[0] == "failed")
    assert isinstance(info["error"], ZeroDivisionError) and "ZeroDivisionError" in info["traceback"]
    assert len(calls) >= 2
