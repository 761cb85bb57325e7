"""The mouse wheel scrolls the form: a dropdown, spin box or date edit under the pointer
changes its value only once the clerk has clicked or tabbed into it (one notch must never turn
สมาชิก into ผู้ช่วยเลขานุการ while the form scrolls)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_WHEELED = (QComboBox, QAbstractSpinBox)


class _WheelGuard(QObject):
    def eventFilter(self, obj, event) -> bool:
        if event.type() != QEvent.Type.Wheel or obj.hasFocus():
            return False
        area = _scroll_area_of(obj)
        if area is not None:  # handed on here: Qt passes on only wheels from the device
            QApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()
        return True


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    while not widget.isWindow():  # never parentWidget() of a window: PySide 6.12 and None
        widget = widget.parentWidget()
        if isinstance(widget, QAbstractScrollArea):
            return widget
    return None


_GUARD: _WheelGuard | None = None


def guard_wheel(root: QWidget) -> None:
    """Guard every dropdown and spin box in `root` (and root itself)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _WheelGuard()
    found = [root] if isinstance(root, _WHEELED) else []
    for kind in _WHEELED:
        found += root.findChildren(kind)
    for widget in found:
        if widget.property("wheel_guarded"):
            continue
        widget.setProperty("wheel_guarded", True)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel no longer takes focus
        widget.installEventFilter(_GUARD)
