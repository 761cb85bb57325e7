"""One small helper for work off the GUI thread (Anki's QueryOp/CollectionOp).

    Task(parent=self, op=lambda progress: ws.records.create(...), kind="db")
        .success(on_saved).failure(on_failed).with_progress(tr("..."))
        .announce(ws, initiator=self).run_in_background()

Database writes ("db") run one at a time on a single worker, so they are serialised; reads,
rendering and file I/O ("io") run on a small pool. Callbacks always run on the GUI thread
(delivered by a queued signal); widgets are never touched from a worker. A `Progress` lets
long work report and notice cancellation. A mutation's task `announce`s what it changed (the
`Changes` its op returned) once, on the GUI thread, after its success callback, with the
widget that started it (Anki's operation_did_execute(changes, initiator))."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from tambon_desktop.core.errors import Cancelled
from tambon_desktop.services.changes import changes_of
from tambon_desktop.ui.signals import emit, leaks

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

__all__ = ["Cancelled", "Progress", "Task"]

_POOLS: dict[str, ThreadPoolExecutor] = {}
_LIVE: set[_Bridge] = set()


def _pool(kind: str) -> ThreadPoolExecutor:
    if kind not in _POOLS:
        leaks()  # probe the emit bug here, on the GUI thread, before any worker can emit
        _POOLS[kind] = ThreadPoolExecutor(max_workers=1 if kind in ("db", "sync") else 2,
                                          thread_name_prefix=f"tambon-{kind}")
    return _POOLS[kind]


class Progress:
    """Handed to the op: report progress, check for cancel (thread-safe)."""

    def __init__(self, bridge: _Bridge):
        self._bridge = bridge
        self._cancel = threading.Event()

    def update(self, done: int, total: int = 0, text: str = "") -> None:
        self.check()
        emit(self._bridge.progressed, done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def event(self) -> threading.Event:
        """For services that take a `cancel` threading.Event."""
        return self._cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Bridge(QObject):
    finished = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, task: Task):
        super().__init__()
        self._task = task
        self.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_finished(self, outcome: tuple) -> None:
        _LIVE.discard(self)
        self._task._finish(*outcome)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._task._show_progress(done, total, text)


class Task:
    def __init__(self, *, parent: QWidget | None, op: Callable[[Progress], Any],
                 kind: str = "db"):
        self._parent = parent
        self._op = op
        self._kind = kind
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException, str], None] | None = None
        self._label: str | None = None
        self._dialog: QProgressDialog | None = None
        self.progress: Progress | None = None
        self.done = False
        self._announce: tuple[Workspace, object] | None = None

    def success(self, callback: Callable[[Any], None]) -> Task:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException, str], None]) -> Task:
        self._on_failure = callback
        return self

    def with_progress(self, label: str) -> Task:
        self._label = label
        return self

    def announce(self, ws: Workspace, initiator: object = None) -> Task:
        """After success, publish the Changes the op returned to the workspace's listeners,
        with `initiator` (default: the parent widget), on the GUI thread."""
        self._announce = (ws, self._parent if initiator is None else initiator)
        return self

    def run_in_background(self) -> Task:
        bridge = _Bridge(self)
        _LIVE.add(bridge)
        self.progress = Progress(bridge)
        if self._label is not None:
            self._dialog = QProgressDialog(self._label, _cancel_text(), 0, 0, self._parent)
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(400)
            self._dialog.canceled.connect(self.progress.cancel)
        progress = self.progress

        def work() -> None:
            try:
                outcome = (True, self._op(progress), "")
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                outcome = (False, exc, traceback.format_exc())
            emit(bridge.finished, outcome)

        _pool(self._kind).submit(work)
        return self

    def _show_progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        # a modal QProgressDialog's setValue processes events: the task may finish (and drop
        # its dialog) inside it, so the label goes first and nothing touches it after
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(total)
        if self._dialog is dialog:
            dialog.setValue(done)

    def _finish(self, ok: bool, value: Any, tb: str) -> None:
        self.done = True
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        if ok:
            if self._on_success:
                self._on_success(value)
            if self._announce is not None:
                changes = changes_of(value)
                if changes:
                    ws, initiator = self._announce
                    ws.publish(changes, initiator)
            return
        if isinstance(value, Cancelled):
            return
        if self._on_failure:
            self._on_failure(value, tb)
        else:
            from tambon_desktop.ui.errors import show_error

            show_error(self._parent, value, tb)


def _cancel_text() -> str:
    from tambon_desktop.ui.strings import tr

    return tr("cancel")


def pending() -> int:
    """Tasks not finished yet (tests and the smoke test wait for 0)."""
    return len(_LIVE)


def shutdown() -> None:
    for pool in _POOLS.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _POOLS.clear()
