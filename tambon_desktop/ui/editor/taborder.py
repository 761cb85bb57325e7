"""Tab in visual order. Qt chains widgets in the order they were made, so rows added after
the editor opened came last, after the attachments and the approval panel, and Tab from the
last resolution wrapped onto the committee name. Here the chain is read from the layouts at
each Tab instead: down the form as it is laid out (each row, that row's own buttons, its
"+ เพิ่ม…"), then the panels beside it, then round to the top."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QWidget, QWidgetItem


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def _walk_layout(layout: QLayout) -> Iterator[QWidget]:
    # By item type: PySide6 6.12 loses a reference to None whenever a Qt call returns a null
    # pointer (QLayoutItem.widget() of a spacer, parentWidget() of a window, layout() of a
    # label), and enough of
    # them abort the interpreter, so nothing here asks a question whose answer may be null.
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if isinstance(item, QWidgetItem):
            yield from _walk_widget(item.widget())
        elif isinstance(item, QLayout):
            yield from _walk_layout(item)


def _walk_widget(widget: QWidget) -> Iterator[QWidget]:
    if widget.isHidden():
        return
    if isinstance(widget, QScrollArea):
        yield from _walk_widget(widget.widget())  # the form's scroll area: its content
    elif _takes_tab(widget):
        yield widget  # a field: its inner parts (a combo's list, a text's viewport) are its own
    else:
        for layout in widget.findChildren(QLayout, options=Qt.FindChildOption.FindDirectChildrenOnly):
            yield from _walk_layout(layout)  # its own layout (sub-layouts are the layout's)


def visual_chain(*roots: QWidget) -> list[QWidget]:
    """Every widget Tab may stop at under `roots`, in the order they are laid out."""
    return [w for root in roots for w in _walk_widget(root)]


def focus_next(roots: tuple[QWidget, ...], current: QWidget | None, forward: bool) -> bool:
    """Move focus one step along the visual chain; False if `current` is not in it."""
    chain = visual_chain(*roots)
    if not chain:
        return False
    index = -1
    for probe in _self_and_parents(current):  # a focus proxy's child counts as the field
        if probe in chain:
            index = chain.index(probe)
            break
    if index < 0:
        if current is not None and any(r.isAncestorOf(current) for r in roots):
            return False
        index = -1 if forward else 0
    target = chain[(index + (1 if forward else -1)) % len(chain)]
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    for scroll in _scroll_areas(target):
        scroll.ensureWidgetVisible(target)
    return True


def _self_and_parents(widget: QWidget | None) -> Iterator[QWidget]:
    while widget is not None:
        yield widget
        if widget.isWindow():
            return
        widget = widget.parentWidget()


def _scroll_areas(widget: QWidget) -> Iterator[QScrollArea]:
    for parent in _self_and_parents(widget):
        if isinstance(parent, QScrollArea):
            yield parent
