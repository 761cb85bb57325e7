"""One district's own records, opened from the overview (double-click or Enter on its row):
its projects, progress reports and minutes in three tabs, read-only. Enter or a double-click
on a record opens it (the editor is read-only on a province or region PC); Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from tambon_desktop.core.thai import be_year
from tambon_desktop.services import overview as ov
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import status_label, tr


def be_date(iso: str) -> str:
    """'2022-01-20' → '20/01/2565'."""
    if len(iso) < 10:
        return iso
    return f"{iso[8:10]}/{iso[5:7]}/{be_year(int(iso[:4]))}"


class DistrictDialog(QDialog):
    open_requested = Signal(str, str)  # form id, record id

    def __init__(self, name: str, province: str, lists: dict[str, list[ov.RecordLine]],
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("district.title", name=name, province=province))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("district.title", name=name, province=province), self))
        self.tabs = QTabWidget(self)
        self.tables: dict[str, QTableWidget] = {}
        for form_id in ov.DISTRICT_FORMS:
            table = self._table(lists.get(form_id, []))
            self.tables[form_id] = table
            self.tabs.addTab(table, tr(f"district.tab.{form_id}", n=len(lists.get(form_id, []))))
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("district.close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _table(self, lines: list[ov.RecordLine]) -> QTableWidget:
        table = QTableWidget(len(lines), 3, self)
        table.setHorizontalHeaderLabels([tr("district.col.title"), tr("district.col.date"),
                                         tr("district.col.status")])
        for r, line in enumerate(lines):
            for c, text in enumerate((line.title, be_date(line.date), status_label(line.status))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (line.form_id, line.id))
                table.setItem(r, c, item)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if lines:
            table.setCurrentCell(0, 0)
        table.activated.connect(lambda ix: emit(self.open_requested, *ix.data(
            Qt.ItemDataRole.UserRole)))
        return table
