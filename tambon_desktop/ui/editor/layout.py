"""Widths that fit Thai content on a 1366-pixel office screen: a compact row's dropdown is never
narrower than its longest choice, and the approval panel keeps to the width of its buttons
while its history is empty, so the form gets the room."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QMainWindow

from tambon_desktop.ui.strings import tr

PANEL_WIDE = 280  # with a history to read
_MAX = 16777215  # QWIDGETSIZE_MAX


def fit_choices(combo: QComboBox) -> None:
    """At least as wide as the longest choice plus the arrow ("กรรมการและผู้ช่วยเลขานุการ")."""
    metrics = combo.fontMetrics()
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())),
                  default=0)
    combo.setMinimumWidth(longest + 36)


class PanelFit(QObject):
    """Narrow while the approval history is empty, wide once it has lines."""

    def __init__(self, window: QMainWindow, panel):
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.dock = window.findChild(QDockWidget, "lifecycle")
        self.title = next((w for w in panel.findChildren(QLabel)
                           if w.text() == tr("life.history")), None)
        layout = panel.layout()
        layout.addStretch(0)  # takes the history's room while it is hidden
        self.spacer = layout.count() - 1
        model = panel.history.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.fit)
        self.fit()

    def narrow_width(self) -> int:
        hints = [b.sizeHint().width() for b in self.panel.findChildren(type(self.panel.amend))]
        margins = self.panel.layout().contentsMargins()
        return max([*hints, 150]) + margins.left() + margins.right() + 8

    def fit(self) -> None:
        from shiboken6 import isValid

        if not (isValid(self.panel) and isValid(self.panel.history)):
            return  # the window is closing
        empty = self.panel.history.count() == 0
        self.panel.history.setVisible(not empty)
        self.panel.layout().setStretch(self.spacer, 1 if empty else 0)
        if self.title is not None:
            self.title.setVisible(not empty)
        width = self.narrow_width() if empty else PANEL_WIDE
        self.panel.setMaximumWidth(width if empty else _MAX)
        if self.dock is not None:
            self.window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)
