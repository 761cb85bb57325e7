"""The main window. It paints first (a light shell: nav, empty page, status bar) and opens the
workspace right after, so start-up never waits for SQLModel. Nothing before the first paint
touches the `Qt` namespace: PySide builds its ~100 Python enums on first access (~20 ms). Sections: meetings, projects,
progress reports, amendments, exchange, sync, settings, the overview (read-only). Editors open in their own windows."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.ui.signals import emit, guard_none
from tambon_desktop.ui.status_bar import AppStatusBar
from tambon_desktop.ui.strings import tr

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

RECORD_SECTIONS = ("meeting", "project", "progress_report", "amendment")
SECTIONS = (*RECORD_SECTIONS, "exchange", "sync", "settings", "overview")


class ChangeHub(QObject):
    """Changes are announced on the GUI thread (ui.tasks, the sync adapter); should one come
    from a worker all the same, this hop keeps widgets on the GUI thread."""

    changed = Signal(object, object)  # Changes, initiator


class MainWindow(QMainWindow):
    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.ws: Workspace | None = None
        self.pages: dict[str, QWidget] = {}
        self.editors: list[Any] = []
        self.found_drafts: list = []
        self.sync = None
        self.inbox = None  # the conflict inbox, once opened
        self.setWindowTitle(tr("app.title"))
        self.setObjectName("main")
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = QFrame(central)
        self.banner.setStyleSheet("QFrame { background: #fff4ce; }")
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.restore_button = QPushButton(tr("drafts.restore"), self.banner)
        self.discard_button = QPushButton(tr("drafts.discard"), self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.restore_button)
        banner_row.addWidget(self.discard_button)
        self.banner.hide()
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        self.nav = QListWidget(central)
        self.nav.setFixedWidth(220)
        self.nav.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        for key in SECTIONS:
            self.nav.addItem(tr(f"section.{key}"))
        body.addWidget(self.nav)
        self.stack = QStackedWidget(central)
        self.loading = QWidget(self.stack)  # centred by stretches and HTML, not Qt enums
        loading_box = QVBoxLayout(self.loading)
        loading_box.addStretch(1)
        loading_box.addWidget(QLabel(f'<div align="center">{tr("list.loading")}</div>',
                                     self.loading))
        loading_box.addStretch(1)
        self.stack.addWidget(self.loading)
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = AppStatusBar(self)
        self.setStatusBar(self.status)
        self.hub: ChangeHub | None = None  # made with the workspace (after the first paint)
        self.nav.currentRowChanged.connect(self._show_section)
        self.restore_button.clicked.connect(self.restore_drafts)
        self.discard_button.clicked.connect(self.discard_drafts)
        for n in range(len(SECTIONS)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            shortcut.activated.connect(partial(self.nav.setCurrentRow, n))
        for keys, slot in (("Ctrl+F", self._focus_search), ("Ctrl+N", self._new),
                           ("Ctrl+P", self._print_selected)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        from tambon_desktop.ui.geometry import place

        place(self, folder, "main", 1280, 760)  # within the screen, as it was left

    # -- workspace -----------------------------------------------------------------------
    def show_setup(self) -> None:
        from tambon_desktop.ui.setup_page import SetupPage

        self.nav.setEnabled(False)
        page = SetupPage(self.folder, self.attach, self.stack)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.pages["setup"] = page

    def attach(self, ws: Workspace) -> None:
        """Build the sections over an open workspace."""
        from PySide6.QtCore import Qt

        from tambon_desktop.forms.registry import get_form
        from tambon_desktop.ui.drafts import DraftStore
        from tambon_desktop.ui.exchange_page import ExchangePage
        from tambon_desktop.ui.record_list import RecordListPage
        from tambon_desktop.ui.settings_page import SettingsPage
        from tambon_desktop.ui.sync_page import SyncController, SyncPage

        self.ws = ws
        guard_none()  # after the first paint: ctypes stays off the start-up path
        self.hub = ChangeHub(self)
        self.hub.changed.connect(self._on_changes, Qt.ConnectionType.QueuedConnection)
        self.found_drafts = DraftStore(ws.folder).load_all()
        ws.subscribe(lambda changes, initiator: emit(self.hub.changed, changes, initiator))
        for form_id in RECORD_SECTIONS:
            page = RecordListPage(ws, get_form(form_id), self.stack)
            page.open_requested.connect(lambda rid, f=form_id: self.open_editor(f, rid))
            page.new_requested.connect(partial(self.open_editor, form_id))
            page.print_requested.connect(self.print_record)
            page.print_many_requested.connect(self.print_many)
            page.carry_requested.connect(self.new_from_last)
            page.monthly_requested.connect(self.print_monthly)
            page.delete_requested.connect(self.delete_records)
            self.pages[form_id] = page
        self.pages["exchange"] = ExchangePage(ws, self._selected_record, self.stack)
        self.sync = SyncController(ws, self)
        self.sync.state_changed.connect(self.refresh_status)
        self.sync.progress_changed.connect(self.status.show_progress)
        self.pages["sync"] = SyncPage(self.sync, self.stack)
        self.pages["sync"].conflicts_requested.connect(self.open_conflicts)
        self.pages["sync"].open_requested.connect(self.open_editor)
        self.status.conflicts_clicked.connect(self.open_conflicts)
        self.pages["settings"] = SettingsPage(ws, self.stack)
        from tambon_desktop.ui.overview_page import OverviewPage

        self.pages["overview"] = OverviewPage(ws, self.stack)
        self.pages["overview"].open_requested.connect(self.open_editor)
        for key in SECTIONS:
            self.stack.addWidget(self.pages[key])
        self.nav.setEnabled(True)
        self.nav.setCurrentRow(0)
        self._show_section(0)
        self.refresh_status()
        if self.found_drafts:
            self.banner_text.setText(tr("drafts.found", n=len(self.found_drafts)))
            self.banner.show()
        self.sync.start()

    def _show_section(self, row: int) -> None:
        page = self.pages.get(SECTIONS[row]) if row >= 0 else None
        if page is not None:
            self.stack.setCurrentWidget(page)
            if hasattr(page, "refresh") and SECTIONS[row] not in RECORD_SECTIONS:
                page.refresh()

    def current_section(self) -> str:
        return SECTIONS[max(self.nav.currentRow(), 0)]

    def _on_changes(self, changes, initiator=None) -> None:
        """Refresh what the Changes touch, not what started them (it shows its own result):
        the lists of the changed forms (all of them when the user or scope changed), open
        editors' panels on a settings change, the exchange page's counts when the outbox
        moved, and the status bar."""
        for form_id in RECORD_SECTIONS:
            page = self.pages[form_id]
            if page is not initiator and (form_id in changes.forms or changes.settings):
                page.model.reload()
        if changes.settings:
            for editor in self.editors:
                if editor is not initiator:
                    editor.panel.refresh(editor.view)
        exchange = self.pages["exchange"]
        if exchange is not initiator and (changes.outbox or changes.record_ids):
            exchange.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        if self.ws is None:
            return
        from tambon_desktop.services.lifecycle import ROLE_LABELS

        counts = self.ws.outbox_counts()
        self.status.show_state(self.sync.state(), pending=counts.get("pending", 0))
        self.status.show_user(self.ws.user, ROLE_LABELS.get(self.ws.role, self.ws.role))

    def open_conflicts(self):
        """The conflict inbox (one window, raised when already open)."""
        if self.ws is None or self.sync is None or self.sync.engine is None:
            return None
        if self.inbox is None:
            from tambon_desktop.ui.conflicts import ConflictInbox

            self.inbox = ConflictInbox(self.sync, self)
        elif self.inbox.isVisible():
            self.inbox.refresh()
            self.inbox.raise_()
            self.inbox.activateWindow()
            return self.inbox
        else:
            self.inbox.refresh()
        self.inbox.show()
        return self.inbox

    # -- records -------------------------------------------------------------------------
    def open_editor(self, form_id: str, record_id: str | None = None, *, data: dict | None = None,
                    draft_key: str | None = None):
        from tambon_desktop.ui.editor.window import EditorWindow

        for editor in self.editors:
            if record_id and editor.record_id == record_id:
                editor.raise_()
                editor.activateWindow()
                return editor
        editor = EditorWindow(self.ws, form_id, record_id=record_id, data=data, host=self,
                              draft_key=draft_key)
        self.editors.append(editor)
        editor.destroyed.connect(lambda *_: self.editors.remove(editor)
                                 if editor in self.editors else None)
        editor.show()
        return editor

    def print_record(self, record_id: str, parent: QWidget | None = None, on_ready=None):
        from tambon_desktop.ui.print_preview import print_record

        return print_record(parent=parent or self, ws=self.ws, record_id=record_id,
                            on_ready=on_ready)

    def new_from_last(self, record_id: str):
        """ใหม่จากครั้งก่อน: a new meeting from the last one of this meeting's committee."""
        return self.open_editor("meeting", data=self.ws.records.next_meeting_data(record_id))

    def print_many(self, record_ids: list[str], on_ready=None):
        from tambon_desktop.ui.batch_print import print_many

        return print_many(parent=self, ws=self.ws, record_ids=record_ids, on_ready=on_ready)

    def delete_records(self, record_ids: list[str]) -> None:
        if not record_ids:
            return
        answer = QMessageBox.question(self, tr("list.delete"),
                                      tr("confirm.delete", n=len(record_ids)),
                                      defaultButton=QMessageBox.StandardButton.No)  # Enter: keep
        if answer == QMessageBox.StandardButton.Yes:
            from tambon_desktop.ui import operations

            operations.delete_records(parent=self, ws=self.ws, record_ids=record_ids,
                                      on_done=lambda _n: None)

    def _selected_record(self) -> str | None:
        for form_id in RECORD_SECTIONS:
            ids = self.pages[form_id].selected_ids()
            if ids:
                return ids[0]
        return None

    def _focus_search(self) -> None:
        page = self.pages.get(self.current_section())
        if page is not None and hasattr(page, "search"):
            page.search.setFocus()
            page.search.selectAll()

    def _new(self) -> None:
        if self.current_section() in RECORD_SECTIONS and not self.ws.read_only:
            self.open_editor(self.current_section())

    def print_monthly(self):
        from tambon_desktop.ui.monthly_report import ask_and_print

        return ask_and_print(parent=self, ws=self.ws)

    def _print_selected(self) -> None:
        section = self.current_section()
        if section == "progress_report" and self.ws is not None:
            self.print_monthly()
            return
        page = self.pages.get(section)
        if section in ("meeting", "project") and page.selected_ids():
            page.print_selected()  # one, or the selected minutes as a batch

    # -- drafts --------------------------------------------------------------------------
    def restore_drafts(self) -> list:
        opened = [self.open_editor(d.form_id, d.record_id, data=d.data, draft_key=d.key)
                  for d in self.found_drafts]
        self.found_drafts = []
        self.banner.hide()
        return opened

    def discard_drafts(self) -> None:
        from tambon_desktop.ui.drafts import DraftStore

        store = DraftStore(self.ws.folder)
        for draft in self.found_drafts:
            store.remove(draft.key)
        self.found_drafts = []
        self.banner.hide()

    def closeEvent(self, event) -> None:
        for editor in list(self.editors):
            if not editor.close():
                event.ignore()
                return
        if self.sync is not None:
            self.sync.stop()
        from tambon_desktop.ui.geometry import remember

        remember(self, self.folder, "main")
        event.accept()
