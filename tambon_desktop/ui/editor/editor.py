"""The form editor: a FieldGroup for a whole form in a scroll area, live validation in Thai
(forms.validate, debounced; errors of untouched fields wait for the first save), and the map
from FieldError.path to the widget that shows it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from tambon_desktop.core.errors import FieldError, ValidationFailed
from tambon_desktop.forms.model import FormDef
from tambon_desktop.forms.validate import validate
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.factory import make_field
from tambon_desktop.ui.editor.fields import ERROR_STYLE, mask_sensitive
from tambon_desktop.ui.editor.group import FieldGroup, split_path
from tambon_desktop.ui.editor.rows import LeftRows
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import language, tr


class FormEditor(QWidget):
    edited = Signal()  # the user changed something

    def __init__(self, form: FormDef, ctx: EditorContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.ctx = ctx
        self._loading = False
        self._touched: set[str] = set()
        self._show_all = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout.addWidget(self.summary)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        self.group = FieldGroup(form.fields, ctx, make=make_field, parent=inner)
        inner_layout.addWidget(self.group)
        inner_layout.addStretch(1)
        self.scroll.setWidget(inner)
        layout.addWidget(self.scroll, 1)
        for fid, w in self.group.widgets.items():
            w.changed.connect(partial(self._on_change, fid))
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(400)
        self._check.timeout.connect(self.check)
        self.rows = LeftRows(self)

    # -- data ----------------------------------------------------------------------------
    def value(self) -> dict[str, Any]:
        return self.group.value()

    def set_value(self, data: dict[str, Any]) -> None:
        with self.quietly():
            self.group.set_value(data)

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Changes made inside are values put in (a load, a default), not the clerk's edits."""
        loading, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = loading

    def set_read_only(self, read_only: bool) -> None:
        self.group.set_read_only(read_only)

    def mask_sensitive(self) -> None:
        """Mask every filled sensitive field (repeat items too): a saved value stays hidden
        until the clerk presses แสดง."""
        mask_sensitive(self)

    def _on_change(self, field_id: str) -> None:
        if self._loading:
            return
        self._touched.add(field_id)
        self._check.start()
        emit(self.edited)

    # -- validation ----------------------------------------------------------------------
    def check(self, *, show_all: bool = False) -> list[FieldError]:
        """Validate now; show errors of touched fields (all of them after a save attempt)."""
        self._show_all = self._show_all or show_all
        try:
            validate(self.form, self.value())
            errors: list[FieldError] = []
        except ValidationFailed as failed:
            errors = failed.errors
        self.show_errors(errors, only_touched=not self._show_all)
        return errors

    def show_errors(self, errors: list[FieldError], *, only_touched: bool = False,
                    focus: bool = False) -> None:
        self.group.clear_errors()
        shown = [e for e in errors if not only_touched or (
            split_path(e.path)[0] in self._touched
            and self.rows.touched(self.group.input_for(e.path)))]
        first = None
        for e in shown:
            message = e.message_en if language() == "en" else e.message_th.split(": ", 1)[-1]
            target = self.group.show_error(e.path, message)
            first = first or target
        if shown and self._show_all:
            lines = [e.message_en if language() == "en" else e.message_th for e in shown[:6]]
            self.summary.setText(tr("editor.errors", n=len(shown)) + "\n• " + "\n• ".join(lines))
            self.summary.show()
        else:
            self.summary.hide()
        if focus and first is not None:
            first.setFocus()
            self.scroll.ensureWidgetVisible(first)

    def show_failure(self, failed: ValidationFailed) -> None:
        """Errors from a save (the store's checks too, e.g. a meeting number taken)."""
        self._show_all = True
        self.show_errors(failed.errors, focus=True)

    def input_for(self, path: str) -> QWidget | None:
        return self.group.input_for(path)
