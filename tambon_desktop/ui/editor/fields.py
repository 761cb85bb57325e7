"""Field widgets: one per form field type, all with value()/set_value(), a `changed` signal,
an inline error line (Thai), and show_error(rest_of_path) so a FieldError.path such as
"attendees[2].name" lands on the widget that holds it.

This module is the base (FieldWidget and the simple types); ui/editor/factory.py picks the
widget for a field type, the composite ones (repeat, date, area, person) included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.core import thai
from tambon_desktop.forms.model import Field
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.strings import label, size_text, tr

ERROR_STYLE = "color: #b00020;"
BAD_INPUT = "border: 1px solid #b00020;"
MASK = "••••"
# make_field of ui/editor/factory.py, handed to the groups that build a repeat's rows
FieldMaker = Callable[[Field, EditorContext, QWidget | None], "FieldWidget"]


def masked_text(value: str) -> str:
    """What a sensitive value shows until แสดง: a national ID as 1-1037-xxxxx-xx-2 (DOMAIN.md
    §5.4), anything else as dots."""
    value = value.strip()
    return thai.mask_citizen_id(value) if thai.citizen_id_ok(value) else MASK


class FieldWidget(QWidget):
    changed = Signal()

    def __init__(self, field: Field, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.body = QHBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.body)
        self._error: QLabel | None = None  # made on first use: a long form opens faster
        self.input: QWidget = self

    @property
    def error(self) -> QLabel:
        """The field's inline error line (hidden until there is an error)."""
        if self._error is None:
            self._error = QLabel(self)
            self._error.setStyleSheet(ERROR_STYLE)
            self._error.setWordWrap(True)
            self._error.hide()
            self.layout().addWidget(self._error)
        return self._error

    # -- to override ---------------------------------------------------------------------
    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)

    # -- errors --------------------------------------------------------------------------
    def show_error(self, rest: str, message: str) -> QWidget:
        """Show a message for this field (rest: the path below it); returns what to focus."""
        if self.field.sensitive and self.is_masked():
            self.show_button.setChecked(True)  # a wrong value must be seen to be corrected
        text = self.error.text()
        self.error.setText(f"{text}\n{message}" if text else message)
        self.error.show()
        if self.input is not self:
            self.input.setStyleSheet(BAD_INPUT)
        return self.input

    def clear_errors(self) -> None:
        if self._error is not None:
            self._error.clear()
            self._error.hide()
        if self.input is not self:
            self.input.setStyleSheet("")

    def input_for(self, rest: str) -> QWidget:
        return self.input

    def _wire(self, widget: QWidget, signal) -> None:
        self.input = widget
        widget.setToolTip(label(self.field.help) if self.field.help else label(self.field.label))
        signal.connect(self.changed)
        self.body.addWidget(widget, 1)
        if self.field.sensitive:
            self._add_mask()

    # -- sensitive fields (forms.model.SENSITIVE_TYPES) ------------------------------------
    # The value stays in the (hidden) input: value() is unchanged, only the eyes are spared.
    # mask() hides a stored value; a field being typed into shows what is typed.
    def _add_mask(self) -> None:
        self.masked = QLabel(self)
        self.masked.setToolTip(tr("sensitive.tip"))
        self.masked.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.show_button = QToolButton(self)  # narrow: it sits in compact rows too
        self.show_button.setText(tr("sensitive.show"))
        self.show_button.setToolTip(tr("sensitive.tip"))
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._toggle_mask)
        self.body.addWidget(self.masked, 1)
        self.body.addWidget(self.show_button)
        self.masked.hide()
        self.show_button.hide()

    def is_masked(self) -> bool:
        return self.field.sensitive and not self.masked.isHidden()

    def mask(self) -> None:
        """Hide the value behind its mask (after load and save); an empty field stays open."""
        text = self.value()
        if not self.field.sensitive or not isinstance(text, str) or not text.strip():
            return
        self.show_button.blockSignals(True)
        self.show_button.setChecked(False)
        self.show_button.blockSignals(False)
        self._toggle_mask(False)

    def _toggle_mask(self, shown: bool) -> None:
        if not shown and not str(self.value() or "").strip():  # emptied: nothing to hide
            self.input.show()
            self.masked.hide()
            self.show_button.hide()
            return
        self.input.setVisible(shown)
        self.masked.setVisible(not shown)
        self.show_button.setVisible(True)
        self.show_button.setText(tr("sensitive.hide") if shown else tr("sensitive.show"))
        if shown:
            self.input.setFocus()
        else:
            text = masked_text(self.value())
            self.masked.setText(text)
            width = self.masked.fontMetrics().horizontalAdvance(text) + 4
            self.masked.setMinimumWidth(width)  # the whole ID mask, even in a compact row
            self.setMinimumWidth(width + self.show_button.sizeHint().width() + 8)


class TextField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit = QLineEdit(self)
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        self.edit.setPlaceholderText(_placeholder(field))
        self._wire(self.edit, self.edit.textChanged)

    def value(self):
        return self.edit.text()

    def set_value(self, value):
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)  # show the start of a long text, not its tail

    def set_read_only(self, read_only):
        self.edit.setReadOnly(read_only)


class NumberField(TextField):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMaximumWidth(220)
        self.body.addStretch(1)
        if field.type == "money":
            self.edit.setPlaceholderText("0.00")

    def value(self):
        text = self.edit.text().strip()
        if not text:
            return None
        if self.field.type == "integer":
            plain = thai.to_arabic_digits(text).replace(",", "")
            if plain.lstrip("-").isdigit():
                return int(plain)
        return text

    def set_value(self, value):
        if value is not None and self.field.type == "money":
            value = thai.format_money(value)
        super().set_value(value)


class TimeField(TextField):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit.setPlaceholderText(tr("time.hint"))
        self.edit.setMaximumWidth(140)
        self.body.addStretch(1)

    def value(self):
        text = self.edit.text().strip()
        try:
            return thai.parse_time(text) if text else ""
        except ValueError:
            return text


class LongTextField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.edit.setPlaceholderText(_placeholder(field))
        self._wire(self.edit, self.edit.textChanged)

    def value(self):
        return self.edit.toPlainText()

    def set_value(self, value):
        self.edit.setPlainText(value or "")

    def set_read_only(self, read_only):
        self.edit.setReadOnly(read_only)


class TextListField(LongTextField):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.edit.setPlaceholderText(tr("list.lines"))

    def value(self):
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]

    def set_value(self, value):
        self.edit.setPlainText("\n".join(value or []))


class BoolField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.box = QCheckBox(label(field.label), self)
        self._wire(self.box, self.box.toggled)

    def value(self):
        return self.box.isChecked()

    def set_value(self, value):
        self.box.setChecked(bool(value))


class ChoiceField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.combo = QComboBox(self)
        if not field.required or field.default is None:
            self.combo.addItem(tr("choice.none"), None)
        for option in field.options:
            self.combo.addItem(label(option.label), option.value)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._wire(self.combo, self.combo.currentIndexChanged)
        self.set_value(field.default)

    def value(self):
        return self.combo.currentData()

    def set_value(self, value):
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


class RecordRefField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(tr("ref.none"), None)
        for rid, title, date in ctx.records(field.ref_form or ""):
            self.combo.addItem(f"{title} ({_be(date)})" if date else title, rid)
        self._wire(self.combo, self.combo.currentIndexChanged)

    def value(self):
        return self.combo.currentData()

    def set_value(self, value):
        if value and self.combo.findData(value) < 0:
            self.combo.addItem(self.ctx.record_title(value), value)
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


class AttachmentsField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        buttons = QVBoxLayout()
        self.add = QPushButton(tr("attach.add"), self)
        self.remove = QPushButton(tr("attach.remove"), self)
        self.open = QPushButton(tr("attach.open"), self)  # a scanned copy, a photo
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        self.open.clicked.connect(self.open_selected)
        self.list.itemActivated.connect(lambda item: self.open_entry(item.data(
            Qt.ItemDataRole.UserRole)))  # double-click or Enter
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addWidget(self.open)
        buttons.addStretch(1)
        self._wire(self.list, self.list.model().rowsInserted)
        self.list.model().rowsRemoved.connect(self.changed)
        self.body.addLayout(buttons)

    def value(self):
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_value(self, value):
        self.list.clear()
        for entry in value or []:
            self._append(entry)

    def set_read_only(self, read_only):
        self.add.setEnabled(not read_only)
        self.remove.setEnabled(not read_only)

    def _append(self, entry: dict) -> None:
        item = QListWidgetItem(f"{entry.get('name', '')}  ({size_text(entry.get('size') or 0)})")
        item.setData(Qt.ItemDataRole.UserRole, entry)
        self.list.addItem(item)

    def _add(self) -> None:
        from pathlib import Path

        from tambon_desktop.services.ui_support import store_attachment

        paths, _ = QFileDialog.getOpenFileNames(self, tr("attach.add"))
        for path in paths:
            try:
                self._append(store_attachment(self.ctx.folder or Path("."), Path(path)))
            except Exception as exc:  # KnownError or a bug: shown, never swallowed
                from tambon_desktop.ui.errors import show_error

                show_error(self, exc)

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def open_selected(self) -> None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() == 1 else None)
        if item is not None:
            self.open_entry(item.data(Qt.ItemDataRole.UserRole))

    def open_entry(self, entry: dict) -> None:
        """Open the attached file with the system's program for it (QDesktopServices)."""
        from pathlib import Path

        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from tambon_desktop.services.filenames import openable_copy

        try:
            path = openable_copy(self.ctx.folder or Path("."), entry)
        except Exception as exc:  # KnownError (not on this PC) or a bug: shown, never swallowed
            from tambon_desktop.ui.errors import show_error

            show_error(self, exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def mask_sensitive(root: QWidget) -> None:
    """Mask every filled sensitive field under root (FieldWidget.mask)."""
    for w in root.findChildren(FieldWidget):
        if w.field.sensitive:
            w.mask()


def _placeholder(field: Field) -> str:
    return label(field.help) if field.help else ""


def _be(iso: str) -> str:
    try:
        return thai.thai_date(iso, thai_digits=False, short_month=True)
    except ValueError:
        return iso


def expand(widget: QWidget) -> None:
    """Let a layout's stretch factors alone decide the width (aligned compact rows)."""
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    widget.setSizePolicy(policy)
