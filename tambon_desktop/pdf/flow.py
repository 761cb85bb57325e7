"""A Thai paragraph flowable: our line breaking, HarfBuzz-shaped drawing, exact extraction.

Text is drawn line by line through ReportLab's shaped text path (`shapeStr` → a ShapedStr the
text object writes glyph by glyph with HarfBuzz offsets), each line wrapped in an /ActualText
span holding the exact source characters (see extract_fix.py). The paragraph re-breaks on each
`wrap(availWidth)`, so it works in frames and in table cells, and splits between lines.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus.flowables import Flowable

from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.extract_fix import begin_actual_text, end_actual_text
from tambon_desktop.pdf.linebreak import Analysis, Breaker, fill

Runs = list[tuple[str, str]]  # (text, font name)


@dataclass(frozen=True)
class PStyle:
    size: float = 16.0
    leading: float = 24.8  # 1.55 em: stacked marks reach +1.25 em, descenders -0.3 em
    font: str = fonts.REGULAR
    first_indent: float = 0.0
    left_indent: float = 0.0
    right_indent: float = 0.0
    align: str = "left"  # left | center | right
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    color: Color = black

    def but(self, **changes) -> PStyle:
        return replace(self, **changes)


def draw_line(canv, x: float, y: float, runs: Runs, size: float, color: Color = black) -> float:
    """Draw one line of shaped runs at baseline (x, y); returns its width. The line is one
    /ActualText span so copy/paste and pdftotext return exactly the source characters."""
    text = "".join(t for t, _ in runs)
    if not text.strip():
        return 0.0
    begin_actual_text(canv, text)
    tx = canv.beginText(x, y)
    tx.setFillColor(color)
    cursor = x
    for piece, font in runs:
        if not piece:
            continue
        tx.setTextOrigin(cursor, y)
        tx.setFont(font, size)
        tx._textOut(shapeStr(piece, font, size))  # noqa: SLF001 - the shaped path (pinned 5.1.0)
        cursor += fonts.text_width(piece, font, size)
    canv.drawText(tx)
    end_actual_text(canv)
    return cursor - x


def line_width(runs: Runs, size: float) -> float:
    return sum(fonts.text_width(t, f, size) for t, f in runs if t)


class ThaiPara(Flowable):
    """A paragraph of (text, font) runs. `breaker` holds the document's glue rules and names."""

    def __init__(self, runs: Runs | str, style: PStyle, breaker: Breaker, *,
                 _start: int = 0, _lines: list[tuple[int, int]] | None = None,
                 _shared: tuple | None = None):
        super().__init__()
        if isinstance(runs, str):
            runs = [(runs, style.font)]
        self.style = style
        self.breaker = breaker
        self.keepWithNext = style.keep_with_next
        self.spaceBefore = style.space_before if _start == 0 else 0.0
        self.spaceAfter = style.space_after
        self._start = _start
        self._fixed = _lines
        if _shared is None:
            runs = [(t, f) for t, f in runs if t]
            text = "".join(t for t, _ in runs)
            bounds, pos = [], 0
            for t, _f in runs:
                pos += len(t)
                bounds.append(pos)
            _shared = (runs, text, bounds, {})
        self.runs, self.text, self._bounds, self._memo = _shared
        self.lines: list[tuple[int, int]] = []
        self._wrapped_for: float | None = None

    # -- measuring ---------------------------------------------------------------------------
    def _analysis(self) -> Analysis:
        memo = self._memo
        if "analysis" not in memo:
            memo["analysis"] = self.breaker.analyze(self.text)
        return memo["analysis"]

    def _font_at(self, index: int) -> str:
        return self.runs[bisect_right(self._bounds, index)][1]

    def _slice_runs(self, a: int, b: int) -> Runs:
        out, pos = [], 0
        for t, f in self.runs:
            end = pos + len(t)
            if end > a and pos < b:
                out.append((t[max(a, pos) - pos:min(b, end) - pos], f))
            pos = end
        return out

    def _prefix(self):
        memo = self._memo
        if "prefix" not in memo:
            analysis = self._analysis()
            cuts = {0, len(self.text), *self._bounds}
            for c in analysis.candidates:
                cuts.add(c.end)
                cuts.add(c.next)
            order = sorted(cuts)
            index, sums, total = {}, [], 0.0
            for i, pos in enumerate(order):
                if i:
                    prev = order[i - 1]
                    total += fonts.text_width_em(self.text[prev:pos], self._font_at(prev))
                index[pos] = i
                sums.append(total)
            memo["prefix"] = (index, sums)
        return memo["prefix"]

    def width_of(self, a: int, b: int) -> float:
        index, sums = self._prefix()
        ia, ib = index.get(a), index.get(b)
        size = self.style.size
        if ia is not None and ib is not None:
            return (sums[ib] - sums[ia]) * size
        return line_width(self._slice_runs(a, b), size)

    # -- Flowable API --------------------------------------------------------------------------
    def wrap(self, availWidth, availHeight):
        st = self.style
        width = max(availWidth - st.left_indent - st.right_indent, st.size)
        if self._fixed is not None:
            self.lines = self._fixed
        elif self._wrapped_for != width:
            first = width - (st.first_indent if self._start == 0 else 0.0)
            self.lines = fill(self._analysis(), self.width_of, max(first, st.size), width,
                              start=self._start)
            self._wrapped_for = width
        self._width = availWidth
        self.height = len(self.lines) * st.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        n = len(self.lines)
        if fit >= n:
            return [self]
        if n >= 3:  # no orphan first line, no widow last line
            if fit == 1:
                fit = 0
            if n - fit == 1:
                fit -= 1
        if fit <= 0:
            return []
        shared = (self.runs, self.text, self._bounds, self._memo)
        head_style = self.style.but(space_after=0.0, keep_with_next=False)
        head = ThaiPara(self.runs, head_style, self.breaker, _start=self._start,
                        _lines=self.lines[:fit], _shared=shared)
        tail = ThaiPara(self.runs, self.style, self.breaker, _start=self.lines[fit][0],
                        _shared=shared)
        return [head, tail]

    def draw(self):
        st = self.style
        canv = self.canv
        width = self._width - st.left_indent - st.right_indent
        for i, (a, b) in enumerate(self.lines):
            runs = self._slice_runs(a, b)
            indent = st.first_indent if (i == 0 and self._start == 0) else 0.0
            x = st.left_indent + indent
            if st.align != "left":
                free = width - indent - self.width_of(a, b)
                x += free / 2 if st.align == "center" else free
            baseline = self.height - i * st.leading - (st.leading - 0.3 * st.size)
            draw_line(canv, x, baseline, runs, st.size, st.color)

    def line_texts(self) -> list[str]:
        """The text of each line as laid out by the last wrap (used by tests and checks)."""
        return [self.text[a:b] for a, b in self.lines]
