"""Person entries (prefix, name, position) that remember people typed before: a completer over
ws.records.people matching any part of a name; picking one fills the prefix, position and role
if they are empty. Prefix fields offer the usual titles and ranks, and take any text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from tambon_desktop.core.searchtext import fold
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.fields import FieldWidget, expand
from tambon_desktop.ui.strings import tr

# Offered in every prefix field; anything else may still be typed (a line edit).
PREFIXES = (
    "นาย", "นาง", "นางสาว", "ดร.", "นายแพทย์", "แพทย์หญิง", "ผู้ช่วยศาสตราจารย์",
    "รองศาสตราจารย์", "ศาสตราจารย์", "พระ", "พระครู", "พระมหา", "ว่าที่ร้อยตรี",
    "ว่าที่ร้อยตรีหญิง", "ว่าที่ร้อยโท", "ว่าที่ร้อยเอก",
    "พลตำรวจเอก", "พลตำรวจโท", "พลตำรวจตรี", "พันตำรวจเอก", "พันตำรวจโท", "พันตำรวจตรี",
    "ร้อยตำรวจเอก", "ร้อยตำรวจโท", "ร้อยตำรวจตรี", "ดาบตำรวจ", "จ่าสิบตำรวจ", "สิบตำรวจเอก",
    "สิบตำรวจโท", "สิบตำรวจตรี", "พลเอก", "พลโท", "พลตรี", "พันเอก", "พันโท", "พันตรี",
    "ร้อยเอก", "ร้อยโท", "ร้อยตรี", "จ่าสิบเอก", "จ่าสิบโท", "จ่าสิบตรี", "สิบเอก", "สิบโท",
    "สิบตรี", "พลเรือเอก", "พลเรือโท", "พลเรือตรี", "นาวาเอก", "นาวาโท", "นาวาตรี", "เรือเอก",
    "เรือโท", "เรือตรี", "พันจ่าเอก", "พันจ่าโท", "พันจ่าตรี", "พลอากาศเอก", "พลอากาศโท",
    "พลอากาศตรี", "นาวาอากาศเอก", "นาวาอากาศโท", "นาวาอากาศตรี", "เรืออากาศเอก",
    "เรืออากาศโท", "เรืออากาศตรี", "พันจ่าอากาศเอก", "พันจ่าอากาศโท", "พันจ่าอากาศตรี",
)


class _OpenOnDown(QObject):
    """Down in an empty (or any) field opens the whole list, as a combo box would."""

    def __init__(self, edit: QLineEdit, completer: QCompleter):
        super().__init__(edit)
        self.completer = completer
        edit.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
                and not self.completer.popup().isVisible()):
            self.completer.setCompletionPrefix(obj.text())
            self.completer.complete()
            return True
        return False


def attach_prefixes(edit: QLineEdit) -> QCompleter:
    """The prefix list (any part matches: ตรี offers ร้อยตรี, ว่าที่ร้อยตรี …); free text stays."""
    completer = QCompleter(list(PREFIXES), edit)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    edit.setCompleter(completer)
    edit.setToolTip(tr("person.prefixes"))
    _OpenOnDown(edit, completer)
    return completer


def attach_people(ctx: EditorContext, name: QLineEdit, prefix: QLineEdit | None,
                  position: QLineEdit | None, role: QComboBox | None = None) -> QCompleter:
    """Complete `name` from people in meetings before, matching any part of the name whatever
    its tone marks; a pick fills the empty prefix, position and role."""
    model = QStringListModel(name)
    completer = QCompleter(model, name)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setMaxVisibleItems(10)
    name.setCompleter(completer)
    known: dict[str, tuple[str, str, str]] = {}

    def refresh(text: str) -> None:
        want = fold(text.strip())
        if not want:
            model.setStringList([])
            return
        known.clear()
        for pre, who, pos, rol in ctx.people(want[:2]):  # one query per two letters
            if who and want in fold(who):
                known.setdefault(who, (pre, pos, rol))
        model.setStringList(sorted(known, key=lambda n: (not fold(n).startswith(want), n)))
        if known:
            completer.complete()

    def picked(text: str) -> None:
        pre, pos, rol = known.get(text, ("", "", ""))
        if prefix is not None and not prefix.text():
            prefix.setText(pre)
        if position is not None and not position.text():
            position.setText(pos)
        if role is not None and rol and role.currentData() is None:
            index = role.findData(rol)
            if index >= 0:
                role.setCurrentIndex(index)

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
        attach_prefixes(self.edits["prefix"])
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
