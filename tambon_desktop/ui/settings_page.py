"""Settings: who works at this PC and as what (shown, not chosen: see show_user), how the
office types its minutes (digits, พ.ศ., weekday, คำต่อ), and where the data lives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from tambon_desktop.core import geo, thai
from tambon_desktop.services import lifecycle, printing
from tambon_desktop.ui import operations
from tambon_desktop.ui.strings import language, tr

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


class SettingsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        form = QFormLayout(self)
        # Who works here and as what: read-only. The role decides who may check and certify,
        # so it comes from the workspace set-up or the server's enrolment, never from a click.
        self.user = QLabel(self)
        self.role = QLabel(self)
        self.role_note = QLabel(tr("settings.role_note"), self)
        self.role_note.setWordWrap(True)
        self.role_note.setStyleSheet("color: #555;")
        form.addRow(QLabel(f"<b>{tr('settings.user')}</b>", self))
        form.addRow(tr("setup.user"), self.user)
        form.addRow(tr("setup.role"), self.role)
        form.addRow(self.role_note)
        self.show_user()
        form.addRow(QLabel(f"<b>{tr('settings.print')}</b>", self))
        self.style_boxes: dict[str, QCheckBox] = {}
        style = ws.printing.style()
        for key in printing.PRINT_STYLE:
            box = QCheckBox(tr(f"settings.print.{key}"), self)
            box.setChecked(style[key])
            box.toggled.connect(self._sample)
            self.style_boxes[key] = box
            form.addRow("", box)
        self.sample = QLabel(self)
        form.addRow(tr("settings.print.sample"), self.sample)
        self.save_style = QPushButton(tr("settings.print.save"), self)
        form.addRow("", self.save_style)
        self.save_style.clicked.connect(self.save_print_style)
        self._sample()
        name = geo.name_of(ws.district) or ""
        for text in (tr("settings.district", name=name, code=ws.district),
                     tr("settings.folder", path=str(ws.folder)),
                     tr("settings.device", id=ws.device_id), tr("settings.lang")):
            label = QLabel(text, self)
            label.setWordWrap(True)
            form.addRow(label)

    def show_user(self) -> None:
        role = self.ws.role
        self.user.setText(self.ws.user)
        self.role.setText(role if language() == "en" else lifecycle.ROLE_LABELS.get(role, role))

    def refresh(self) -> None:
        self.show_user()

    def chosen_style(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.style_boxes.items()}

    def _sample(self) -> None:
        """The seed meeting's date line as it would print."""
        style = self.chosen_style()
        self.sample.setText(thai.meeting_date_line(
            "2022-01-20", weekday=style["weekday"], be_label=style["be_label"],
            thai_digits=style["thai_digits"]))

    def save_print_style(self) -> None:
        operations.set_print_style(parent=self, ws=self.ws, style=self.chosen_style(),
                                   on_done=lambda _r: None)
