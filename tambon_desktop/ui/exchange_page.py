"""Exchange: what this build can move between PCs today. The outbox (what waits to be sent,
was sent, acknowledged or rejected), record files in the tambon-record/1 format (import and
export), and database backups. USB bundle actions (services.usb) appear here when that module imports."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.ui import operations
from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

STATES = ("pending", "sent", "acked", "rejected")


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
        self.usb = usb_module()
        self.usb_export = QPushButton(tr("exchange.usb_export"), usb)
        self.usb_import = QPushButton(tr("exchange.usb_import"), usb)
        for b in (self.usb_export, self.usb_import):
            b.setVisible(self.usb is not None)
            usb_box.addWidget(b)
        self.usb_export.clicked.connect(self._usb_export)
        self.usb_import.clicked.connect(self._usb_import)
        layout.addWidget(usb)
        self.done = QLabel(self)
        self.done.setWordWrap(True)
        layout.addWidget(self.done)
        layout.addStretch(1)
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.backup_button.clicked.connect(self._backup)
        self.refresh()

    def refresh(self) -> None:
        counts = self.ws.outbox_counts()
        for state, label in self.counts.items():
            label.setText(f"{counts.get(state, 0):,}")
        self.usb_note.setText("" if self.usb else tr("exchange.usb_missing"))

    def _import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, tr("exchange.import"), "", "JSON (*.json)")
        if names:
            operations.import_files(parent=self, ws=self.ws, paths=[Path(n) for n in names],
                                    label=tr("exchange.import"),
                                    on_done=lambda ids: self._say(f"{len(ids)}"))

    def _export(self) -> None:
        record_id = self.selected()
        if not record_id:
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("exchange.export"),
                                              f"{record_id}.json", "JSON (*.json)")
        if name:
            operations.export_record(parent=self, ws=self.ws, record_id=record_id,
                                     path=Path(name), on_done=lambda p: self._say(str(p)))

    def _backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("exchange.backup"))
        if folder:
            operations.backup(parent=self, ws=self.ws, target_dir=Path(folder),
                              on_done=lambda p: self._say(str(p)))

    def _usb_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("exchange.usb_export"))
        if not folder:
            return
        usb = self.usb

        def op(p):
            return usb.export_bundle(self.ws, Path(folder), cancel=p.event,
                                     progress=lambda sp: p.update(sp.done, sp.total, sp.message))

        Task(parent=self, op=op, kind="io").with_progress(tr("exchange.usb_export")).success(
            lambda r: self._say(f"{r.path} ({r.op_count:,} ops)")).run_in_background()

    def _usb_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("exchange.usb_import"))
        if not name:
            return
        usb = self.usb

        def ask(preview) -> None:
            lines = [f"{preview.kind} {preview.bundle_id} ({preview.district or ''})",
                     f"ops {preview.op_count:,}, changes {preview.change_count:,}, "
                     f"new {preview.new:,}, known {preview.known:,}, conflict {preview.conflict:,}",
                     *preview.notes]
            box = QMessageBox(QMessageBox.Icon.Question, tr("exchange.usb_import"),
                              "\n".join(lines), QMessageBox.StandardButton.Ok
                              | QMessageBox.StandardButton.Cancel, self)
            if box.exec() == QMessageBox.StandardButton.Ok:
                Task(parent=self, op=lambda _p: usb.import_bundle(self.ws, Path(name))).success(
                    lambda r: self._say(f"{r.action} {r.bundle_id}: {r.changes:,}")
                ).run_in_background()

        Task(parent=self, op=lambda _p: usb.preview(self.ws, Path(name)), kind="io").success(
            ask).run_in_background()

    def _say(self, what: str) -> None:
        self.done.setText(tr("exchange.done", what=what))
        self.refresh()
