"""The field factory: the widget for a form field's type. It imports every field module; the
modules themselves import only the base (ui/editor/fields.py). A repeat's rows get their fields
from the make_field handed to them, so the recursive form structure (a repeat holds a group
that holds a repeat) needs no import circle."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tambon_desktop.forms.model import Field
from tambon_desktop.ui.editor.area import AreaField
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.dates import DateField
from tambon_desktop.ui.editor.fields import (
    AttachmentsField,
    BoolField,
    ChoiceField,
    FieldWidget,
    LongTextField,
    NumberField,
    RecordRefField,
    TextField,
    TextListField,
    TimeField,
)
from tambon_desktop.ui.editor.person import PersonField
from tambon_desktop.ui.editor.repeat import RepeatField
from tambon_desktop.ui.wheel import guard_wheel


def make_field(field: Field, ctx: EditorContext, parent: QWidget | None = None) -> FieldWidget:
    widget = _make_field(field, ctx, parent)
    guard_wheel(widget)  # rows added later come through here too
    return widget


def _make_field(field: Field, ctx: EditorContext, parent: QWidget | None = None) -> FieldWidget:
    if field.type == "repeat":
        return RepeatField(field, ctx, parent, make=make_field)
    if field.type == "date":
        return DateField(field, ctx, parent)
    if field.type == "area":
        return AreaField(field, ctx, parent)
    if field.type == "person":
        return PersonField(field, ctx, parent)
    cls = {
        "text": TextField, "long_text": LongTextField, "integer": NumberField,
        "decimal": NumberField, "money": NumberField, "time": TimeField, "boolean": BoolField,
        "choice": ChoiceField, "text_list": TextListField, "record_ref": RecordRefField,
        "attachments": AttachmentsField,
    }[field.type]
    return cls(field, ctx, parent)
