"""Sync: a page to sign in to the server, sync now, and see the state, observing the one sync
loop (services/sync_background.BackgroundSync) through ui/sync_loop.SyncController."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import language, status_label, tr
from tambon_desktop.ui.sync_loop import SyncController, sync_module
from tambon_desktop.ui.tables import local_time, setup_table, show_value

__all__ = ["RejectedBox", "SyncController", "SyncPage", "local_time", "login_problem",
           "sync_module"]


def login_problem(exc: BaseException) -> str | None:
    """What a failed sign-in says on the page, in the clerk's language; None for our bugs."""
    from tambon_desktop.core.errors import KnownError
    from tambon_desktop.services import sync_transport as transport

    english = language() == "en"
    if isinstance(exc, transport.SyncAuthError):
        return tr("sync.bad_password")
    if isinstance(exc, transport.SyncOffline):
        return tr("sync.unreachable")
    if isinstance(exc, transport.SyncRefused):
        return tr("sync.refused", status=exc.status)
    if isinstance(exc, KnownError):
        return exc.message_en if english else exc.message_th
    return None


class RejectedBox(QGroupBox):
    """The changes the server refused, newest first: which record (title and form), when the
    change was made, and why (the Thai part of the server's reason); the selected one's whole
    reason and the values that were not kept below, and a button to open the record."""

    open_requested = Signal(str, str)  # form id, record id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list = []
        layout = QVBoxLayout(self)
        self.note = QLabel(tr("rejected.note"), self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([tr("rejected.when"), tr("rejected.form"),
                                              tr("rejected.record"), tr("rejected.change"),
                                              tr("rejected.reason")])
        setup_table(self.table, stretch=(4,))
        layout.addWidget(self.table, 1)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        self.open = QPushButton(tr("rejected.open"), self)
        row.addWidget(self.open)
        row.addStretch(1)
        layout.addLayout(row)
        self.table.currentCellChanged.connect(lambda *_: self._show_selected())
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        self.open.clicked.connect(self.open_selected)
        self.show_items([])

    def show_items(self, items: list) -> None:
        english = language() == "en"
        self.items = list(items)
        self.setTitle(tr("rejected.title", n=len(self.items)))
        self.table.setRowCount(len(self.items))
        for n, item in enumerate(self.items):
            title = item.title or tr("rejected.untitled")
            if not item.can_open:
                title = f"{title} {tr('rejected.gone')}"
            reason = item.reason_en if english else item.reason_th
            cells = (local_time(item.made_at), item.form_en if english else item.form_th,
                     title, _change_text(item), reason)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(reason if column == 4 else text)
                self.table.setItem(n, column, cell)
        self.table.resizeRowsToContents()
        if self.items:
            self.table.setCurrentCell(0, 0)
        self._show_selected()

    def selected(self):
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_selected(self) -> None:
        item = self.selected()
        self.open.setEnabled(item is not None and item.can_open)
        if item is None:
            self.detail.setText("" if self.items else html.escape(tr("rejected.none")))
            return
        english = language() == "en"
        lines = [item.reason_en if english else item.reason_th]
        if item.refused:
            lines.append(tr("rejected.values"))
            lines += [f"• {en if english else th}: {show_value(value)}"
                      for th, en, value in item.refused]
        # rich text for the line height: Thai marks above a line stay clear of the one before
        self.detail.setText('<p style="line-height: 135%">'
                            + "<br>".join(html.escape(line) for line in lines) + "</p>")

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None and item.can_open:
            emit(self.open_requested, item.form_id, item.record_id)


def _change_text(item) -> str:
    kind = tr(f"usb.op.{item.kind}") if item.kind in (
        "create", "update", "transition", "delete", "resolve") else item.kind
    if item.kind == "transition" and item.target_status:
        return tr("rejected.to_status", kind=kind, status=status_label(item.target_status))
    return kind


class SyncPage(QWidget):
    conflicts_requested = Signal()
    open_requested = Signal(str, str)  # form id, record id: a record a rejection was for

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://tambon.example.go.th")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login = QPushButton(tr("sync.login"), self)
        self.login_error = QLabel(self)  # a failed sign-in says why, here, in Thai
        self.login_error.setStyleSheet("color: #b00020;")
        self.login_error.setWordWrap(True)
        self.login_error.hide()
        form.addRow(tr("sync.server"), self.server)
        form.addRow(tr("setup.user"), self.user)
        form.addRow(tr("sync.password"), self.password)
        form.addRow("", self.login)
        form.addRow("", self.login_error)
        layout.addLayout(form)
        self.now = QPushButton(tr("sync.now"), self)
        layout.addWidget(self.now)
        self.progress = QLabel(self)  # records received of the total, during a round
        self.progress.hide()
        controller.progress_changed.connect(self._show_progress)
        layout.addWidget(self.progress)
        self.conflicts = QPushButton(self)
        self.conflicts.clicked.connect(lambda: emit(self.conflicts_requested))
        layout.addWidget(self.conflicts)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.rejected = RejectedBox(self)
        self.rejected.open_requested.connect(
            lambda form_id, record_id: emit(self.open_requested, form_id, record_id))
        layout.addWidget(self.rejected, 1)
        self.now.clicked.connect(controller.sync_now)
        self.login.clicked.connect(self._login)
        self.password.returnPressed.connect(self._login)  # Enter signs in
        controller.state_changed.connect(self.refresh)
        self.refresh()

    def _show_progress(self, text: str) -> None:
        self.progress.setText(text)
        self.progress.setVisible(bool(text))

    def _login(self) -> None:
        server, user, password = (self.server.text().strip(), self.user.text().strip(),
                                  self.password.text())
        if not (server and user and password):
            missing = self.server if not server else self.user if not user else self.password
            self._login_failed_text(tr("sync.fill_in"), focus=missing)
            return
        if self.controller.engine is None or not self.login.isEnabled():
            return
        self.login_error.hide()
        self.login.setEnabled(False)
        self.login.setText(tr("sync.signing_in"))
        self.controller.login(server=server, user=user, password=password,
                              on_done=self._signed_in, on_failed=self._login_failed)

    def _signed_in(self, answer) -> None:
        """The PC now works as the server knows this user: the server re-checks every step
        with that role, so the role shown and offered here is the server's."""
        from tambon_desktop.services.lifecycle import ROLES
        from tambon_desktop.ui import operations

        self._login_done()
        self.password.clear()
        role = answer.role.replace("-", "_")
        ws = self.controller.ws
        if role in ROLES and (answer.user, role) != (ws.user, ws.role):
            operations.set_user(parent=self, ws=ws, user=answer.user, role=role,
                                on_done=lambda _r: None)

    def _login_failed(self, exc: BaseException, tb: str) -> None:
        self._login_done()
        text = login_problem(exc)
        if text is None:  # our bug: the details dialog, parented here
            from tambon_desktop.ui.errors import show_error

            show_error(self, exc, tb)
            text = tr("sync.login_bug")
        self._login_failed_text(text, focus=self.password)

    def _login_failed_text(self, text: str, *, focus: QWidget) -> None:
        self.login_error.setText(text)
        self.login_error.show()
        focus.setFocus()
        if focus is self.password:
            self.password.selectAll()

    def _login_done(self) -> None:
        self.login.setText(tr("sync.login"))
        self.login.setEnabled(self.controller.engine is not None)

    def refresh(self) -> None:
        c = self.controller
        available = c.engine is not None
        self.note.setText("" if available else tr("sync.missing"))
        for w in (self.server, self.user, self.password, self.login):
            w.setEnabled(available)
        self.now.setEnabled(available and c.state().configured and not c.running)
        self.conflicts.setText(tr("sync.conflicts", n=c.state().conflicts))
        self.conflicts.setEnabled(available)
        if available:
            status = c.engine.status()
            self.server.setText(status.server or self.server.text())
            counts = ", ".join(f"{tr('exchange.state.' + k)} {v:,}" for k, v in status.counts.items()
                               if k in ("pending", "sent", "acked", "rejected"))
            self.state.setText(f"{tr('status.last_sync', at=c.state().last_sync or tr('status.never'))}"
                               f"\n{counts}" + (f"\n{c.last_error}" if c.last_error else ""))
            self.rejected.show_items(c.engine.rejected_changes())
        self.rejected.setVisible(available)
