"""The overview page (ภาพรวม): services.overview for a chosen month, one row per district of
this PC's scope, read-only. Sort by any column (numbers sort as numbers), filter by district
name or to the late and silent ones; late districts in yellow, silent ones in red; totals
under the table; under them the pictures (ui/charts: bars per district, the fiscal year's
line, the current district's line dashed). Enter or a double-click on a district opens its
own records (ui/district_dialog); the month's consolidated report is saved as PDF or .xlsx
by the code of `tambon report province`, off the GUI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core import palette
from tambon_desktop.core.thai import format_money, sort_key
from tambon_desktop.services import overview as ov
from tambon_desktop.services.province_report import received_local
from tambon_desktop.ui.charts import BarChart, LineChart
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

COLUMNS = ("district", "reports", "approved", "disbursed", "disbursed_pct", "physical",
           "people", "meetings", "received", "via", "note")
NUMERIC = {"reports", "approved", "disbursed", "disbursed_pct", "physical", "people", "meetings"}
LATE = QColor(palette.LATE)
SILENT = QColor(palette.SILENT)
MONTHS_SHOWN = 36


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


class OverviewModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ov.DistrictRow] = []

    def set_rows(self, rows: list[ov.DistrictRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(f"overview.col.{COLUMNS[section]}")
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.UserRole:  # what sorting compares
            return self._value(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and (row.silent or row.late):
            return QBrush(SILENT if row.silent else LATE)
        return None

    @staticmethod
    def _text(row: ov.DistrictRow, key: str) -> str:
        f = row.figures
        if key == "district":
            return row.name
        if key == "reports":
            return f"{f.reports}/{f.projects}"
        if key in ("approved", "disbursed"):
            return format_money(getattr(f, key))
        if key == "disbursed_pct":
            return _pct(f.disbursed_percent)
        if key == "physical":
            return _pct(f.physical_percent)
        if key == "people":
            return f"{f.people:,}"
        if key == "meetings":
            return f"{f.meetings}/{f.certified}"
        if key == "received":
            local = received_local(row.last_received)
            return local.strftime("%d/%m/") + str(local.year + 543) + local.strftime(" %H:%M") \
                if local else "-"
        if key == "via":  # and the sending PC, when known
            via = tr(f"overview.via.{row.last_via or 'none'}")
            return f"{via} {ov.pc_label(row)}" if row.last_pc else via
        return " ".join(tr(k) for k, on in (("overview.late", row.late),
                                             ("overview.silent", row.silent)) if on)

    @staticmethod
    def _value(row: ov.DistrictRow, key: str):
        f = row.figures
        values = {"reports": f.reports, "approved": float(f.approved),
                  "disbursed": float(f.disbursed), "disbursed_pct": f.disbursed_percent,
                  "physical": f.physical_percent, "people": f.people, "meetings": f.meetings,
                  "received": row.last_received or "", "district": sort_key(row.name)}
        value = values.get(key, OverviewModel._text(row, key))
        return -1.0 if value is None else value


class OverviewFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.flagged_only = False
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, text: str, flagged_only: bool) -> None:
        self.beginFilterChange()
        self.text, self.flagged_only = text.strip(), flagged_only
        self.endFilterChange()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802
        row = self.sourceModel().rows[source_row]
        if self.flagged_only and not (row.late or row.silent):
            return False
        return not self.text or self.text in row.name


class OverviewPage(QWidget):
    open_requested = Signal(str, str)  # form id, record id: a record of a district's list

    def __init__(self, ws: Workspace, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.ws = ws
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.view_data: ov.Overview | None = None
        self.dialog = None  # the district dialog last opened
        self.task: Task | None = None  # the report being written
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("overview.month"), self))
        self.month = QComboBox(self)
        bar.addWidget(self.month)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("overview.filter"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.flagged = QCheckBox(tr("overview.flagged_only"), self)
        bar.addWidget(self.flagged)
        self.pdf_button = QPushButton(tr("overview.export_pdf"), self)
        self.xlsx_button = QPushButton(tr("overview.export_xlsx"), self)
        for button in (self.pdf_button, self.xlsx_button):
            button.setToolTip(tr("overview.export_tip"))
            bar.addWidget(button)
        layout.addLayout(bar)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        layout.addWidget(self.title)
        self.model = OverviewModel(self)
        self.proxy = OverviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        # the scope's own order (DOPA codes) until a column head is clicked
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(tr("overview.open_hint"))
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.bars = BarChart(self)
        self.line = LineChart(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(split)
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(self.table, 1)
        top_box.addWidget(self.totals)
        self.saved = QLabel(self)  # where the last report was written
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved.hide()
        top_box.addWidget(self.saved)
        split.addWidget(top)
        split.addWidget(self._charts(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._fill_months(f"{self.today:%Y-%m}")
        self.month.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self._filter)
        self.flagged.toggled.connect(self._filter)
        self.table.activated.connect(lambda _ix: self.open_district())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._district_line())
        self.bars.chosen.connect(self.choose_district)
        self.proxy.layoutChanged.connect(self._sync_bars)  # a column sorted
        self.pdf_button.clicked.connect(lambda: self._ask_export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_export(".xlsx"))

    def _charts(self, parent) -> QWidget:
        charts = QWidget(parent)
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        scroll = self.bars_scroll = QScrollArea(charts)
        scroll.setWidget(self.bars)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(scroll, 3)
        row.addWidget(self.line, 2)
        return charts

    def _fill_months(self, last: str) -> None:
        year, mon = int(last[:4]), int(last[5:])
        months = []
        for _ in range(MONTHS_SHOWN):
            months.append(f"{year:04d}-{mon:02d}")
            year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
        self.month.blockSignals(True)
        self.month.clear()
        for m in months:
            self.month.addItem(ov.month_label(m), m)
        self.month.blockSignals(False)

    def set_month(self, month: str) -> None:
        month = ov.parse_month(month)
        if self.month.findData(month) < 0:
            self._fill_months(month)
        self.month.setCurrentIndex(self.month.findData(month))
        self.refresh()

    def refresh(self) -> None:
        month = self.month.currentData()
        if not month:
            return
        view = ov.overview(self.ws, month, today=self.today)
        self.view_data = view
        self.model.set_rows(view.rows)
        self._sync_bars()
        self._district_line()
        self.title.setText(tr("overview.title", scope=view.scope, month=view.label,
                              fy=view.fiscal_year_be))
        t = view.total
        self.totals.setText(tr(
            "overview.totals", reports=t.reports, projects=t.projects,
            approved=format_money(t.approved), disbursed=format_money(t.disbursed),
            pct=_pct(t.disbursed_percent), physical=_pct(t.physical_percent),
            people=f"{t.people:,}", meetings=t.meetings, certified=t.certified,
            late=sum(r.late for r in view.rows), silent=sum(r.silent for r in view.rows)))

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.flagged.isChecked())
        self._sync_bars()

    def _sync_bars(self) -> None:
        """The bars of the districts the table shows, in its order (sorted, filtered)."""
        if self.view_data is None:
            return
        by_code = {b.code: b for b in ov.bars(self.view_data)}
        rows = (self.proxy.mapToSource(self.proxy.index(r, 0)).row()
                for r in range(self.proxy.rowCount()))
        self.bars.set_bars([by_code[self.model.rows[r].code] for r in rows])

    # -- a district ------------------------------------------------------------------------
    def current_district(self) -> ov.DistrictRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def _district_line(self) -> None:
        """The fiscal-year line: the scope's, and the current district's dashed."""
        view = self.view_data
        if view is None:
            return
        row = self.current_district()
        self.bars.set_selected(row.code if row else "")
        band = self.bars.band(row.code) if row else None
        if band is not None and not band.isEmpty():
            self.bars_scroll.ensureVisible(0, int(band.center().y()), 0, int(band.height()))
        mine = ov.line(ov.fiscal_year(self.ws, view.month, row.code)) if row else None
        self.line.set_line(ov.line(view.series), view.month, mine, row.name if row else "")

    def choose_district(self, code: str) -> None:
        """Make `code` the table's current row (a click on its bars), if it is shown."""
        for r in range(self.proxy.rowCount()):
            if self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()].code == code:
                self.table.setCurrentIndex(self.proxy.index(r, 0))
                self.table.setFocus()
                return

    def open_district(self):
        """The current district's projects, reports and minutes (read-only dialog)."""
        from tambon_desktop.ui.district_dialog import DistrictDialog

        row = self.current_district()
        if row is None:
            return None
        dialog = DistrictDialog(row.name, row.province, ov.district_records(self.ws, row.code),
                                self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_requested.connect(lambda f, rid: emit(self.open_requested, f, rid))
        dialog.open()
        self.dialog = dialog
        return dialog

    # -- the report ------------------------------------------------------------------------
    def _ask_export(self, suffix: str) -> None:
        month = self.month.currentData()
        if not month:
            return
        kind = "pdf" if suffix == ".pdf" else "xlsx"
        suggested = Path.home() / f"รายงานจังหวัด-{ov.month_label(month).replace(' ', '-')}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, tr(f"overview.export_{kind}"),
                                              str(suggested), tr(f"overview.{kind}_filter"))
        if name:
            self.export(Path(name) if Path(name).suffix else Path(name + suffix))

    def export(self, target: Path) -> Task:
        """Write the month's report into `target` (.pdf or .xlsx) off the GUI thread, by the
        same code as `tambon report province`."""
        from tambon_desktop.services import province_report

        ws, month = self.ws, self.month.currentData()
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)

        def done(path) -> None:
            self._export_finished()
            self.saved.setText(tr("overview.exported", path=str(path)))
            self.saved.show()

        def failed(exc: BaseException, tb: str) -> None:
            from tambon_desktop.ui.errors import show_error

            self._export_finished()
            show_error(self, exc, tb)

        self.task = Task(parent=self, op=lambda _p: province_report.write(ws, month, target),
                         kind="io").with_progress(tr("overview.exporting")).success(
            done).failure(failed).run_in_background()
        return self.task

    def _export_finished(self) -> None:
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(True)
