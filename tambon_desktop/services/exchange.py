"""USB exchange over the workspace (`ws.exchange`): services/usb.py's functions, bound to one
workspace, so a caller needs no module of its own to export, preview, import or relay."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tambon_desktop.services import usb
from tambon_desktop.services.sync_common import ProgressFn

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

LEDGER_COLUMNS = usb.LEDGER_COLUMNS
STATE_LABELS = usb.STATE_LABELS


class Exchange:
    def __init__(self, ws: Workspace):
        self._ws = ws

    def export_bundle(self, target_dir: Path | str, *, progress: ProgressFn | None = None,
                      cancel: threading.Event | None = None) -> usb.ExportResult:
        return usb.export_bundle(self._ws, target_dir, progress=progress, cancel=cancel)

    def preview(self, path: Path | str) -> usb.Preview:
        return usb.preview(self._ws, path)

    def import_bundle(self, path: Path | str) -> usb.ImportResult:
        return usb.import_bundle(self._ws, path)

    def ledger(self) -> list[tuple]:
        return usb.ledger(self._ws)

    def relay_queue(self) -> list[usb.RelayItem]:
        return usb.relay_queue(self._ws)

    def relay_retry(self, bundle_id: str) -> usb.RelayItem:
        return usb.relay_retry(self._ws, bundle_id)

    def relay_drop(self, bundle_id: str) -> usb.RelayItem:
        return usb.relay_drop(self._ws, bundle_id)
