"""Exchange: what this build can move between PCs today. The outbox (what waits to be sent,
was sent, acknowledged or rejected), record files in the tambon-record/1 format (import and
export), database backups, and USB bundles (services.usb): write an up-bundle, preview then
import a bundle, and the ledger of bundles written and read (issue 6), newest first."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.services.ui_support import LEDGER_COLUMNS
from tambon_desktop.ui import operations
from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tables import local_time, put_cell, read_only_table
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

STATES = ("pending", "sent", "acked", "rejected")
_UNSET = object()
SHORT_IDS = ("device_id", "bundle_id")


def usb_module():
    if importlib.util.find_spec("tambon_desktop.services.usb") is None:
        return None
    try:
        from tambon_desktop.services import usb
    except ImportError:  # its sync dependency not in this build yet
        return None
    return usb


class ExchangePage(QWidget):
    def __init__(self, ws: Workspace, selected: Callable[[], str | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.selected = selected
        layout = QVBoxLayout(self)
        outbox = QGroupBox(tr("exchange.outbox"), self)
        form = QFormLayout(outbox)
        self.counts: dict[str, QLabel] = {}
        for state in STATES:
            self.counts[state] = QLabel("0", outbox)
            form.addRow(tr(f"exchange.state.{state}"), self.counts[state])
        layout.addWidget(outbox)
        files = QGroupBox(tr("exchange.records"), self)
        box = QVBoxLayout(files)
        self.import_button = QPushButton(tr("exchange.import"), files)
        self.export_button = QPushButton(tr("exchange.export"), files)
        self.backup_button = QPushButton(tr("exchange.backup"), files)
        for b in (self.import_button, self.export_button, self.backup_button):
            box.addWidget(b)
        layout.addWidget(files)
        usb = QGroupBox(tr("exchange.usb"), self)
        usb_box = QVBoxLayout(usb)
        self.usb_note = QLabel(usb)
        self.usb_note.setWordWrap(True)
        usb_box.addWidget(self.usb_note)
        self._usb: Any = _UNSET  # services.usb, imported when the page is first shown
        self._stale = True  # counts and ledger are read when the page shows
        buttons = QHBoxLayout()
        self.usb_export = QPushButton(tr("exchange.usb_export"), usb)
        self.usb_import = QPushButton(tr("exchange.usb_import"), usb)
        # a province PC: a bundle the server refused is set aside; queue it again or remove it
        self.relay_retry = QPushButton(tr("exchange.relay_retry"), usb)
        self.relay_drop = QPushButton(tr("exchange.relay_drop"), usb)
        for b in (self.usb_export, self.usb_import, self.relay_retry, self.relay_drop):
            buttons.addWidget(b)
        buttons.addStretch(1)
        usb_box.addLayout(buttons)
        self.usb_export.clicked.connect(self._usb_export)
        self.usb_import.clicked.connect(self._usb_import)
        self.relay_retry.clicked.connect(lambda: self._relay("relay_retry"))
        self.relay_drop.clicked.connect(lambda: self._relay("relay_drop"))
        self.ledger_title = QLabel(tr("ledger.title"), usb)
        usb_box.addWidget(self.ledger_title)
        columns = LEDGER_COLUMNS
        self.ledger = read_only_table(usb, [tr(f"ledger.{c}") for c in columns], single=False,
                                      stretch_last=True)
        usb_box.addWidget(self.ledger, 1)
        self.ledger.itemSelectionChanged.connect(self._relay_buttons)
        layout.addWidget(usb, 1)
        self.done = QLabel(self)
        self.done.setWordWrap(True)
        layout.addWidget(self.done)
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.backup_button.clicked.connect(self._backup)

    @property
    def usb(self):
        if self._usb is _UNSET:
            self._usb = usb_module()
            for w in (self.usb_export, self.usb_import, self.ledger_title, self.ledger):
                w.setVisible(self._usb is not None)
            relay = self._usb is not None and self.ws.read_only
            for w in (self.relay_retry, self.relay_drop):
                w.setVisible(relay)
        return self._usb

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read the outbox counts and the ledger again; while the page is hidden (a change
        elsewhere) only note that they are stale: they are read when it shows."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        counts = self.ws.outbox_counts()
        for state, label in self.counts.items():
            label.setText(f"{counts.get(state, 0):,}")
        self.usb_note.setText("" if self.usb else tr("exchange.usb_missing"))
        self.usb_note.setVisible(self.usb is None)
        self.refresh_ledger()

    def refresh_ledger(self) -> None:
        """The bundles written and read here (a small table: read on the GUI thread)."""
        if self.usb is None:
            return

        columns = self.usb.LEDGER_COLUMNS
        rows = self.ws.exchange.ledger()
        self.ledger.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (column, value) in enumerate(zip(columns, row, strict=False)):
                text = ledger_text(column, value, self.usb.STATE_LABELS, local_time)
                put_cell(self.ledger, r, c, text, tip=str(value if value is not None else ""),
                         red=column == "state" and value == "refused")
        self._relay_buttons()

    def _set_aside(self) -> str | None:
        """The bundle id of the selected ledger row when it is a set-aside relay bundle."""
        row = self.ledger.currentRow()
        if self.usb is None or row < 0:
            return None
        item = self.ledger.item(row, self.usb.LEDGER_COLUMNS.index("bundle_id"))
        if item is None:
            return None
        aside = {i.bundle_id for i in self.ws.exchange.relay_queue() if i.state == "refused"}
        return item.toolTip() if item.toolTip() in aside else None

    def _relay_buttons(self) -> None:
        chosen = self._set_aside() is not None
        self.relay_retry.setEnabled(chosen)
        self.relay_drop.setEnabled(chosen)

    def _relay(self, action: str) -> None:
        bundle_id = self._set_aside()
        if bundle_id is None:
            return
        from tambon_desktop.core.errors import KnownError
        from tambon_desktop.ui.errors import show_error

        try:
            item = getattr(self.ws.exchange, action)(bundle_id)
        except KnownError as exc:  # the relay copy is gone: import the bundle again
            show_error(self, exc, "")
            return
        self._say(f"{tr('exchange.' + action)}: {item.bundle_id[:8]}")
        self._relay_buttons()

    def _import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, tr("exchange.import"), "",
                                                tr("exchange.json_filter"))
        if names:
            operations.import_files(parent=self, ws=self.ws, paths=[Path(n) for n in names],
                                    label=tr("exchange.import"),
                                    on_done=lambda ids: self._say(f"{len(ids)}"))

    def _export(self) -> None:
        record_id = self.selected()
        if not record_id:
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("exchange.export"),
                                              f"{record_id}.json", tr("exchange.json_filter"))
        if name:
            operations.export_record(parent=self, ws=self.ws, record_id=record_id,
                                     path=Path(name), on_done=lambda p: self._say(str(p)))

    def _backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("exchange.backup"))
        if folder:
            operations.backup(parent=self, ws=self.ws, target_dir=Path(folder),
                              on_done=lambda p: self._say(str(p)))

    @staticmethod
    def usb_targets() -> list[tuple[str, Path | None]]:
        """What the USB export offers: each removable drive by name ("KINGSTON (E:)" on
        Windows), then any other folder (None: the folder dialog)."""
        from tambon_desktop.services.drives import removable_drives

        return [(d.label, d.path) for d in removable_drives()] + [(tr("exchange.usb_other"), None)]

    def _usb_export(self) -> None:
        targets = self.usb_targets()
        folder = None
        if len(targets) > 1:
            labels = [label for label, _ in targets]
            chosen, ok = QInputDialog.getItem(self, tr("exchange.usb_export"),
                                              tr("exchange.usb_pick"), labels, 0, False)
            if not ok:
                return
            folder = targets[labels.index(chosen)][1]
        if folder is None:
            name = QFileDialog.getExistingDirectory(self, tr("exchange.usb_export"))
            if not name:
                return
            folder = Path(name)
        self.export_usb(folder)

    def export_usb(self, folder: Path, on_done: Callable | None = None) -> Task:
        """Write an up-bundle into `folder` (a USB stick) in the background."""
        exchange = self.ws.exchange

        def op(p):
            return exchange.export_bundle(folder, cancel=p.event,
                                          progress=lambda sp: p.update(sp.done, sp.total, sp.message))

        def done(result) -> None:
            self._say(tr("exchange.usb_written", path=str(result.path), n=result.op_count))
            if on_done:
                on_done(result)

        return Task(parent=self, op=op, kind="io").with_progress(
            tr("exchange.usb_export")).success(done).announce(self.ws).run_in_background()

    def _usb_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("exchange.usb_import"), "",
                                              tr("exchange.usb_filter"))
        if name:
            self.preview_usb(Path(name))

    def preview_usb(self, path: Path, on_ready: Callable | None = None,
                    on_imported: Callable | None = None) -> Task:
        """Read the bundle (changing nothing), show what importing would do; "import" in the
        dialog imports it."""
        from tambon_desktop.ui.bundle_preview import BundlePreviewDialog

        exchange = self.ws.exchange

        def show(preview) -> None:
            dialog = BundlePreviewDialog(preview, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.import_usb(path, on_done=on_imported))
            dialog.open()  # window-modal, without blocking
            if on_ready:
                on_ready(dialog)

        def refused(exc: BaseException, tb: str) -> None:
            from tambon_desktop.ui.errors import show_error

            self.refresh_ledger()
            show_error(self, exc, tb)

        return Task(parent=self, op=lambda _p: exchange.preview(path), kind="io").success(
            show).failure(refused).run_in_background()

    def import_usb(self, path: Path, on_done: Callable | None = None) -> Task:
        exchange = self.ws.exchange

        def done(result) -> None:
            key = "exchange.usb_applied" if result.action == "applied" else "exchange.usb_queued"
            self._say(tr(key, n=result.changes))
            if on_done:
                on_done(result)

        def failed(exc: BaseException, tb: str) -> None:
            from tambon_desktop.ui.errors import show_error

            self.refresh_ledger()  # a refused bundle is in the ledger too
            show_error(self, exc, tb)

        return Task(parent=self, op=lambda _p: exchange.import_bundle(path)).with_progress(
            tr("exchange.usb_import")).success(done).failure(failed).announce(
            self.ws).run_in_background()

    def _say(self, what: str) -> None:
        self.done.setText(tr("exchange.done", what=what))
        self.refresh()


def ledger_text(column: str, value, state_labels: dict[str, str], local_time) -> str:
    if value is None:
        return ""
    if column == "last_at":
        return local_time(value) or str(value)
    if column == "direction":
        return tr(f"ledger.dir.{value}") if value in ("in", "out") else str(value)
    if column == "kind":
        return tr(f"usb.kind.{value}") if value in ("up", "down") else str(value)
    if column == "state":
        return state_labels.get(value, str(value))
    if column == "encrypted":
        return tr("yes") if value else tr("no")
    if column in SHORT_IDS:
        return str(value)[:8]
    if column in ("seq_first", "seq_last") and not value:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
