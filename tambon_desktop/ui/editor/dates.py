"""Buddhist-Era dates: typed as 20/01/2565 (or any form thai.parse_date reads), picked from a
calendar whose header shows Thai months and BE years, stored as ISO Gregorian. Qt has no
Buddhist calendar, so the header is ours over a Gregorian QCalendarWidget grid."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core import thai
from tambon_desktop.ui.editor.fields import FieldWidget
from tambon_desktop.ui.strings import tr


def be_text(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{thai.be_year(day.year)}"


class BECalendar(QDialog):
    """A popup calendar: Thai month names and a BE year over Qt's Gregorian grid."""

    def __init__(self, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.chosen: dt.date | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.prev = QToolButton(self, text="‹")
        self.next = QToolButton(self, text="›")
        self.month = QComboBox(self)
        self.month.addItems(thai.MONTHS)
        self.year = QSpinBox(self)
        self.year.setRange(2400, 2700)
        self.year.setPrefix("พ.ศ. ")
        for w in (self.prev, self.month, self.year, self.next):
            head.addWidget(w)
        layout.addLayout(head)
        self.grid = QCalendarWidget(self)
        self.grid.setNavigationBarVisible(False)
        self.grid.setLocale(QLocale(QLocale.Language.Thai, QLocale.Country.Thailand))
        self.grid.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.grid)
        self.grid.setSelectedDate(QDate(day.year, day.month, day.day))
        self._sync_header()
        self.grid.currentPageChanged.connect(lambda *_: self._sync_header())
        self.month.currentIndexChanged.connect(self._jump)
        self.year.valueChanged.connect(self._jump)
        self.prev.clicked.connect(self.grid.showPreviousMonth)
        self.next.clicked.connect(self.grid.showNextMonth)
        self.grid.activated.connect(self._pick)
        self.grid.clicked.connect(self._pick)

    def _sync_header(self) -> None:
        for w in (self.month, self.year):
            w.blockSignals(True)
        self.month.setCurrentIndex(self.grid.monthShown() - 1)
        self.year.setValue(thai.be_year(self.grid.yearShown()))
        for w in (self.month, self.year):
            w.blockSignals(False)

    def _jump(self) -> None:
        self.grid.setCurrentPage(self.year.value() - thai.BE_OFFSET, self.month.currentIndex() + 1)

    def _pick(self, date: QDate) -> None:
        self.chosen = dt.date(date.year(), date.month(), date.day())
        self.accept()


class DateField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(tr("date.hint"))
        self.edit.setMaximumWidth(160)
        self._wire(self.edit, self.edit.textChanged)
        self.body.setStretchFactor(self.edit, 0)
        self.pick = QToolButton(self, text="…")
        self.pick.setToolTip(tr("date.pick"))
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: type, or F4 opens it
        self.pick.clicked.connect(self.open_calendar)
        self.body.addWidget(self.pick)
        self.spelled = QLabel(self)
        self.body.addWidget(self.spelled, 1)
        self.edit.textChanged.connect(self._spell)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def value(self):
        text = self.edit.text().strip()
        if not text:
            return ""
        try:
            return thai.parse_date(text).isoformat()
        except ValueError:
            return text

    def set_value(self, value):
        try:
            self.edit.setText(be_text(value) if value else "")
        except ValueError:
            self.edit.setText(str(value))

    def set_read_only(self, read_only):
        self.edit.setReadOnly(read_only)
        self.pick.setEnabled(not read_only)

    def _spell(self) -> None:
        value = self.value()
        try:
            self.spelled.setText(thai.thai_date(value, weekday=True, thai_digits=False)
                                 if value else "")
        except ValueError:
            self.spelled.setText("")

    def open_calendar(self) -> None:
        try:
            day = dt.date.fromisoformat(self.value())
        except ValueError:
            day = dt.date.today()
        popup = BECalendar(day, self)
        popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        popup.accepted.connect(lambda: popup.chosen and self.set_value(popup.chosen.isoformat()))
        popup.open()
