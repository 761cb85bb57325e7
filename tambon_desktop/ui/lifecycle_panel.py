"""Lifecycle of the open record: its status, the actions the current role may take (submit,
return with a reason, check, certify ...), each asked first (ui.step_dialog), the history, and
for certified minutes the way forward: "create amendment" (the text itself is locked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.services import lifecycle
from tambon_desktop.ui import operations
from tambon_desktop.ui.step_dialog import StepDialog
from tambon_desktop.ui.strings import language, status_label, tr

if TYPE_CHECKING:
    from tambon_desktop.services.records import RecordView
    from tambon_desktop.services.workspace import Workspace


class LifecyclePanel(QWidget):
    def __init__(self, ws: Workspace, lifecycle_name: str, *, on_changed: Callable,
                 on_amend: Callable[[str], None], can_act: Callable[[], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.lifecycle = lifecycle_name
        self._on_changed = on_changed
        self._on_amend = on_amend
        self._can_act = can_act
        self.view: RecordView | None = None
        self.dialog: StepDialog | None = None  # the step being asked about
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.actions_box = QVBoxLayout()
        layout.addLayout(self.actions_box)
        self.buttons: dict[str, QPushButton] = {}
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        self.amend = QPushButton(tr("life.amend"), self)
        self.amend.clicked.connect(lambda: self.view and self._on_amend(self.view.id))
        layout.addWidget(self.amend)
        layout.addWidget(QLabel(tr("life.history"), self))
        self.history = QListWidget(self)
        self.history.setWordWrap(True)
        layout.addWidget(self.history, 1)
        self.refresh(None)

    def refresh(self, view: RecordView | None) -> None:
        self.view = view
        for button in self.buttons.values():
            self.actions_box.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self.history.clear()
        if view is None:
            self.status.setText(tr("life.status", status=status_label("draft")))
            self.hint.setText(tr("life.save_first"))
            self.amend.hide()
            return
        self.status.setText(tr("life.status", status=status_label(view.status)))
        actions = lifecycle.actions_for(self.lifecycle, view.status, self.ws.role)
        for action in actions:
            text = action.name if language() == "en" else action.label_th
            button = QPushButton(text, self)
            button.setObjectName(f"action_{action.name}")
            button.clicked.connect(partial(self._act, action))
            self.buttons[action.name] = button
            self.actions_box.addWidget(button)
        self.hint.setText("" if actions else tr("life.no_actions"))
        self.amend.setVisible(self.lifecycle == "minutes" and view.status == "certified")
        for at, user, before, after, comment in self.ws.records.history(view.id):
            when = _local(at)
            line = f"{when}  {user}: {status_label(before)} → {status_label(after)}"
            self.history.addItem(line + (f"\n“{comment}”" if comment else ""))

    def _act(self, action: lifecycle.Action) -> None:
        if self.view is None or not self._can_act():
            return
        view = self.view
        self.dialog = StepDialog(action, title=view.title, status=view.status,
                                 lifecycle_name=self.lifecycle, parent=self)
        self.dialog.accepted.connect(partial(self._go, self.dialog, view.id))
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.open()

    def _go(self, dialog: StepDialog, record_id: str) -> None:
        operations.transition_record(parent=self, ws=self.ws, record_id=record_id,
                                     action=dialog.action.name, comment=dialog.comment(),
                                     on_done=self._on_changed)


def _local(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return f"{moment.day:02d}/{moment.month:02d}/{moment.year + 543} {moment:%H:%M}"
