"""A group of fields (a whole form, or one repeat item): lays them out, hides fields whose
relevance rule does not hold, and routes error paths ("agenda[3].items[0].title") down."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from tambon_desktop.forms.model import Field
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.fields import FieldMaker, FieldWidget, expand
from tambon_desktop.ui.editor.layout import fit_choices
from tambon_desktop.ui.strings import label

_HEAD = re.compile(r"^([^.\[]+)(.*)$")
# Width shares in a compact row (attendees: prefix narrow, position wide).
# An empty "มาประชุมแทน" gives way to a long position (ประธานสภาองค์การบริหารส่วนตำบลบองอ).
_STRETCH = {"prefix": 2, "name": 5, "position": 8, "number": 1, "role": 4, "unit": 2,
            "substitute_for": 3}


def split_path(path: str) -> tuple[str, str]:
    match = _HEAD.match(path)
    return (match[1], match[2]) if match else (path, "")


def compact_stretch(field: Field) -> int:
    return _STRETCH.get(field.id, 4)


def is_compact(fields: tuple[Field, ...]) -> bool:
    """Short fields only: one row per item (attendees, budget lines)."""
    return len(fields) <= 6 and all(
        f.type in ("text", "integer", "decimal", "money", "choice", "time", "date", "boolean")
        for f in fields)


class FieldGroup(QWidget):
    changed = Signal()

    def __init__(self, fields: tuple[Field, ...], ctx: EditorContext, *, make: FieldMaker,
                 compact: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = fields
        self.widgets: dict[str, FieldWidget] = {}
        self._labels: dict[str, QLabel] = {}
        if compact:
            layout = QHBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            for f in fields:
                w = make(f, ctx, self)
                expand(w)
                if isinstance(getattr(w, "edit", None), QLineEdit) and not w.edit.placeholderText():
                    w.edit.setPlaceholderText(label(f.label))
                if isinstance(getattr(w, "combo", None), QComboBox):
                    fit_choices(w.combo)  # the role list never cut off
                layout.addWidget(w, compact_stretch(f), Qt.AlignmentFlag.AlignTop)
                self.widgets[f.id] = w
        else:
            grid = QGridLayout(self)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setColumnStretch(1, 1)
            grid.setVerticalSpacing(8)
            for row, f in enumerate(fields):
                w = make(f, ctx, self)
                self.widgets[f.id] = w
                if f.type in ("repeat", "boolean"):
                    grid.addWidget(w, row, 0, 1, 2)
                    continue
                text = label(f.label) + (" *" if f.required else "")
                lab = QLabel(text, self)
                lab.setWordWrap(True)
                lab.setMinimumWidth(190)
                lab.setMaximumWidth(240)
                lab.setBuddy(w.input)
                self._labels[f.id] = lab
                grid.addWidget(lab, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(w, row, 1)
        for w in self.widgets.values():
            w.changed.connect(self.changed)
        self._wire_people()
        for f in fields:
            if f.relevant and f.relevant.field in self.widgets:
                self.widgets[f.relevant.field].changed.connect(self._relevance)
        self._relevance()

    def _wire_people(self) -> None:
        from tambon_desktop.ui.editor.person import attach_people, attach_prefixes

        w = self.widgets
        prefix = getattr(w.get("prefix"), "edit", None)
        if isinstance(prefix, QLineEdit):
            attach_prefixes(prefix)
        if all(isinstance(getattr(w.get(k), "edit", None), QLineEdit) for k in ("name", "position")):
            role = getattr(w.get("role"), "combo", None)
            attach_people(w["name"].ctx, w["name"].edit, prefix, w["position"].edit, role)

    def _relevance(self) -> None:
        values = None
        for f in self.fields:
            if not f.relevant or f.relevant.field not in self.widgets:
                continue
            values = values or {k: w.value() for k, w in self.widgets.items()}
            shown = values.get(f.relevant.field) in f.relevant.values
            self.widgets[f.id].setVisible(shown)
            if f.id in self._labels:
                self._labels[f.id].setVisible(shown)

    def value(self) -> dict[str, Any]:
        return {k: w.value() for k, w in self.widgets.items()}

    def set_value(self, data: dict[str, Any]) -> None:
        for f in self.fields:
            self.widgets[f.id].set_value(data.get(f.id, f.default))
        self._relevance()

    def set_read_only(self, read_only: bool) -> None:
        for w in self.widgets.values():
            w.set_read_only(read_only)

    def clear_errors(self) -> None:
        for w in self.widgets.values():
            w.clear_errors()

    def show_error(self, path: str, message: str) -> QWidget | None:
        head, rest = split_path(path)
        w = self.widgets.get(head)
        return w.show_error(rest, message) if w else None

    def input_for(self, path: str) -> QWidget | None:
        head, rest = split_path(path)
        w = self.widgets.get(head)
        return w.input_for(rest) if w else None
