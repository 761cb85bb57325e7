"""First run: choose the district (DOPA code, from the real list), the user and the role; or
open a demo workspace holding the sample meeting and project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core import geo
from tambon_desktop.services import lifecycle
from tambon_desktop.ui.editor.area import fill_areas
from tambon_desktop.ui.strings import language, tr

DEMO_DISTRICT = "9501"  # เมืองยะลา: the seed meeting's district


def create_workspace(folder: Path, *, district: str, user: str, role: str, demo: bool):
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(folder, district=district, user=user, role=role)
    if demo:
        ws.load_samples()
    return ws


class SetupPage(QWidget):
    def __init__(self, folder: Path, on_ready: Callable[[object], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.on_ready = on_ready
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget(self)
        box.setMaximumWidth(640)
        layout = QVBoxLayout(box)
        title = QLabel(tr("setup.title"), box)
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        layout.addWidget(title)
        intro = QLabel(tr("setup.intro"), box)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.province = QComboBox(box)
        self.district = QComboBox(box)
        self.user = QLineEdit(box)
        self.role = QComboBox(box)
        for role in lifecycle.ROLES:
            self.role.addItem(role if language() == "en" else lifecycle.ROLE_LABELS[role], role)
        form.addRow(tr("setup.province"), self.province)
        form.addRow(tr("setup.district"), self.district)
        form.addRow(tr("setup.user"), self.user)
        form.addRow(tr("setup.role"), self.role)
        layout.addLayout(form)
        # SBPAC provinces first: they are who this is for.
        sbpac = [p for p in geo.provinces() if p.code in geo.SBPAC_PROVINCES + ("90",)]
        fill_areas(self.province, sbpac, none=False)
        self.province.insertSeparator(self.province.count())
        rest = [p for p in geo.provinces() if p not in sbpac]
        from tambon_desktop.core.thai import sort_key

        for p in sorted(rest, key=lambda a: sort_key(a.name_th)):
            name = p.name_en if language() == "en" else p.name_th
            self.province.addItem(f"{name} ({p.code})", p.code)
        self.province.currentIndexChanged.connect(self._districts)
        self.province.setCurrentIndex(self.province.findData("95"))
        self._districts()
        self.error = QLabel(box)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.start = QPushButton(tr("setup.start"), box)
        self.start.setDefault(True)
        self.demo = QPushButton(tr("setup.demo"), box)
        buttons.addWidget(self.start)
        buttons.addWidget(self.demo)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(tr("setup.folder", path=str(folder)), box))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.start.clicked.connect(self.submit)
        self.demo.clicked.connect(self.make_demo)
        self.user.returnPressed.connect(self.submit)

    def _districts(self) -> None:
        code = self.province.currentData()
        fill_areas(self.district, geo.districts(code) if code else (), none=False)
        if code == "95":
            self.district.setCurrentIndex(self.district.findData(DEMO_DISTRICT))

    def submit(self) -> None:
        self._create(district=self.district.currentData() or "", user=self.user.text(),
                     role=self.role.currentData(), demo=False)

    def make_demo(self) -> None:
        self._create(district=DEMO_DISTRICT, user=self.user.text() or tr("setup.demo_user"),
                     role=self.role.currentData(), demo=True)

    def _create(self, **kwargs) -> None:
        from tambon_desktop.core.errors import KnownError

        try:
            ws = create_workspace(self.folder, **kwargs)
        except KnownError as exc:
            self.error.setText(exc.message_en if language() == "en" else exc.message_th)
            return
        self.on_ready(ws)
