"""Cascading area pickers: province → district → tambon → village, by DOPA code (names are
not unique: 795 tambon names repeat). Villages come from the district's own list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from tambon_desktop.core import geo
from tambon_desktop.core.thai import sort_key
from tambon_desktop.ui.editor.fields import FieldWidget, expand
from tambon_desktop.ui.strings import language, tr

LEVELS = ("changwat", "amphoe", "tambon", "village")


def _name(area: geo.Area) -> str:
    return area.name_en if language() == "en" else area.name_th


def fill_areas(combo: QComboBox, areas, *, none: bool = True) -> None:
    combo.blockSignals(True)
    combo.clear()
    if none:
        combo.addItem(tr("choice.none"), "")
    for area in sorted(areas, key=lambda a: sort_key(a.name_th)):
        combo.addItem(f"{_name(area)} ({area.code})", area.code)
    combo.blockSignals(False)


class AreaField(FieldWidget):
    def __init__(self, field, ctx, parent=None):
        super().__init__(field, ctx, parent)
        self.combos: dict[str, QComboBox] = {}
        for level in LEVELS:
            if level not in field.levels:
                continue
            self.body.addWidget(QLabel(tr(f"area.{level}"), self))
            combo = QComboBox(self)
            expand(combo)
            self.combos[level] = combo
            self.body.addWidget(combo, 2)
        self.input = self.combos[field.levels[0]]
        fill_areas(self.combos["changwat"], geo.provinces())
        for level, combo in self.combos.items():
            combo.currentIndexChanged.connect(lambda _i, lv=level: self._cascade(lv))
            combo.currentIndexChanged.connect(self.changed)
        self._cascade("changwat")

    def _cascade(self, level: str) -> None:
        """Refill the levels below `level` from its current code."""
        below = LEVELS[LEVELS.index(level) + 1:]
        code = self.combos[level].currentData() if level in self.combos else ""
        for child in below:
            combo = self.combos.get(child)
            if combo is None:
                continue
            if child == "amphoe":
                fill_areas(combo, geo.districts(code) if code else ())
            elif child == "tambon":
                fill_areas(combo, geo.tambons(code) if code else ())
            else:
                self._fill_villages(code)
            code = ""  # deeper levels start empty

    def _fill_villages(self, tambon: str) -> None:
        combo = self.combos["village"]
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("choice.none"), 0)
        listed = self.ctx.villages(tambon) if tambon else []
        for moo, name in listed or ([(n, "") for n in range(1, 31)] if tambon else []):
            combo.addItem(f"{tr('area.village')} {moo} {name}".strip(), moo)
        combo.blockSignals(False)

    def value(self):
        out = {}
        for level, combo in self.combos.items():
            code = combo.currentData()
            if code not in (None, "", 0):
                out[level] = code
        return out or None

    def set_value(self, value):
        value = value or {}
        for level in LEVELS:
            combo = self.combos.get(level)
            if combo is None:
                continue
            want = value.get(level) or (0 if level == "village" else "")
            if combo.findData(want) < 0:
                combo.addItem(f"{tr('area.village')} {want}" if level == "village" else want, want)
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(want))
            combo.blockSignals(False)
            self._cascade(level)

    def set_read_only(self, read_only):
        for combo in self.combos.values():
            combo.setEnabled(not read_only)

    def input_for(self, rest: str):
        return self.combos.get(rest.lstrip("."), self.input)

    def show_error(self, rest, message):
        super().show_error(rest, message)
        return self.input_for(rest)
