"""BackgroundSync: the desktop app's sync loop on one worker thread, with backoff and jitter."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tambon_desktop.core.errors import Cancelled, KnownError
from tambon_desktop.services.sync import SyncEngine
from tambon_desktop.services.sync_common import ProgressFn, quiet
from tambon_desktop.services.sync_transport import SyncOffline, SyncRefused

StateFn = Callable[[str, dict[str, Any]], None]


class BackgroundSync:
    """Rounds of `engine.run_round` on one worker thread, for the desktop app.

    Callbacks run on the worker thread (the UI forwards them to the GUI thread by a signal):
    `on_progress(SyncProgress)` during a round; `on_state(state, info)` with state one of
    "syncing", "idle" (info: report), "offline" (info: error, retry_in seconds),
    "needs_login" or "refused" (info: error), "stopped". A link failure is retried with
    exponential backoff and full jitter; `trigger()` (e.g. after a local edit, or when the
    network comes back) runs a round now.
    """

    def __init__(self, engine: SyncEngine, *, interval: float = 60.0, base_delay: float = 2.0,
                 max_delay: float = 300.0, on_progress: ProgressFn | None = None,
                 on_state: StateFn | None = None, rng: Callable[[], float] | None = None):
        import random

        self.engine = engine
        self.interval, self.base_delay, self.max_delay = interval, base_delay, max_delay
        self.on_progress = on_progress or quiet
        self.on_state = on_state or (lambda _state, _info: None)
        self._rng = rng or random.random
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="tambon-sync", daemon=True)
            self._thread.start()

    def trigger(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._cancel.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def next_delay(self) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^failures))."""
        return self._rng() * min(self.max_delay, self.base_delay * 2 ** self.failures)

    def _loop(self) -> None:
        wait = 0.0
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            if self._stop.is_set():
                break
            self._cancel.clear()
            self.on_state("syncing", {})
            try:
                report = self.engine.run_round(progress=self.on_progress, cancel=self._cancel)
            except Cancelled:
                break
            except SyncOffline as exc:
                self.failures += 1
                wait = self.next_delay()
                self.on_state("offline", {"error": exc, "retry_in": wait})
                continue
            except SyncRefused as exc:
                auth = exc.status in (401, 403)
                self.on_state("needs_login" if auth else "refused", {"error": exc})
                wait = 24 * 3600.0 if auth else self.interval  # wait for trigger() after login
                continue
            except KnownError as exc:
                self.on_state("refused", {"error": exc})
                wait = self.interval
                continue
            self.failures = 0
            wait = self.interval
            self.on_state("idle", {"report": report})
        self.on_state("stopped", {})
