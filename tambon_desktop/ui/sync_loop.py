"""The sync page's and status bar's view of the one sync loop (services/sync_background.
BackgroundSync, over the workspace's SyncEngine): a thin Qt adapter that carries the loop's
events from its worker thread to the GUI thread, keeps the state the widgets show, and
announces what a round changed (with itself as the initiator)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.status_bar import SyncState
from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.sync_background import BackgroundSync
    from tambon_desktop.services.workspace import Workspace

INTERVAL_S = 60.0  # between rounds while all is well
BASE_DELAY_S = 30.0  # backoff after a failure: full jitter below 30 s · 2^failures …
MAX_BACKOFF_S = 15 * 60.0  # … and never above 15 minutes
FIRST_ROUND_S = 2.0  # the first round, soon after the window opens


def sync_module():
    try:
        from tambon_desktop.services import sync
    except ImportError:
        return None
    return sync


def progress_text(phase: str, done: int, total: int) -> str:
    """What the sync page and the status bar say during a round: records received of the
    total the server estimates, changes sent of those waiting."""
    if phase in ("pull", "push") and total:
        return tr(f"sync.progress.{phase}", done=f"{done:,}", total=f"{max(total, done):,}")
    if phase == "pull":
        return tr("sync.progress.pull_open", done=f"{done:,}")
    return tr("sync.progress.other")


class SyncController(QObject):
    state_changed = Signal()
    progress_changed = Signal(str)  # progress_text during a round, "" after it
    _event = Signal(str, object)  # from the loop's thread: state, info
    _progress = Signal(str, int, int)  # from the loop's thread: phase, done, total

    def __init__(self, ws: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.module = sync_module()
        self.engine: SyncEngine | None = ws.sync if self.module else None
        self.loop: BackgroundSync | None = None
        if self.engine is not None:
            from tambon_desktop.services.sync_background import BackgroundSync

            self.loop = BackgroundSync(
                self.engine, interval=INTERVAL_S, base_delay=BASE_DELAY_S,
                max_delay=MAX_BACKOFF_S, on_state=lambda state, info: emit(
                    self._event, state, info),
                on_progress=lambda sp: emit(self._progress, sp.phase, sp.done, sp.total))
        self._event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.progress_text = ""
        self._state = SyncState()
        self.running = False
        self.last_error = ""
        self._read_status(online=False)

    # -- what the widgets read --------------------------------------------------------------
    def state(self) -> SyncState:
        return self._state

    def reread(self) -> None:
        """Read the counts again (after a conflict was resolved) and tell the widgets."""
        self._read_status(online=self._state.online)
        emit(self.state_changed)

    def _read_status(self, *, online: bool) -> None:
        if self.engine is None:
            return
        from tambon_desktop.ui.tables import local_time

        status = self.engine.status()
        self._state = SyncState(configured=bool(status.server), online=online,
                                last_sync=local_time(status.last_pull_at),
                                conflicts=status.counts.get("conflicts", 0))

    # -- control ----------------------------------------------------------------------------
    def start(self) -> None:
        if self.loop is not None and self._state.configured:
            self.loop.start(first_delay=FIRST_ROUND_S)

    def pause(self) -> None:
        """No background rounds until `start` (sync now still works)."""
        if self.loop is not None:
            self.loop.pause()

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.stop(timeout=5.0)
        if self.engine is not None:
            self.engine.close()

    def sync_now(self) -> None:
        if self.loop is None or self.running or not self._state.configured:
            return
        if not self.loop.alive:
            self.loop.start()
            self.loop.pause()  # a round now, the timed ones only after `start`
        self.running = True  # until the loop says how the round went
        self.loop.trigger()
        emit(self.state_changed)

    # -- the loop's events, on the GUI thread -----------------------------------------------
    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if self.running:  # a late one after the round ended says nothing
            self._show_progress(progress_text(phase, done, total))

    def _show_progress(self, text: str) -> None:
        if text != self.progress_text:
            self.progress_text = text
            emit(self.progress_changed, text)

    def _on_event(self, state: str, info: dict[str, Any]) -> None:
        from tambon_desktop.core.errors import KnownError

        if state == "syncing":
            self.running = True
            emit(self.state_changed)
            return
        self.running = False
        self._show_progress("")
        if state == "stopped":  # the window is closing: nothing more to show
            return
        error = info.get("error")
        if state == "idle":
            self.last_error = ""
            report = info["report"]
            if report.op_changes:
                self.ws.publish(report.op_changes, self)
        elif error is not None:
            self.last_error = error.message_th if isinstance(error, KnownError) else str(error)
        self._read_status(online=state == "idle")
        emit(self.state_changed)
        if state == "failed":
            from tambon_desktop.ui.errors import show_error

            show_error(self.parent(), error, info.get("traceback", ""))  # never an orphan

    def login(self, *, server: str, user: str, password: str, on_done, on_failed) -> None:
        from tambon_desktop.services.changes import Changes

        engine = self.engine

        def done(answer) -> None:
            if answer.scope or answer.role == "region_officer":
                self.ws.publish(Changes(settings=True), self)  # the scope came with it
            self._read_status(online=True)
            emit(self.state_changed)
            on_done(answer)
            self.start()

        Task(parent=None, op=lambda _p: engine.login(server=server, user=user, password=password),
             kind="sync").success(done).failure(on_failed).run_in_background()
