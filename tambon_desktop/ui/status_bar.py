"""The status bar that always says: offline/online, ops waiting to be sent, the last sync,
and conflicts waiting for review (plus who is working)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import tr


class ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            emit(self.clicked)
        super().mouseReleaseEvent(event)


@dataclass
class SyncState:
    configured: bool = False
    online: bool = False
    last_sync: str = ""  # local time text, "" if never
    conflicts: int = 0


class AppStatusBar(QStatusBar):
    conflicts_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.online = QLabel(self)
        self.pending = QLabel(self)
        self.last_sync = QLabel(self)
        self.conflicts = ClickableLabel(self)
        self.conflicts.setToolTip(tr("status.conflicts_tip"))
        self.conflicts.clicked.connect(lambda: emit(self.conflicts_clicked))
        self.user = QLabel(self)
        self.sync_progress = QLabel(self)  # records received of the total, during a sync
        self.sync_progress.hide()
        for label in (self.sync_progress, self.online, self.pending, self.last_sync,
                      self.conflicts):
            self.addPermanentWidget(label)
        self.addWidget(self.user)
        self.show_state(SyncState(), pending=0)

    def show_state(self, state: SyncState, *, pending: int) -> None:
        if not state.configured:
            self.online.setText("● " + tr("status.no_server"))
            self.online.setStyleSheet("color: #8a6d00;")
        else:
            self.online.setText("● " + tr("status.online" if state.online else "status.offline"))
            self.online.setStyleSheet("color: #1b7d2a;" if state.online else "color: #8a6d00;")
        self.pending.setText(tr("status.pending", n=pending))
        self.last_sync.setText(tr("status.last_sync", at=state.last_sync or tr("status.never")))
        self.conflicts.setText(tr("status.conflicts", n=state.conflicts))
        self.conflicts.setStyleSheet("color: #b00020; text-decoration: underline;"
                                     if state.conflicts else "")
        if state.conflicts:  # a hand only when there is something to open
            self.conflicts.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        else:
            self.conflicts.unsetCursor()

    def show_progress(self, text: str) -> None:
        self.sync_progress.setText(text)
        self.sync_progress.setVisible(bool(text))

    def show_user(self, user: str, role_label: str) -> None:
        self.user.setText(tr("status.user", user=user, role=role_label))
