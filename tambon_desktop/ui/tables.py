"""What the read-only tables of the sync page, the conflict inbox, the exchange page and the
USB bundle preview share: one set-up (whole rows selected, nothing edited in place, no row
numbers, alternating rows, columns sized to their text with the named ones stretched) and the
text of their cells (a value, a time in the clerk's local Buddhist-era form)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from tambon_desktop.ui.strings import tr


def setup_table(table: QTableWidget, *, stretch: tuple[int, ...] = (), single: bool = True,
                stretch_last: bool = False) -> None:
    """`single`: one row at a time, headers aligned left (the lists a clerk works through);
    otherwise Qt's default multi-row selection and centred headers."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if stretch_last:
        header.setStretchLastSection(True)
    if single:
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def read_only_table(parent: QWidget, headers: list[str], *, rows: int = 0,
                    stretch: tuple[int, ...] = (), single: bool = True,
                    stretch_last: bool = False) -> QTableWidget:
    """A new table with these column headers, set up by setup_table."""
    table = QTableWidget(rows, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    setup_table(table, stretch=stretch, single=single, stretch_last=stretch_last)
    return table


def put_cell(table: QTableWidget, row: int, column: int, text: str, *, tip: str | None = None,
             bold: bool = False, red: bool = False) -> QTableWidgetItem:
    """Set one cell's text, with a tooltip (the text itself unless `tip` is given)."""
    cell = QTableWidgetItem(text)
    cell.setToolTip(text if tip is None else tip)
    if bold:
        font = cell.font()
        font.setBold(True)
        cell.setFont(font)
    if red:
        cell.setForeground(Qt.GlobalColor.red)
    table.setItem(row, column, cell)
    return cell


def show_value(value: Any, options: tuple[tuple[Any, str], ...] = ()) -> str:
    for option_value, option_label in options:
        if option_value == value:
            return option_label
    if value is None or value == "" or value == []:
        return tr("conflicts.empty")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    return json.dumps(value, ensure_ascii=False)


def local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return f"{t.day:02d}/{t.month:02d}/{t.year + 543} {t:%H:%M}"
