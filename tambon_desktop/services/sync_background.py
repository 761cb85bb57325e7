"""BackgroundSync: the one sync loop of the desktop app, on one worker thread, with backoff and
jitter. The app's sync page and status bar observe it through a thin Qt adapter
(ui/sync_loop.SyncController), which delivers its events to the GUI thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from tambon_desktop.core.errors import Cancelled, KnownError
from tambon_desktop.services.sync import SyncEngine
from tambon_desktop.services.sync_common import ProgressFn, quiet
from tambon_desktop.services.sync_transport import SyncOffline, SyncRefused

StateFn = Callable[[str, dict[str, Any]], None]
LOGIN_WAIT = 24 * 3600.0  # after a refused sign-in: wait for trigger() (a new login)


class BackgroundSync:
    """Rounds of `engine.run_round` on one worker thread, for the desktop app.

    Callbacks run on the worker thread (the UI forwards them to the GUI thread by a signal):
    `on_progress(SyncProgress)` during a round; `on_state(state, info)` with state one of
    "syncing", "idle" (info: report), "offline" (info: error, retry_in seconds),
    "needs_login" or "refused" (info: error), "failed" (info: error, traceback: a bug, retried
    like a lost link), "stopped". A link failure is retried with exponential backoff and full
    jitter; `trigger()` (sync now, e.g. after a local edit or a resolved conflict) runs a round
    at once, even while paused; `pause()` holds the timed rounds until `resume()`; `stop()`
    cancels a round under way and ends the thread.
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
        self._asked = False  # trigger(): a round now
        self._paused = False
        self._resume_in: float | None = None
        self.failures = 0
        self.state = "stopped"  # the last state told to on_state
        self.running = False  # a round is under way

    # -- control (any thread) ---------------------------------------------------------------
    def start(self, first_delay: float = 0.0) -> None:
        """Run the loop (the first round after `first_delay` seconds); resume a paused one."""
        self._paused = False
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._first = first_delay
            self._thread = threading.Thread(target=self._loop, name="tambon-sync", daemon=True)
            self._thread.start()
        else:
            self.resume(first_delay)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def trigger(self) -> None:
        self._asked = True
        self._wake.set()

    def pause(self) -> None:
        """No timed rounds until `resume`/`start`; `trigger` still runs one."""
        self._paused = True
        self._wake.set()

    def resume(self, delay: float = 0.0) -> None:
        self._paused = False
        self._resume_in = delay
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

    # -- the loop (worker thread) -----------------------------------------------------------
    def _tell(self, state: str, info: dict[str, Any]) -> None:
        self.state = state
        self.on_state(state, info)

    def _loop(self) -> None:
        wait: float | None = self._first
        while not self._stop.is_set():
            woke = self._wake.wait(None if self._paused else wait)
            self._wake.clear()
            if self._stop.is_set():
                break
            if woke and not self._asked:  # paused or resumed: wait again
                if self._resume_in is not None:
                    wait, self._resume_in = self._resume_in, None
                continue
            self._asked = False
            self._cancel.clear()
            wait = self._round()
            if wait is None:
                break
        self.running = False
        self._tell("stopped", {})

    def _round(self) -> float | None:
        """One round and what it tells; the seconds until the next (None: stop)."""
        self.running = True
        self._tell("syncing", {})
        try:
            report = self.engine.run_round(progress=self.on_progress, cancel=self._cancel)
        except Cancelled:
            return None
        except SyncOffline as exc:
            self.failures += 1
            wait = self.next_delay()
            self.running = False
            self._tell("offline", {"error": exc, "retry_in": wait})
            return wait
        except SyncRefused as exc:
            auth = exc.status in (401, 403)
            self.running = False
            self._tell("needs_login" if auth else "refused", {"error": exc})
            return LOGIN_WAIT if auth else self.interval
        except KnownError as exc:
            self.running = False
            self._tell("refused", {"error": exc})
            return self.interval
        except Exception as exc:  # a bug: reported, and the loop lives on with backoff
            self.failures += 1
            wait = self.next_delay()
            self.running = False
            self._tell("failed", {"error": exc, "traceback": traceback.format_exc(),
                                  "retry_in": wait})
            return wait
        self.failures = 0
        self.running = False
        self._tell("idle", {"report": report})
        return self.interval
