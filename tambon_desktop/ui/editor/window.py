"""An editor window for one record: the generated form, the lifecycle panel, save/print/close
on the keyboard (Ctrl+S, Ctrl+P, Ctrl+N, Esc), and a draft autosaved every few seconds and on
change, so a crash or a power cut loses nothing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QWidget

from tambon_desktop.core.errors import ValidationFailed
from tambon_desktop.forms.registry import get_form
from tambon_desktop.services import lifecycle
from tambon_desktop.ui import operations
from tambon_desktop.ui.drafts import DraftStore
from tambon_desktop.ui.editor import assist
from tambon_desktop.ui.editor.context import EditorContext
from tambon_desktop.ui.editor.editor import FormEditor
from tambon_desktop.ui.editor.layout import PanelFit
from tambon_desktop.ui.lifecycle_panel import LifecyclePanel
from tambon_desktop.ui.strings import label, status_label, tr

if TYPE_CHECKING:
    from tambon_desktop.services.records import RecordView
    from tambon_desktop.services.workspace import Workspace

AUTOSAVE_MS = 3000
PRINTABLE = ("meeting", "project")  # minutes; a project sheet


class EditorWindow(QMainWindow):
    def __init__(self, ws: Workspace, form_id: str, *, record_id: str | None = None,
                 data: dict | None = None, host: Any = None, draft_key: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ws = ws
        self.form = get_form(form_id)
        self.host = host  # the main window: opens other editors, prints
        self.view: RecordView | None = ws.records.get(record_id) if record_id else None
        self.drafts = DraftStore(ws.folder)
        self.draft_key = draft_key or DraftStore.new_key()
        self.dirty = False
        self._draft_stale = False
        self.saving = False
        self._tabs = None  # the Tab chain (ui.editor.taborder), made at the first Tab
        self.ask_unsaved = self._ask_unsaved  # tests replace this
        ctx = EditorContext(ws=ws, folder=ws.folder)
        self.editor = FormEditor(self.form, ctx, self)
        self.setCentralWidget(self.editor)
        self._actions()
        self.panel = LifecyclePanel(ws, self.form.lifecycle, on_changed=self._transitioned,
                                    on_amend=self._amend, can_act=self._can_act, parent=self)
        dock = QDockWidget(tr("life.title"), self)
        dock.setObjectName("lifecycle")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(self.panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        PanelFit(self, self.panel)
        if self.view is not None:
            self.editor.set_value(self.view.data)
        elif data is None:
            self.editor.set_value(assist.new_values(self.form, ws))
        if data is not None:  # a restored draft or a prefilled new record
            self.editor.set_value(data)
            self.dirty = True
            self._draft_stale = True
        if self.view is not None:
            self.editor.mask_sensitive()
        self.panel.refresh(self.view)
        self._apply_lock()
        self.editor.edited.connect(self._edited)
        self._autosave = QTimer(self, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_draft)
        self._autosave.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(800)
        self._soon.timeout.connect(self.write_draft)
        self._update_title()
        self.assist = assist.MeetingAssist(self) if self.form.id == "meeting" else None
        if not self.read_only():
            assist.focus_first(self.editor, empty_only=data is not None)
        from tambon_desktop.ui.geometry import place

        place(self, ws.folder, "editor", 1180, 760)

    def _actions(self) -> None:
        bar = self.addToolBar("editor")
        bar.setObjectName("editor-tools")
        bar.setMovable(False)
        self.save_action = QAction(tr("editor.save"), self, shortcut=QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        print_action = QAction(tr("editor.print"), self, shortcut=QKeySequence("Ctrl+P"))
        print_action.triggered.connect(self.print_record)
        print_action.setEnabled(self.form.id in PRINTABLE)
        new_action = QAction(tr("list.new"), self, shortcut=QKeySequence("Ctrl+N"))
        new_action.triggered.connect(lambda: self.host and self.host.open_editor(self.form.id))
        close_action = QAction(tr("editor.close"), self, shortcut=QKeySequence("Esc"))
        close_action.triggered.connect(self.close)
        for action in (self.save_action, print_action, new_action, close_action):
            bar.addAction(action)
        self.print_action = print_action

    # -- state ---------------------------------------------------------------------------
    @property
    def record_id(self) -> str | None:
        return self.view.id if self.view else None

    def read_only(self) -> bool:
        """Locked by the record's status, or on a province or region PC (it only reads)."""
        return self.ws.read_only or self.view is not None and self.view.status not in \
            lifecycle.EDITABLE[self.form.lifecycle]

    def _apply_lock(self) -> None:
        locked = self.read_only()
        self.editor.set_read_only(locked)
        self.save_action.setEnabled(not locked)
        status = self.view.status if self.view else "draft"
        message = tr("editor.readonly", status=status_label(status)) if locked else (
            tr("editor.unsaved") if self.dirty else tr("editor.saved") if self.view else "")
        self.statusBar().showMessage(message)

    def _update_title(self) -> None:
        name = self.view.title if self.view else tr("editor.new", form=label(self.form.title))
        self.setWindowTitle(("* " if self.dirty else "") + f"{label(self.form.title)} — {name}")

    def _edited(self) -> None:
        self.dirty = True
        self._draft_stale = True
        self._soon.start()
        self._update_title()
        self.statusBar().showMessage(tr("editor.unsaved"))

    def write_draft(self) -> None:
        if self.dirty and self._draft_stale and not self.read_only():
            self.drafts.write(self.draft_key, form_id=self.form.id, record_id=self.record_id,
                              data=self.editor.value(), title=self.view.title if self.view else "")
            self._draft_stale = False

    # -- save ----------------------------------------------------------------------------
    def save(self, *, then=None) -> bool:
        """Validate and save; False if the form has errors (shown, first one focused)."""
        if self.read_only() or self.saving:
            return False
        errors = self.editor.check(show_all=True)
        if not errors:  # what the minutes could never print is refused now, on its field
            from tambon_desktop.services.printable import unprintable_fields

            errors = unprintable_fields(self.form, self.editor.value())
        if errors:
            self.editor.show_failure(ValidationFailed(errors))
            return False
        self.saving = True

        def saved(view: RecordView) -> None:
            self.saving = False
            self.view = view
            self.dirty = False
            self._draft_stale = False
            self.drafts.remove(self.draft_key)
            self.editor.mask_sensitive()
            self.panel.refresh(view)
            self._apply_lock()
            self._update_title()
            if then:
                then()

        def failed(exc: BaseException, tb: str) -> None:
            self.saving = False
            if isinstance(exc, ValidationFailed):
                self.editor.show_failure(exc)
            else:
                from tambon_desktop.ui.errors import show_error

                show_error(self, exc, tb)

        operations.save_record(parent=self, ws=self.ws, form_id=self.form.id,
                               record_id=self.record_id, data=self.editor.value(),
                               on_done=saved, on_failed=failed)
        return True

    def _can_act(self) -> bool:
        if self.dirty:
            self.statusBar().showMessage(tr("life.save_first"))
            return False
        return True

    def _transitioned(self, view: RecordView) -> None:
        self.view = view
        self.panel.refresh(view)
        self._apply_lock()

    def _amend(self, meeting_id: str) -> None:
        if self.host is not None:
            self.host.open_editor("amendment", data={
                "meeting": meeting_id, "date": dt.date.today().isoformat(), "changes": [{}]})

    def print_record(self) -> None:
        if self.host is None or self.form.id not in PRINTABLE:
            return
        if self.dirty or self.view is None:
            self.save(then=lambda: self.host.print_record(self.record_id, parent=self))
        else:
            self.host.print_record(self.record_id, parent=self)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        """Tab runs down the form as laid out, then the approval panel (ui.editor.taborder)."""
        if self._tabs is None:
            from tambon_desktop.ui.editor.taborder import TabChain

            self._tabs = TabChain(self.editor, self.panel)
        if self._tabs.focus_next(self.focusWidget(), next):
            return True
        return super().focusNextPrevChild(next)

    # -- closing -------------------------------------------------------------------------
    def _ask_unsaved(self) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), tr("editor.ask_close"),
                          parent=self)
        save = box.addButton(tr("save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(tr("cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return {save: "save", discard: "discard"}.get(box.clickedButton(), "cancel")

    def closeEvent(self, event) -> None:
        if self.dirty and not self.read_only():
            choice = self.ask_unsaved()
            if choice == "cancel":
                event.ignore()
                return
            if choice == "save":
                event.ignore()
                self.save(then=self.close)
                return
        from tambon_desktop.ui.geometry import remember

        remember(self, self.ws.folder, "editor")
        self._autosave.stop()
        self._soon.stop()
        self.drafts.remove(self.draft_key)
        self.dirty = False
        event.accept()
