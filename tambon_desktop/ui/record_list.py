"""Record lists: a thin QAbstractTableModel over ws.records.list pages (sorting, filtering and
paging in SQL; canFetchMore/fetchMore loads 500 rows at a time, plain tuples), with a
debounced instant search and a status filter above it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core import geo, thai
from tambon_desktop.services import lifecycle
from tambon_desktop.services.records import COUNT_CAP, ListQuery
from tambon_desktop.services.ui_support import LIST_COLUMNS
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import language, status_label, tr

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

PAGE = 500
_ROOT = QModelIndex()
_I = {name: i for i, name in enumerate(LIST_COLUMNS)}
COLUMNS = (("title", "col.title", "title"), ("record_date", "col.date", "date"),
           ("status", "col.status", "status"), ("next", "col.next", None),
           ("area", "col.area", None), ("updated_at", "col.updated", "updated"),
           ("why", "col.why", None),  # why a row matched: shown while searching
           ("number", "col.number", None))  # a meeting's ครั้งที่, shown after the title
WHY, NUMBER = len(COLUMNS) - 2, len(COLUMNS) - 1


class RecordTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace, form_id: str, lifecycle_name: str, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.lifecycle = lifecycle_name
        self.query = ListQuery(form_id, limit=PAGE)
        self.rows: list[tuple] = []
        self.total = 0
        self._why: dict[str, str] = {}  # record id -> where the search text is

    # -- loading -------------------------------------------------------------------------
    def reload(self, **changes: Any) -> None:
        """New sort/filter/search (or fresh data): back to the first page."""
        from dataclasses import replace

        self.beginResetModel()
        self.query = replace(self.query, offset=0, **changes)
        self.total, self.rows = self.ws.records.count_and_list(self.query)
        self._why = {}
        self.endResetModel()

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=_ROOT) -> None:
        from dataclasses import replace

        page = self.ws.records.list(replace(self.query, offset=len(self.rows)))
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row[_I["id"]]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        key = COLUMNS[index.column()][0]
        if key == "title":
            return row[_I["title"]]
        if key == "number":
            number, year = row[_I["number"]], row[_I["year_be"]]
            return f"{number}/{year}" if number and year else str(number or "")
        if key == "why":
            return self.why(row[_I["id"]])
        if key == "record_date":
            return _be_date(row[_I["record_date"]])
        if key == "status":
            return status_label(row[_I["status"]])
        if key == "next":
            acts = lifecycle.actions_for(self.lifecycle, row[_I["status"]], self.ws.role)
            return ", ".join(a.name if language() == "en" else a.label_th for a in acts) or "—"
        if key == "area":
            code = row[_I["tambon"]] or row[_I["amphoe"]]
            return geo.name_of(code) or ""
        if key == "updated_at":
            return _be_date(row[_I["updated_at"]][:10])
        return None

    def why(self, record_id: str) -> str:
        """Where the search text is in this record (read when the row is shown, then kept)."""
        text = self.query.text.strip()
        if not text:
            return ""
        if record_id not in self._why:
            from tambon_desktop.forms.registry import get_form
            from tambon_desktop.services.matching import match_reason

            view = self.ws.records.get(record_id)
            self._why[record_id] = match_reason(get_form(view.form_id), view.data, text,
                                                en=language() == "en")
        return self._why[record_id]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        sort_key = COLUMNS[column][2]
        if sort_key is None:
            return
        self.reload(sort=sort_key, descending=order == Qt.SortOrder.DescendingOrder)

    def record_id(self, row: int) -> str:
        return self.rows[row][_I["id"]]

    def form_id(self) -> str:
        return self.query.form_id


def _be_date(iso: str) -> str:
    if not iso:
        return ""
    try:
        return thai.thai_date(iso, thai_digits=False, short_month=True)
    except ValueError:
        return iso


class RecordListPage(QWidget):
    open_requested = Signal(str)  # record id
    new_requested = Signal()
    print_requested = Signal(str)
    print_many_requested = Signal(list)  # several selected minutes: one batch
    carry_requested = Signal(str)  # ใหม่จากครั้งก่อน of the selected meeting's committee
    monthly_requested = Signal()  # the progress-report list prints the month's report
    delete_requested = Signal(list)

    def __init__(self, ws: Workspace, form, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.model = RecordTableModel(ws, form.id, form.lifecycle, self)
        layout = QVBoxLayout(self)
        tools = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("list.search"))
        self.search.setClearButtonEnabled(True)
        tools.addWidget(self.search, 3)
        self.status = QComboBox(self)
        self.status.addItem(tr("list.all_status"), None)
        for status in sorted({a.target for a in lifecycle.LIFECYCLES[form.lifecycle].values()}
                             | {"draft"}):
            self.status.addItem(status_label(status), status)
        tools.addWidget(self.status, 1)
        self.new = QPushButton(tr("list.new"), self)
        self.open = QPushButton(tr("list.open"), self)
        self.print = QPushButton(tr("list.print"), self)
        self.delete = QPushButton(tr("list.delete"), self)
        self.carry = QPushButton(tr("carry.button"), self)
        self.carry.setToolTip(tr("carry.tip"))
        self.carry.setVisible(form.id == "meeting" and not ws.read_only)
        for button in (self.new, self.delete):  # a province or region PC only reads
            button.setVisible(not ws.read_only)
        for button in (self.new, self.carry, self.open, self.print, self.delete):
            tools.addWidget(button)
        if form.id == "progress_report":  # one record is not printed; the month's report is
            self.print.setText(tr("monthly.button"))
        self.print.setVisible(form.id in ("meeting", "progress_report", "project"))
        layout.addLayout(tools)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        # the title takes what is left; short columns fit their contents and never show "…"
        # (measured over the rows in view and the first 100: a long list costs nothing)
        header.setMinimumSectionSize(60)
        header.setResizeContentsPrecision(100)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHY, QHeaderView.ResizeMode.Interactive)  # read per row
        header.resizeSection(WHY, 380)  # shown: measuring it would read 100 records
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.table.activated.connect(lambda ix: emit(self.open_requested, self.model.record_id(
            ix.row())))
        self.new.clicked.connect(self.new_requested)
        self.carry.clicked.connect(lambda: self.selected_ids() and emit(
            self.carry_requested, self.selected_ids()[0]))
        self.open.clicked.connect(self._open_selected)
        self.print.clicked.connect(self.print_selected)
        self.delete.clicked.connect(lambda: emit(self.delete_requested, self.selected_ids()))
        self.model.modelReset.connect(self._count)
        self.model.modelReset.connect(self._why_column)
        self.table.setColumnHidden(WHY, True)
        header.moveSection(header.visualIndex(NUMBER), 1)
        self.table.setColumnHidden(NUMBER, form.id != "meeting")
        self.table.setSortingEnabled(True)  # sorts once: the first page is loaded here

    def refresh(self) -> None:
        self.model.reload()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.reload(text=self.search.text(), status=self.status.currentData())

    def _why_column(self) -> None:
        self.table.setColumnHidden(WHY, not self.model.query.text.strip())

    def _count(self) -> None:
        if self.model.total > COUNT_CAP:
            self.count.setText(tr("list.count_more", n=COUNT_CAP))
        else:
            self.count.setText(tr("list.count", n=self.model.total))

    def selected_ids(self) -> list[str]:
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.record_id(r) for r in rows]

    def _open_selected(self) -> None:
        for rid in self.selected_ids()[:5]:
            emit(self.open_requested, rid)

    def print_selected(self) -> None:
        if self.form.id == "progress_report":
            emit(self.monthly_requested)
            return
        ids = self.selected_ids()
        if len(ids) > 1 and self.form.id == "meeting":
            emit(self.print_many_requested, ids)
        elif ids:
            emit(self.print_requested, ids[0])
