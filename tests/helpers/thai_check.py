"""Reading every string a person can see in a window (titles, labels, buttons, tool tips,
placeholders, list and table headers and cells, dropdown entries, menu items) and finding
English words among them (tests of the Thai mode)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

# Words a Thai office reads as they are: acronyms, the font's name, key names of shortcuts.
ALLOWED = {"PDF", "USB", "SBPAC", "URL", "Sarabun", "Qt", "Ctrl", "Esc", "Alt", "Shift", "Del",
           "Tab", "Enter", "LRM", "RLM", "ZWJ", "ZWNJ", "ZWSP", "LRE", "RLE", "LRO", "RLO",
           "LRI", "RLI", "FSI", "PDI", "OK"}
_NOT_WORDS = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+"  # addresses
    r"|(?:[A-Za-z]:)?(?:[/\\][\w.\-]+)+[/\\]?"  # file paths (the data folder)
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{6,}\b"  # ids
    r"|U\+[0-9A-F]{4,6}"  # a code point named in a message
    r"|\*\.\w+|\(\*\)"  # file patterns
)
_WORD = re.compile(r"[A-Za-z]{2,}")


def plain(text: str) -> str:
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def visible_strings(root: QWidget, *, cells: bool = True) -> list[tuple[str, str]]:
    """(where, text) for every string shown in root's window and its visible children
    (cells=False: not the cells of lists and tables, e.g. a file dialog's file names)."""
    out: list[tuple[str, str]] = []

    def add(widget: QWidget, what: str, text: str) -> None:
        if text and text.strip():
            out.append((f"{type(widget).__name__}.{what}", plain(text).replace("&", "")))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible() and not isinstance(w, QMenu):
            continue
        if w.isWindow() or isinstance(w, QDockWidget):
            add(w, "title", w.windowTitle())
        add(w, "tooltip", w.toolTip())
        if isinstance(w, QLabel):
            add(w, "text", w.text())
        elif isinstance(w, QAbstractButton):
            add(w, "text", w.text())
        elif isinstance(w, (QLineEdit, QPlainTextEdit)):
            add(w, "placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, "item", w.itemText(i))
        elif isinstance(w, QGroupBox):
            add(w, "title", w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, "tab", w.tabText(i))
        elif isinstance(w, QMenu):
            for action in w.actions():
                add(w, "action", action.text())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model, top = w.model(), QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # a list model: one column (PySide hides its columnCount)
                columns = 1
            if isinstance(w, QHeaderView):
                for c in range(columns if w.orientation() == Qt.Orientation.Horizontal else 0):
                    add(w, "header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                continue
            for r in range(min(model.rowCount(top), 40) if cells else 0):
                for c in range(columns):
                    index = model.index(r, c)
                    add(w, "cell", str(index.data() or ""))
                    add(w, "cell tip", str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
    return out


def english(strings: list[tuple[str, str]], allowed: set[str] = frozenset()) -> list[str]:
    """The strings holding an English word (not an allowed acronym or name)."""
    bad = []
    for where, text in strings:
        words = {w for w in _WORD.findall(_NOT_WORDS.sub(" ", text))
                 if w not in ALLOWED and w not in allowed}
        if words:
            bad.append(f"{where}: {text!r} ({', '.join(sorted(words))})")
    return bad
