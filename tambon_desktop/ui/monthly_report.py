"""Print the monthly progress report (รายงานผลการดำเนินงานประจำเดือน) from the app: pick a
month (Thai month names, Buddhist-Era year) and optionally one tambon of the district, render
it in the background with the same service as `tambon report monthly`, then the print preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from tambon_desktop.core import geo, thai
from tambon_desktop.ui.print_preview import PrintPreview, preview_rendered
from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


class MonthlyReportDialog(QDialog):
    """Month, year (พ.ศ.) and tambon; `period()` gives "YYYY-MM" (Gregorian, as stored)."""

    def __init__(self, district: str, parent: QWidget | None = None,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("monthly.title"))
        today = today or dt.date.today()
        form = QFormLayout(self)
        self.month = QComboBox(self)
        self.month.addItems(list(thai.MONTHS))
        self.month.setCurrentIndex(today.month - 1)
        self.year = QSpinBox(self)
        self.year.setRange(2500, 2700)
        self.year.setValue(thai.be_year(today.year))
        self.tambon = QComboBox(self)
        self.tambon.addItem(tr("monthly.all_tambons"), None)
        for area in geo.tambons(district):
            self.tambon.addItem(area.name_th, area.code)
        form.addRow(tr("monthly.month"), self.month)
        form.addRow(tr("monthly.year"), self.year)
        form.addRow(tr("monthly.tambon"), self.tambon)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("monthly.preview"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def period(self) -> str:
        return f"{self.year.value() - thai.BE_OFFSET:04d}-{self.month.currentIndex() + 1:02d}"

    def tambon_code(self) -> str | None:
        return self.tambon.currentData()


def print_monthly(*, parent: QWidget, ws: Workspace, period: str, tambon: str | None = None,
                  on_ready: Callable[[PrintPreview], None] | None = None) -> Task:
    """Render the month's report in the background, then open the preview. "No reports for
    that month" comes back as the usual Thai error box."""
    from tambon_desktop.services.printing import monthly_pdf

    year, month = (int(x) for x in period.split("-"))
    title = tr("monthly.file_title", month=thai.MONTHS[month - 1], year=thai.be_year(year))
    return preview_rendered(parent=parent, ws=ws, on_ready=on_ready,
                            render=lambda: (monthly_pdf(ws, period, tambon=tambon), title))


def ask_and_print(*, parent: QWidget, ws: Workspace) -> Task | None:
    dialog = MonthlyReportDialog(ws.district, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return print_monthly(parent=parent, ws=ws, period=dialog.period(),
                         tambon=dialog.tambon_code())
