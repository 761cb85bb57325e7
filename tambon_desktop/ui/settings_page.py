"""Settings: who works at this PC now (the clerk and the ปลัดอำเภอ may share it), and where
the data lives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from tambon_desktop.core import geo
from tambon_desktop.services import lifecycle
from tambon_desktop.ui import operations
from tambon_desktop.ui.strings import language, tr

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


class SettingsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        form = QFormLayout(self)
        self.user = QLineEdit(ws.user, self)
        self.role = QComboBox(self)
        for role in lifecycle.ROLES:
            self.role.addItem(role if language() == "en" else lifecycle.ROLE_LABELS[role], role)
        self.role.setCurrentIndex(self.role.findData(ws.role))
        self.apply = QPushButton(tr("settings.apply"), self)
        form.addRow(QLabel(f"<b>{tr('settings.user')}</b>", self))
        form.addRow(tr("setup.user"), self.user)
        form.addRow(tr("setup.role"), self.role)
        form.addRow("", self.apply)
        name = geo.name_of(ws.district) or ""
        for text in (tr("settings.district", name=name, code=ws.district),
                     tr("settings.folder", path=str(ws.folder)),
                     tr("settings.device", id=ws.device_id), tr("settings.lang")):
            label = QLabel(text, self)
            label.setWordWrap(True)
            form.addRow(label)
        self.apply.clicked.connect(self.save)

    def save(self) -> None:
        operations.set_user(parent=self, ws=self.ws, user=self.user.text(),
                            role=self.role.currentData(), on_done=lambda _r: None)
