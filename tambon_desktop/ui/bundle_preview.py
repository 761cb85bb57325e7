"""What importing a USB bundle would do (services.usb.preview), shown before anything changes:
who made and signed it, for which district and PC, how many items are new, already here or
would conflict, each item in a table, and the notes for the clerk. "Import" accepts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from tambon_desktop.ui.strings import tr
from tambon_desktop.ui.tables import local_time, put_cell, read_only_table

COUNT_STYLES = {"new": "#1b7d2a", "known": "#555555", "conflict": "#b00020"}
OP_KINDS = ("create", "update", "transition", "delete", "resolve", "change")


def district_text(code: str | None) -> str:
    if not code:
        return "—"
    from tambon_desktop.core import geo

    name = geo.name_of(code) or ""
    return f"{name} ({code})" if name else code


def item_text(column: str, value: Any, state_labels: dict[str, str]) -> str:
    if column == "state":
        return state_labels.get(value, str(value))
    if column == "kind":
        return tr(f"usb.op.{value}") if value in OP_KINDS else str(value)
    if column == "seq":
        return f"{value:,}" if isinstance(value, int) else str(value or "")
    return str(value or "")


class BundlePreviewDialog(QDialog):
    def __init__(self, preview, parent: QWidget | None = None):
        from tambon_desktop.ui.geometry import fit_to_screen

        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"{tr('usb.preview.title')} — {preview.path.name}")
        layout = QVBoxLayout(self)
        layout.addLayout(self._facts(preview))
        layout.addLayout(self._badges(preview))
        self.items = self._item_table(preview)
        layout.addWidget(self.items, 1)
        self.notes = self._notes(preview)
        layout.addWidget(self.notes)
        layout.addWidget(self._buttons(preview))
        fit_to_screen(self, 860, 620 if preview.items else 420)

    def _facts(self, p) -> QFormLayout:
        """Who made and signed the bundle, for where, when, what it holds (self.fields)."""
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}

        def row(key: str, text: str) -> None:
            value = QLabel(text, self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(tr(f"usb.preview.{key}"), value)

        row("kind", tr(f"usb.kind.{p.kind}") if p.kind in ("up", "down") else p.kind)
        row("action", tr(f"usb.action.{p.action}") if p.action in ("apply", "relay")
            else p.action)
        row("district", district_text(p.district))
        row("device", p.device_id)
        row("signer", tr("usb.signer.server") if p.signer == "server"
            else tr("usb.signer.device", device=p.device_id[:8]))
        row("created", local_time(p.created_at) or p.created_at)
        if p.kind == "up":
            row("contents", tr("usb.preview.ops", n=p.op_count, first=p.seq_first,
                               last=p.seq_last))
        else:
            row("contents", tr("usb.preview.changes", n=p.change_count, acked=p.acked_through,
                               rejected=p.rejected_count))
        row("attachments", f"{p.attachment_count:,}")
        row("encrypted", tr("yes") if p.encrypted else tr("no"))
        if p.imported_before:
            row("before", tr("usb.preview.times", n=p.imported_before))
        return form

    def _badges(self, p) -> QHBoxLayout:
        """How many items are new, already here, would conflict (self.counts)."""
        counts = QHBoxLayout()
        self.counts: dict[str, QLabel] = {}
        for key in ("new", "known", "conflict"):
            n = getattr(p, key)
            badge = QLabel(tr(f"usb.count.{key}", n=n), self)
            color = COUNT_STYLES[key] if n else "#555555"
            badge.setStyleSheet(f"QLabel {{ color: {color}; font-weight: bold; "
                                f"border: 1px solid {color}; border-radius: 4px; "
                                "padding: 3px 10px; }")
            self.counts[key] = badge
            counts.addWidget(badge)
        counts.addStretch(1)
        return counts

    def _item_table(self, p) -> QTableWidget:
        from tambon_desktop.services import usb_preview

        columns = usb_preview.ITEM_COLUMNS
        table = read_only_table(self, [tr(f"usb.item.{c}") for c in columns],
                                rows=len(p.items), stretch=(columns.index("title"),),
                                single=False)
        for r, values in enumerate(p.items):
            for c, (column, value) in enumerate(zip(columns, values, strict=False)):
                text = item_text(column, value, usb_preview.STATE_LABELS)
                put_cell(table, r, c, text, tip=str(value),
                         red=column == "state" and value == "conflict")
        table.setVisible(bool(p.items))
        return table

    def _notes(self, p) -> QLabel:
        notes = list(p.notes)
        if not p.detailed and not p.items:
            notes.append(tr("usb.preview.not_detailed"))
        label = QLabel("\n".join(f"• {n}" for n in notes), self)
        label.setWordWrap(True)
        label.setStyleSheet("QLabel { background: #fff4ce; padding: 6px; }")
        label.setVisible(bool(notes))
        return label

    def _buttons(self, p) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(
            tr("usb.preview.import" if p.action == "apply" else "usb.preview.queue"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons
