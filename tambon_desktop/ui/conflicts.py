"""The conflict inbox (issue 5): fields two PCs changed at once. The server kept one value
provisionally (the later edit); the clerk confirms it, picks another candidate, or types a
value of their own. Each choice is `SyncEngine.resolve`, a "resolve" edit that syncs like any
other, so the list is read again and a sync round is started right after.

Reachable from the sync page and by clicking "conflicts to review" in the status bar."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core.errors import KnownError
from tambon_desktop.ui.strings import label, tr
from tambon_desktop.ui.tables import put_cell, read_only_table, show_value
from tambon_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.sync_page import SyncController


@dataclass(frozen=True)
class ConflictItem:
    """One open conflict, with what the clerk needs to read it (built off the GUI thread)."""

    conflict_id: str
    record_id: str
    title: str
    field: str  # the field's label ("กิจกรรม › ชื่อกิจกรรม" for a repeat item's key)
    path: str
    candidates: tuple[dict[str, Any], ...]
    winner: int
    options: tuple[tuple[Any, str], ...] = ()  # (value, label) of a choice field


def _field_of(form_id: str, path: str):
    """(label text, Field or None) of a conflict path "field" or "field[item].key"."""
    from tambon_desktop.forms.registry import get_form

    name = path.split("[", 1)[0].split(".", 1)[0]
    try:
        field = get_form(form_id).field(name)
        text = label(field.label)
        if "[" in path and "]." in path:
            sub = field.field(path.rsplit("].", 1)[1])
            return f"{text} › {label(sub.label)}", sub
        return text, field
    except (KeyError, KnownError, FileNotFoundError):
        return path, None


def load_items(engine, ws: Workspace) -> list[ConflictItem]:
    out = []
    for entry in engine.conflicts():
        try:
            record = ws.records.get(entry.record_id)
            title, form_id = record.title or entry.record_id, record.form_id
        except KnownError:
            title, form_id = entry.record_id, ""
        text, field = _field_of(form_id, entry.path) if form_id else (entry.path, None)
        options = tuple((o.value, label(o.label)) for o in field.options) if field else ()
        out.append(ConflictItem(entry.conflict_id, entry.record_id, title, text, entry.path,
                                tuple(entry.candidates), entry.winner, options))
    return out


def edit_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False, indent=1)


def parse_edit(text: str, candidates: tuple[dict[str, Any], ...]) -> Any:
    """The typed value, of the kind the candidates are: text, a number, or JSON."""
    kinds = {type(c["value"]) for c in candidates if c["value"] is not None}
    if kinds <= {str}:
        return text.strip()
    if kinds <= {int, float}:
        cleaned = text.strip().replace(",", "")
        if not cleaned:
            return None
        try:
            return int(cleaned) if kinds == {int} and "." not in cleaned else float(cleaned)
        except ValueError:
            raise KnownError("กรุณากรอกเป็นตัวเลข", f"not a number: {text!r}") from None
    try:
        return json.loads(text)
    except ValueError:
        raise KnownError("ค่าที่แก้ต้องอยู่ในรูปแบบ JSON เช่น [\"ก\", \"ข\"]",
                         f"not JSON: {text!r}") from None


def when(hlc: str) -> str:
    """A candidate's stamp ("<ms>-<counter>") as local time, year in พ.ศ."""
    try:
        ms = int(hlc.split("-", 1)[0])
        t = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).astimezone()
    except (ValueError, OverflowError, OSError):
        return hlc
    return f"{t.day:02d}/{t.month:02d}/{t.year + 543} {t:%H:%M:%S}"


class ConflictInbox(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.ws = controller.ws
        self.items: list[ConflictItem] = []
        self.loading = False
        self._again = False
        self.setWindowTitle(tr("conflicts.title"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = read_only_table(self, [tr("col.title"), tr("conflicts.field"),
                                            tr("conflicts.current"), tr("conflicts.count")],
                                     stretch=(0, 2))
        layout.addWidget(self.table, 2)
        box = QGroupBox(tr("conflicts.candidates"), self)
        inner = QVBoxLayout(box)
        self.candidates = read_only_table(box, [tr("conflicts.value"), tr("conflicts.by"),
                                                tr("conflicts.when"), ""], stretch=(0,))
        inner.addWidget(self.candidates, 1)
        row = QHBoxLayout()
        self.choose = QPushButton(tr("conflicts.choose"), box)
        row.addWidget(self.choose)
        row.addStretch(1)
        inner.addLayout(row)
        inner.addWidget(QLabel(tr("conflicts.edit"), box))
        self.editor = QPlainTextEdit(box)
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(90)
        inner.addWidget(self.editor)
        row = QHBoxLayout()
        self.save_edit = QPushButton(tr("conflicts.save_edit"), box)
        row.addWidget(self.save_edit)
        self.error = QLabel(box)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        row.addWidget(self.error, 1)
        inner.addLayout(row)
        layout.addWidget(box, 3)
        bottom = QHBoxLayout()
        self.note = QLabel(tr("conflicts.note"), self)
        self.note.setWordWrap(True)
        bottom.addWidget(self.note, 1)
        self.reload_button = QPushButton(tr("conflicts.reload"), self)
        self.close_button = QPushButton(tr("editor.close"), self)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.table.currentCellChanged.connect(lambda *_: self._show_selected())
        self.candidates.currentCellChanged.connect(lambda *_: self._candidate_changed())
        self.choose.clicked.connect(self.choose_selected)
        self.save_edit.clicked.connect(self.save_edited)
        self.reload_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.close)
        controller.state_changed.connect(self._on_state)
        from tambon_desktop.ui.geometry import fit_to_screen

        fit_to_screen(self, 980, 640)
        self._show_selected()
        self.refresh()

    # -- loading -------------------------------------------------------------------------
    def _on_state(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        engine, ws = self.controller.engine, self.ws
        if engine is None:
            return
        if self.loading:  # read again once the running read is in
            self._again = True
            return
        self.loading = True
        Task(parent=self, op=lambda _p: load_items(engine, ws), kind="io").success(
            self._loaded).failure(self._load_failed).run_in_background()

    def _load_failed(self, exc: BaseException, tb: str) -> None:
        from tambon_desktop.ui.errors import show_error

        self.loading = False
        show_error(self, exc, tb)

    def _loaded(self, items: list[ConflictItem]) -> None:
        self.loading = False
        if self._again:
            self._again = False
            self.refresh()
        keep = self.selected().conflict_id if self.selected() else None
        self.items = items
        self.summary.setText(tr("conflicts.summary", n=len(items)) if items
                             else tr("conflicts.none"))
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            current = item.candidates[item.winner]["value"] if item.candidates else None
            cells = (item.title, item.field, show_value(current, item.options),
                     str(len(item.candidates)))
            for c, text in enumerate(cells):
                put_cell(self.table, r, c, text)
        row = next((r for r, i in enumerate(items) if i.conflict_id == keep), 0)
        if items:
            self.table.setCurrentCell(row, 0)
        self._show_selected()

    # -- one conflict --------------------------------------------------------------------
    def selected(self) -> ConflictItem | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_selected(self) -> None:
        item = self.selected()
        self.error.clear()
        self.candidates.setRowCount(0)
        for w in (self.choose, self.save_edit, self.editor, self.candidates):
            w.setEnabled(item is not None)
        if item is None:
            self.editor.clear()
            return
        self.candidates.setRowCount(len(item.candidates))
        for r, cand in enumerate(item.candidates):
            mine = cand.get("device_id") == getattr(self.ws, "device_id", None)
            by = (tr("conflicts.this_pc", user=self.ws.user) if mine
                  else tr("conflicts.other_pc", device=str(cand.get("device_id", ""))[:8]))
            mark = tr("conflicts.winner") if r == item.winner else ""
            for c, text in enumerate((show_value(cand["value"], item.options), by,
                                      when(str(cand.get("hlc", ""))), mark)):
                put_cell(self.candidates, r, c, text, bold=r == item.winner)
        self.candidates.setCurrentCell(item.winner, 0)
        self._candidate_changed()

    def _candidate_changed(self) -> None:
        item = self.selected()
        row = self.candidates.currentRow()
        if item is not None and 0 <= row < len(item.candidates):
            self.editor.setPlainText(edit_text(item.candidates[row]["value"]))

    # -- resolving -----------------------------------------------------------------------
    def choose_selected(self) -> None:
        item = self.selected()
        row = self.candidates.currentRow()
        if item is not None and 0 <= row < len(item.candidates):
            self._resolve(item, choice=row)

    def save_edited(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            value = parse_edit(self.editor.toPlainText(), item.candidates)
        except KnownError as exc:
            self.error.setText(exc.message_th)
            return
        self._resolve(item, value=value)

    def _resolve(self, item: ConflictItem, *, choice: int | None = None,
                 value: Any = None) -> None:
        engine = self.controller.engine
        self.error.clear()
        for w in (self.choose, self.save_edit):
            w.setEnabled(False)

        def op(_p):
            if choice is not None:
                return engine.resolve(item.conflict_id, choice=choice)
            return engine.resolve(item.conflict_id, value=value)

        def failed(exc: BaseException, tb: str) -> None:
            self._show_selected()
            if isinstance(exc, KnownError):
                self.error.setText(exc.message_th)
            else:
                from tambon_desktop.ui.errors import show_error

                show_error(self, exc, tb)

        Task(parent=self, op=op, kind="db").success(lambda _saved: self._resolved()).failure(
            failed).announce(self.controller.ws).run_in_background()

    def _resolved(self) -> None:
        self.controller.reread()
        self.refresh()
        self.controller.sync_now()  # send the decision now when the server is reachable
