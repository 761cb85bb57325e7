"""Asking before a lifecycle step (ส่งตรวจ, ส่งกลับแก้ไข, ตรวจแล้ว, รับรอง, ยกเลิกการประชุม ...):
none can be undone by the clerk, so each says in Thai what it will do, and the steps that
record a reason (ส่งกลับแก้ไข, ยกเลิกการประชุม) take it here and refuse to go on without one.
"ย้อนกลับ" (go back) closes it and changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.services import lifecycle
from tambon_desktop.ui.strings import has_text, language, status_label, tr

# Steps whose reason goes into the record's history and which make no sense without one.
REASON_STEPS = ("return", "cancel")


def needs_reason(action: lifecycle.Action) -> bool:
    return action.needs_comment or action.name in REASON_STEPS


class StepDialog(QDialog):
    def __init__(self, action: lifecycle.Action, *, title: str, status: str, lifecycle_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.action = action
        name = action.name if language() == "en" else action.label_th
        self.setWindowTitle(tr("step.title", action=name))
        layout = QVBoxLayout(self)
        question = QLabel(tr("step.ask", action=name, title=title), self)
        question.setWordWrap(True)
        question.setStyleSheet("font-weight: bold;")
        layout.addWidget(question)
        lines = [tr("step.moves", before=status_label(status), after=status_label(action.target))]
        note = f"step.note.{lifecycle_name}.{action.name}"
        if has_text(note):
            lines.append(tr(note))
        self.note = QLabel("\n".join(lines), self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(tr("step.reason_hint"))
        self.reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.reason_label = QLabel(tr("step.reason"), self)
        self.reason_label.setBuddy(self.reason)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        required = needs_reason(action)
        self.reason.setVisible(required)
        self.reason_label.setVisible(required)
        self.buttons = QDialogButtonBox(self)
        self.go = self.buttons.addButton(name, QDialogButtonBox.ButtonRole.AcceptRole)
        self.back = self.buttons.addButton(tr("step.back"), QDialogButtonBox.ButtonRole.RejectRole)
        self.back.setDefault(True)  # Enter by mistake changes nothing
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._ready)
        self._ready()
        self.setMinimumWidth(460)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        (self.reason if needs_reason(self.action) else self.back).setFocus()

    def comment(self) -> str:
        return self.reason.toPlainText().strip() if needs_reason(self.action) else ""

    def _ready(self) -> None:
        self.go.setEnabled(not needs_reason(self.action) or bool(self.comment()))
