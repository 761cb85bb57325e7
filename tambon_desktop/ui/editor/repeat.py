"""Repeat groups (attendees, agenda items and their sub-items, budget lines): add, remove and
reorder items, each keeping its stable id. Short items are one aligned row; long ones a framed
sub-form. Keyboard: Tab runs through each row and its own ↑ ↓ ✕ to "+ add" (ui.editor.taborder);
Alt+Up/Alt+Down move, Ctrl+Shift+Del removes."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout

from tambon_desktop.core.ids import uuid7
from tambon_desktop.ui.editor import numbering
from tambon_desktop.ui.editor.fields import ERROR_STYLE, FieldMaker, FieldWidget, mask_sensitive
from tambon_desktop.ui.editor.group import FieldGroup, compact_stretch, is_compact
from tambon_desktop.ui.editor.taborder import structure_changed
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import label, tr

_INDEX = re.compile(r"^\[(\d+)\](.*)$")
_BUTTONS_WIDTH = 96
# A long list opens with its first rows built (a screenful) and the rest built in small steps
# on the next event-loop turns, so a 60-attendee meeting opens fast; anything that needs every
# row (items, add, errors, focus) builds the rest at once. value() never waits.
_EAGER = {True: 8, False: 1}  # compact rows / framed items: what a first screen shows
_STEP = 8


_EMPTY = {"text": "", "long_text": "", "time": "", "date": "", "boolean": False,
          "text_list": [], "repeat": [], "attachments": []}


def _as_built(fields, data: dict) -> dict:
    """A pending row's value in the shape a built row gives (every field, empty as its widget
    says it), so value() looks the same before and after the row is built."""
    out = {"id": data["id"]}
    for f in fields:
        value = data.get(f.id, f.default)
        out[f.id] = _EMPTY.get(f.type) if value is None else value
    return out


def _has_sensitive(fields) -> bool:
    return any(f.sensitive or _has_sensitive(f.fields or ()) for f in fields)


class _Item(QFrame):
    def __init__(self, owner: RepeatField, item_id: str):
        super().__init__(owner)
        self.item_id = item_id
        self.setObjectName("repeatItem")
        compact = owner.compact
        if not compact:
            self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0 if compact else 8, 0 if compact else 6, 0, 0 if compact else 6)
        row = QHBoxLayout()
        outer.addLayout(row)
        self.number = QLabel(self)
        self.number.setFixedWidth(28)
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        self.group = FieldGroup(owner.field.fields, owner.ctx, make=owner.make, compact=compact,
                                parent=self)
        self.group.changed.connect(owner.changed)
        row.addWidget(self.group, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.up = QToolButton(self, text="↑")
        self.down = QToolButton(self, text="↓")
        self.remove = QToolButton(self, text="✕")
        for button, tip in ((self.up, "repeat.up"), (self.down, "repeat.down"),
                            (self.remove, "repeat.remove")):
            button.setToolTip(tr(tip))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches them; a click keeps focus
            buttons.addWidget(button)
        holder = QFrame(self)
        holder.setLayout(buttons)
        holder.setFixedWidth(_BUTTONS_WIDTH)
        policy = holder.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # read-only rows stay under their column heads
        holder.setSizePolicy(policy)
        self.buttons = holder
        if compact:
            row.addWidget(holder, 0, Qt.AlignmentFlag.AlignTop)
        else:  # under a framed sub-form, so Tab meets them after its last field, as the eye does
            outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignRight)
        self.up.clicked.connect(lambda: owner.move(self, -1))
        self.down.clicked.connect(lambda: owner.move(self, 1))
        self.remove.clicked.connect(lambda: owner.remove(self))
        for keys, slot in (("Alt+Up", lambda: owner.move(self, -1)),
                           ("Alt+Down", lambda: owner.move(self, 1)),
                           ("Ctrl+Shift+Del", lambda: owner.remove(self))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._error: QLabel | None = None  # made on first use

    @property
    def error(self) -> QLabel:
        """The row's own error line ("ต้องกรอกชื่อ-สกุล หรือ ตำแหน่ง"), hidden until needed."""
        if self._error is None:
            self._error = QLabel(self)
            self._error.setStyleSheet(ERROR_STYLE)
            self._error.hide()
            self.layout().addWidget(self._error)
        return self._error


class RepeatField(FieldWidget):
    def __init__(self, field, ctx, parent=None, *, make: FieldMaker):
        super().__init__(field, ctx, parent)
        self.make = make  # ui/editor/factory.make_field: what builds the fields of each row
        self.compact = is_compact(field.fields)
        self._items: list[_Item] = []
        self._pending: list[dict] = []  # values of rows not built yet
        self._lazy = not _has_sensitive(field.fields)  # a masked value is never shown unbuilt
        box = QVBoxLayout()
        box.setSpacing(4)
        title = QLabel(label(field.label) + (" *" if field.required else ""), self)
        title.setStyleSheet("font-weight: bold;")
        box.addWidget(title)
        if self.compact:
            head = QHBoxLayout()
            head.addSpacing(28 + head.spacing())
            for f in field.fields:
                lab = QLabel(label(f.label) + (" *" if f.required else ""), self)
                lab.setStyleSheet("color: #555;")
                head.addWidget(lab, compact_stretch(f))
            head.addSpacing(_BUTTONS_WIDTH)
            self._head = head
            box.addLayout(head)
        self.list = QVBoxLayout()
        self.list.setSpacing(4 if self.compact else 8)
        box.addLayout(self.list)
        self.add = QPushButton(tr("repeat.add", label=label(field.label)), self)
        self.add.clicked.connect(lambda: self.add_item())
        add_row = QHBoxLayout()
        add_row.addWidget(self.add)
        add_row.addStretch(1)
        self.add_row = add_row  # helpers may offer more here (agenda templates)
        box.addLayout(add_row)
        self.body.addLayout(box, 1)
        self.input = self.add
        self._read_only = False
        self.numbered = numbering.numbered(field.fields)

    # -- items ---------------------------------------------------------------------------
    @property
    def items(self) -> list[_Item]:
        """Every row, built (the rows still pending are built now)."""
        while self._pending:
            self._build_more(len(self._pending))
        return self._items

    def _build_more(self, n: int = _STEP) -> None:
        batch, self._pending = self._pending[:n], self._pending[n:]
        for data in batch:
            self._append(data)
        self._renumber()
        if self._pending:
            QTimer.singleShot(0, self, self._build_more)

    def add_item(self, data: dict | None = None, *, focus: bool = True) -> _Item:
        self.items  # noqa: B018 -- the rows still pending come first
        item = self._append(data, focus=focus)
        self._renumber()
        return item

    def _append(self, data: dict | None = None, *, focus: bool = False) -> _Item:
        data = data or {}
        fresh = focus and data == {}  # added by the clerk: numbered, focused
        if fresh and self.numbered:
            data = {"number": numbering.next_number(self, self._numbers())}
        item = _Item(self, data.get("id") or uuid7())
        item.group.blockSignals(True)  # a value put in is not an edit
        item.group.set_value(data)
        item.group.blockSignals(False)
        item.group.set_read_only(self._read_only)
        item.buttons.setVisible(not self._read_only)
        self._items.append(item)
        self.list.addWidget(item)
        structure_changed()  # the Tab chain is read again
        if self.isVisible():
            item.show()  # now, not on the next event loop turn: focus can move into it
        if fresh:
            self._renumber()
            first = item.group.input_for(self.field.fields[1 if self.numbered else 0].id)
            if first is not None:
                first.setFocus()
            emit(self.changed)
        return item

    def remove(self, item: _Item) -> None:
        index = self.items.index(item)
        keep = self.numbered and numbering.in_sequence(self, self._numbers())
        self.items.pop(index)
        self.list.removeWidget(item)
        item.deleteLater()
        structure_changed()
        self._renumber()
        if keep:
            self._number_in_sequence()
        emit(self.changed)
        target = self.items[min(index, len(self.items) - 1)] if self.items else None
        (target.group.input_for(self.field.fields[0].id) if target else self.add).setFocus()

    def move(self, item: _Item, delta: int) -> None:
        index = self.items.index(item)
        other = index + delta
        if not 0 <= other < len(self.items):
            return
        values = self.value()
        values[index], values[other] = values[other], values[index]
        if self.numbered and numbering.in_sequence(self, self._numbers()):
            for value, number in zip(values, numbering.sequence(self, len(values)), strict=True):
                value["number"] = number
        self.set_value(values)  # rebuilt in order, so Tab follows the new order
        mask_sensitive(self)  # values typed before are on screen again: hidden by default
        emit(self.changed)
        target = self.items[other].group.input_for(self.field.fields[0].id)
        if target is not None:
            target.setFocus()

    def _numbers(self) -> list[str]:
        return [item.group.widgets["number"].value() for item in self.items]

    def _number_in_sequence(self) -> None:
        for item, number in zip(self.items, numbering.sequence(self, len(self.items)), strict=True):
            item.group.widgets["number"].set_value(number)

    def _renumber(self) -> None:
        total = len(self._items) + len(self._pending)
        for n, item in enumerate(self._items, 1):
            item.number.setText(f"{n}.")
            item.up.setEnabled(n > 1)
            item.down.setEnabled(n < total)

    # -- FieldWidget ---------------------------------------------------------------------
    def value(self):
        built = [{"id": item.item_id, **item.group.value()} for item in self._items]
        return built + [_as_built(self.field.fields, data) for data in self._pending]

    def set_value(self, value):
        for item in self._items:
            self.list.removeWidget(item)
            item.deleteLater()
        self._items = []
        structure_changed()
        rows = [dict(data, id=data.get("id") or uuid7()) for data in value or []]
        eager = _EAGER[self.compact] if self._lazy else len(rows)
        self._pending = rows[eager:]
        for data in rows[:eager]:
            self._append(data)
        self._renumber()
        if self._pending:
            QTimer.singleShot(0, self, self._build_more)

    def set_read_only(self, read_only):
        self._read_only = read_only
        self.add.setVisible(not read_only)
        for item in self._items:  # rows still pending are built with it
            item.group.set_read_only(read_only)
            item.buttons.setVisible(not read_only)

    def clear_errors(self):
        super().clear_errors()
        for item in self._items:  # a pending row shows no error
            if item._error is not None:
                item._error.hide()
            item.group.clear_errors()

    def show_error(self, rest, message):
        match = _INDEX.match(rest)
        if not match or int(match[1]) >= len(self.items):
            return super().show_error(rest, message)
        item = self.items[int(match[1])]
        sub = match[2]
        if sub.startswith("."):
            return item.group.show_error(sub[1:], message) or item
        item.error.setText(message)
        item.error.show()
        return item.group.input_for(self.field.fields[0].id) or item

    def input_for(self, rest):
        match = _INDEX.match(rest)
        if not match:
            return self.add
        item = self.items[int(match[1])]
        sub = match[2]
        return item.group.input_for(sub[1:]) if sub.startswith(".") else item.group.input_for(
            self.field.fields[0].id)
