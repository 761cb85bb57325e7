"""Issue 13: logins under attack. 48 concurrent unauthenticated logins with random names
neither fail (no 500, no "database is locked") nor slow /healthz, because the password hash
is checked outside any transaction; failures count per name and per client address with a
growing delay; the right password from the user's own enrolled device is never locked out by
strangers. (Its own module: the storm throttles the loopback address for a while.)"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import httpx

from tests.helpers.sync_harness import PASSWORD, FakeDevice, add_user_direct, server_db_url


def test_storm_of_bad_logins_and_a_known_device(server):
    add_user_direct(server_db_url(server), "storm_owner", district="9501")
    owner = FakeDevice(server.url)
    strangers: list[FakeDevice] = []
    try:
        assert owner.login("storm_owner").status_code == 200
        # a stranger tries the owner's name from new devices: the name is slowed down...
        for _ in range(6):
            s = FakeDevice(server.url)
            strangers.append(s)
            assert s.login("storm_owner", "guess-guess-guess").status_code in (401, 429)
        newcomer = FakeDevice(server.url)
        strangers.append(newcomer)
        assert newcomer.login("storm_owner").status_code == 429  # a new device waits
        # ... 48 at once with random names, /healthz probed all along
        codes: list[int] = []
        lock = threading.Lock()

        def attack() -> None:
            d = FakeDevice(server.url)
            try:
                code = d.login(f"nobody-{uuid.uuid4().hex[:10]}", "wrong-wrong-wrong").status_code
            finally:
                d.close()
            with lock:
                codes.append(code)

        threads = [threading.Thread(target=attack) for _ in range(48)]
        health: list[float] = []
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            started = time.monotonic()
            assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
            health.append(time.monotonic() - started)
            time.sleep(0.05)
        for t in threads:
            t.join()
        assert len(codes) == 48 and set(codes) <= {401, 429}, sorted(set(codes))
        assert 429 in codes  # the address is slowed down too
        # before: "database is locked" (500) and /healthz 11-27 s; bounds with room for a busy
        # CI machine (the first probe queues behind the 96 requests of the storm's start)
        assert statistics.median(health) < 1.0 and max(health) < 6.0, health
        # the owner's own device, proved by its key, signs in at once
        r = owner.login("storm_owner", PASSWORD)
        assert r.status_code == 200, r.text
        assert owner.http.get("/v1/devices/me").status_code == 200
    finally:
        owner.close()
        for s in strangers:
            s.close()
