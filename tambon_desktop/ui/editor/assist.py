"""Help for filling in a record fast (issue 12): a new record starts in the workspace's own
province and district, the focus starts on the first field, and a new meeting gets its next
number (its year follows the date), "ใหม่จากครั้งก่อน" (the committee's last meeting carried
over) and an agenda template to start from."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from tambon_desktop.core import thai
from tambon_desktop.forms import agenda as templates
from tambon_desktop.forms.carry import next_meeting
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import tr

if TYPE_CHECKING:
    from tambon_desktop.forms.model import FormDef
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.editor.editor import FormEditor
    from tambon_desktop.ui.editor.window import EditorWindow


def new_values(form: FormDef, ws: Workspace | None) -> dict:
    """What a blank new record starts with: its area in the workspace's district."""
    district = getattr(ws, "district", "") or ""
    out: dict = {}
    for f in form.fields:
        if f.type == "area" and len(district) == 4:
            out[f.id] = {"changwat": district[:2]}
            if "amphoe" in f.levels:
                out[f.id]["amphoe"] = district
    return out


def focus_first(editor: FormEditor, *, empty_only: bool = False,
                skip: tuple[str, ...] = ()) -> QWidget | None:
    """Put the focus on the first field (the first empty one of a prefilled record)."""
    values = editor.value()
    for f in editor.form.fields:
        w = editor.group.widgets[f.id]
        if f.type == "repeat" or f.id in skip or w.isHidden() or not w.input.isEnabled():
            continue
        if empty_only and values.get(f.id) not in (None, "", [], {}):
            continue
        w.input.setFocus()
        editor.scroll.ensureWidgetVisible(w.input)
        return w.input
    return None


class MeetingAssist(QObject):
    """The meeting editor's helpers. Number and year are suggested, never forced: a number
    the clerk typed is kept."""

    def __init__(self, window: EditorWindow):
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self.editor = window.editor
        self.new = window.view is None
        self.widgets = self.editor.group.widgets
        self._auto: int | None = None  # the number we put there, until the clerk types one
        self.bar: QWidget | None = None
        self.widgets["date"].changed.connect(self._date_changed)
        self.widgets["committee"].changed.connect(self.suggest_number)
        if not self.new and window.host is not None and hasattr(window.host, "new_from_last"):
            from PySide6.QtWidgets import QToolBar

            bar = window.findChild(QToolBar, "editor-tools")
            action = bar.addAction(tr("carry.button"))
            action.setToolTip(tr("carry.tip"))
            action.triggered.connect(self._new_from_this)
            self.carry_action = action
        if self.new:
            with self.editor.quietly():  # a default, not an edit
                self._date_changed()
            if not self.editor.value().get("committee"):
                self._carry_bar()
            self._template_offer()

    # -- number and year ------------------------------------------------------------------
    def _date_iso(self) -> str | None:
        value = self.widgets["date"].value()
        try:
            return dt.date.fromisoformat(value).isoformat() if value else None
        except ValueError:
            return None

    def _date_changed(self) -> None:
        iso = self._date_iso()
        year = self.widgets["year_be"]
        if iso and not self.window.read_only():
            be = thai.be_year(dt.date.fromisoformat(iso).year)
            if year.value() != be:
                year.set_value(be)
        self.suggest_number()

    def suggest_number(self) -> None:
        """The committee's next free number in the year of the date (today's when empty)."""
        if not self.new or self.ws is None:
            return
        number = self.widgets["number"]
        if number.value() not in (None, self._auto):
            return  # typed by the clerk
        committee = str(self.widgets["committee"].value() or "")
        n = self.ws.records.suggest_meeting_number(
            committee, self._date_iso() or dt.date.today().isoformat())
        if n != number.value():
            number.set_value(n)
        self._auto = n

    def _new_from_this(self) -> None:
        if self.window.view is not None:
            self.window.host.new_from_last(self.window.view.id)

    # -- from the last meeting ------------------------------------------------------------
    def _carry_bar(self) -> None:
        last = self.ws.records.last_meetings() if self.ws else []
        if not last:
            return
        self.bar = QWidget(self.editor)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(9, 4, 9, 4)
        row.addWidget(QLabel(tr("carry.label"), self.bar))
        self.last_combo = QComboBox(self.bar)
        for rid, committee, date, number, year in last:
            no = f"{number}/{year}" if number and year else str(number or "")
            self.last_combo.addItem(tr("carry.item", committee=committee, number=no,
                                       date=_short_date(date)), rid)
        row.addWidget(self.last_combo, 1)
        self.carry_button = QPushButton(tr("carry.button"), self.bar)
        self.carry_button.setToolTip(tr("carry.tip"))
        self.carry_button.clicked.connect(self._carry_chosen)
        row.addWidget(self.carry_button)
        self.editor.layout().insertWidget(0, self.bar)

    def _carry_chosen(self) -> None:
        self.carry(self.last_combo.currentData())

    def carry(self, record_id: str) -> None:
        """Fill the form from a meeting (its committee's last one) and go to the date."""
        data = next_meeting(self.ws.records.get(record_id).data)
        self._auto = None
        self.editor.set_value(data)
        self.suggest_number()
        if self.bar is not None:
            self.bar.hide()
        emit(self.editor.edited)
        self._show_templates()
        focus_first(self.editor, empty_only=True, skip=("year_be",))  # it follows the date

    # -- agenda templates -----------------------------------------------------------------
    def _template_offer(self) -> None:
        agenda = self.widgets["agenda"]
        self.template_label = QLabel(tr("agenda.template"), agenda)
        self.template_combo = QComboBox(agenda)
        for t in templates.list_templates():
            self.template_combo.addItem(t["title"], t["name"])
        self.template_button = QPushButton(tr("agenda.apply"), agenda)
        self.template_button.clicked.connect(self._apply_chosen)
        for n, w in enumerate((self.template_label, self.template_combo, self.template_button)):
            agenda.add_row.insertWidget(1 + n, w)
        agenda.changed.connect(self._show_templates)
        self._show_templates()

    def _show_templates(self) -> None:
        empty = not self.widgets["agenda"].items
        for w in (self.template_label, self.template_combo, self.template_button):
            w.setVisible(empty)

    def _apply_chosen(self) -> None:
        self.apply_template(self.template_combo.currentData())

    def apply_template(self, name: str) -> None:
        agenda = self.widgets["agenda"]
        agenda.set_value(templates.load_template(name))
        emit(agenda.changed)
        first = agenda.input_for("[0].title")
        if first is not None:
            first.setFocus()


def _short_date(iso: str) -> str:
    try:
        return thai.thai_date(iso, thai_digits=False, short_month=True)
    except ValueError:
        return iso
