"""Person entries (prefix, name, position) that remember people typed before: a completer over
ws.records.people; picking a name fills the prefix and position if they are empty."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.fields import FieldWidget, expand
from tambon_desktop.ui.strings import tr


def attach_people(ctx: EditorContext, name: QLineEdit, prefix: QLineEdit | None,
                  position: QLineEdit | None) -> QCompleter:
    """Complete `name` from people used before; fill the siblings on a pick."""
    model = QStringListModel(name)
    completer = QCompleter(model, name)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    name.setCompleter(completer)
    known: dict[str, tuple[str, str]] = {}

    def refresh(text: str) -> None:
        if not text.strip():
            return
        rows = ctx.people(text.strip()[:2])
        known.clear()
        for pre, who, pos in rows:
            if who:
                known.setdefault(who, (pre, pos))
        model.setStringList(sorted(known))

    def picked(text: str) -> None:
        pre, pos = known.get(text, ("", ""))
        if prefix is not None and not prefix.text():
            prefix.setText(pre)
        if position is not None and not position.text():
            position.setText(pos)

    name.textEdited.connect(refresh)
    completer.activated.connect(picked)
    return completer


class PersonField(FieldWidget):
    KEYS = ("prefix", "name", "position")

    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edits: dict[str, QLineEdit] = {}
        for key, stretch in zip(self.KEYS, (1, 3, 4), strict=True):
            edit = QLineEdit(self)
            edit.setPlaceholderText(tr(f"person.{key}"))
            expand(edit)
            edit.textChanged.connect(self.changed)
            self.body.addWidget(edit, stretch)
            self.edits[key] = edit
        self.input = self.edits["prefix"]
        attach_people(ctx, self.edits["name"], self.edits["prefix"], self.edits["position"])

    def value(self):
        out = {k: e.text() for k, e in self.edits.items()}
        return out if any(v.strip() for v in out.values()) else None

    def set_value(self, value):
        value = value or {}
        for key, edit in self.edits.items():
            edit.setText(value.get(key) or "")

    def set_read_only(self, read_only):
        for edit in self.edits.values():
            edit.setReadOnly(read_only)

    def input_for(self, rest: str):
        return self.edits.get(rest.lstrip("."), self.input)
