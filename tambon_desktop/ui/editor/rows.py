"""Which repeat rows the clerk has been in and left: a row's errors (ต้องกรอก…) wait until
then, or until a save is tried, so a row just added is not red before it was touched."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget


def rows_of(widget: QWidget | None) -> list[QWidget]:
    """The repeat rows holding `widget`, innermost first."""
    out = []
    while widget is not None:
        if widget.objectName() == "repeatItem":
            out.append(widget)
        widget = widget.parentWidget()
    return out


class LeftRows(QObject):
    def __init__(self, root: QWidget):
        super().__init__(root)
        self.left: set[str] = set()  # item ids
        QApplication.instance().focusChanged.connect(self._moved)

    def _moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None:
            return
        staying = {id(r) for r in rows_of(new)}
        for row in rows_of(old):
            item_id = getattr(row, "item_id", None)  # None: a row being destroyed
            if id(row) not in staying and item_id:
                self.left.add(item_id)

    def touched(self, widget: QWidget | None) -> bool:
        """True unless `widget` sits in a row the focus has not left yet."""
        rows = rows_of(widget)
        return not rows or getattr(rows[0], "item_id", None) in self.left
