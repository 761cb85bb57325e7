"""Tab in visual order. Qt chains widgets in the order they were made, so rows added after
the editor opened came last, after the attachments and the approval panel, and Tab from the
last resolution wrapped onto the committee name. Here the chain is read from the layouts at
each Tab instead: down the form as it is laid out (each row, that row's own buttons, its
"+ เพิ่ม…"), then the panels beside it, then round to the top."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QScrollArea, QWidget, QWidgetItem

_TAB = Qt.FocusPolicy.TabFocus.value
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
_version = 0  # bumped when rows come and go: a form's chain is read again only then


def structure_changed() -> None:
    """Rows were added, removed or reordered somewhere (ui.editor.repeat)."""
    global _version
    _version += 1


def visual_chain(*roots: QWidget, every: bool = False) -> list[QWidget]:
    """The widgets Tab may stop at under `roots`, in the order they are laid out: a depth-first
    walk of the layouts (one explicit stack: a 60-attendee meeting has ~700 stops). every=True:
    hidden and disabled ones too (they are skipped when Tab comes to them)."""
    out: list[QWidget] = []
    stack: list = list(reversed(roots))
    while stack:
        node = stack.pop()
        if isinstance(node, QLayout):
            # By item type: PySide6 6.12 loses a reference to None whenever a Qt call returns
            # a null pointer (QLayoutItem.widget() of a spacer, parentWidget() of a window,
            # layout() of a label), and enough of them abort the interpreter.
            items = [node.itemAt(i) for i in range(node.count())]
            for item in reversed(items):
                if isinstance(item, QWidgetItem):
                    stack.append(item.widget())
                elif isinstance(item, QLayout):
                    stack.append(item)
            continue
        if isinstance(node, QLabel) or (not every and node.isHidden()):
            continue
        if isinstance(node, QScrollArea):
            stack.append(node.widget())  # the form's scroll area: its content
        elif node.focusPolicy().value & _TAB and (every or node.isEnabled()):
            out.append(node)  # a field: its inner parts (a combo's list) are its own
        else:  # a container: its own layout (sub-layouts belong to that layout)
            stack.extend(reversed(node.findChildren(QLayout, options=_DIRECT)))
    return out


class TabChain:
    """Tab and Shift+Tab for a window: down `form` as laid out, then `others` (small panels,
    read at each Tab), then round. The form's chain is kept until rows change."""

    def __init__(self, form: QWidget, *others: QWidget):
        self.form = form
        self.others = others
        self._seen = -1
        self._stops: list[QWidget] = []

    def focus_next(self, current: QWidget | None, forward: bool) -> bool:
        """Move focus one step; False when `current` is in none of the widgets (Qt's turn)."""
        try:
            return self._move(current, forward)
        except RuntimeError:  # a widget deleted since the chain was read
            self._seen = -1
            return self._move(current, forward)

    def _move(self, current: QWidget | None, forward: bool) -> bool:
        if self._seen != _version:
            self._stops, self._seen = visual_chain(self.form, every=True), _version
        chain = self._stops + visual_chain(*self.others, every=True)
        if not chain:
            return False
        position = {w: n for n, w in enumerate(chain)}
        index = -1
        for probe in _self_and_parents(current):  # a focus proxy's child counts as the field
            if probe in position:
                index = position[probe]
                break
        roots = (self.form, *self.others)
        if index < 0:
            if current is not None and any(r.isAncestorOf(current) for r in roots):
                return False
            index = -1 if forward else 0
        window, step = self.form.window(), 1 if forward else -1
        for k in range(1, len(chain) + 1):
            target = chain[(index + step * k) % len(chain)]
            if target.isEnabled() and target.isVisibleTo(window):
                break
        else:
            return False
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
