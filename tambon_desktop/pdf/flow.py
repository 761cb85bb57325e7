"""A Thai paragraph flowable: our line breaking, HarfBuzz-shaped drawing, exact extraction.

Text is drawn line by line through ReportLab's shaped text path (`shapeStr` → a ShapedStr the
text object writes glyph by glyph with HarfBuzz offsets), each line wrapped in an /ActualText
span holding the exact source characters (see extract_fix.py). The paragraph re-breaks on each
`wrap(availWidth)`, so it works in frames and in table cells, and splits between lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus.flowables import CondPageBreak, Flowable

from tambon_desktop.pdf import fonts, words
from tambon_desktop.pdf.extract_fix import begin_actual_text, end_actual_text
from tambon_desktop.pdf.linebreak import (
    NO_END,
    NO_START,
    PEN_WORD,
    Analysis,
    Breaker,
    cluster_starts,
    fill,
    fill_optimal,
)

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
    justify: bool = False  # Thai distributed: every line but the last reaches the right margin
    whole_span: bool = False  # one /ActualText span for all lines (table cells: extracts whole)
    split_above: float = 240.0  # with whole_span: a cell this tall or less never splits across pages
    slack_weight: float = 400.0  # raggedness cost; lower for centred text (balanced lines)
    color: Color = black

    def but(self, **changes) -> PStyle:
        return replace(self, **changes)


def draw_line(canv, x: float, y: float, runs: Runs, size: float, color: Color = black,
              one_span: bool = False, spans: bool = True, justify_to: float | None = None) -> float:
    """Draw one line of shaped runs at baseline (x, y); returns its width.

    Each space-separated word is one /ActualText span holding its exact source characters,
    so pdftotext and copy/paste return what was typed (and still see the gaps as spaces).
    `one_span` makes the whole line one span (short lines such as "- ๒ -"); `spans=False`
    writes none (the caller wraps several lines in one span). `justify_to` stretches the line
    to that width, Thai distributed: see `_justify`."""
    text = "".join(t for t, _ in runs)
    tx = canv.beginText(x, y)
    if not spans:
        one_span = True
    elif one_span:
        begin_actual_text(tx, text)
    tx.setFillColor(color)
    pieces = _pieces(runs, size, False)
    space_gap = cluster_gap = 0.0
    if justify_to is not None:
        pieces, space_gap, cluster_gap = _justify(runs, pieces, justify_to, size)
    cursor = x
    pos = 0
    in_word = False
    for chunk, font, clusters in pieces:
        if chunk.isspace():
            if in_word and not one_span:
                end_actual_text(tx)
                in_word = False
            cursor += fonts.text_width(chunk, font, size) + space_gap
        else:
            if not in_word and not one_span:
                begin_actual_text(tx, _WORD.match(text, pos).group())
                in_word = True
            tx.setTextOrigin(cursor, y)
            code = tx._code  # noqa: SLF001
            for k, (cluster, width) in enumerate(clusters):
                code.append(_shaped_code(canv, tx, cluster, font, size))
                cursor += width
                if k < len(clusters) - 1 and cluster_gap:
                    # the shaped operators move the text point by the cluster's advance; the
                    # gap is one more move (a TJ of a number alone), not a new text origin
                    code.append(f"[{-cluster_gap * 1000.0 / size:.3f}] TJ")
                    cursor += cluster_gap
        pos += len(chunk)
    if spans and (in_word or one_span):
        end_actual_text(tx)
    canv.drawText(tx)
    return cursor - x


COMPOUND = 8  # min_width(compounds): only words this long may split (กลุ่ม|เป้าหมาย, not ประ|เภท)
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")  # Thai letters and marks, not digits
MAX_SPACE_STRETCH = 0.35  # em added to a space before the rest goes between clusters


def _pieces(runs: Runs, size: float, by_cluster: bool) -> list[tuple[str, str, list[tuple[str, float]]]]:
    """(chunk, font, [(cluster or whole word, width)]) for each space or word of the line."""
    out = []
    for piece, font in runs:
        for chunk in _SPACE_SPLIT.split(piece):
            if not chunk:
                continue
            if chunk.isspace() or not by_cluster or not _THAI_LETTER.search(chunk):
                out.append((chunk, font, [(chunk, fonts.text_width(chunk, font, size))]))
                continue
            cuts = [0, *cluster_starts(chunk, 0, len(chunk)), len(chunk)]
            parts = [chunk[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
            out.append((chunk, font, [(c, fonts.text_width(c, font, size)) for c in parts]))
    return out


def _natural(pieces) -> float:
    return sum(w for _c, _f, parts in pieces for _t, w in parts)


def _justify(runs: Runs, words, target: float, size: float):
    """Thai distributed justification: (pieces, gap added to each space, gap between grapheme
    clusters) so the line is `target` wide. Spaces take up to MAX_SPACE_STRETCH em each; a
    line with few spaces spreads the rest evenly between clusters of Thai words (never inside
    a cluster, never inside a Latin word or a number, whose kerning would be lost)."""
    spaces = sum(1 for chunk, _f, _p in words if chunk.isspace())
    extra = target - _natural(words)
    if extra <= 0:
        return words, 0.0, 0.0
    if spaces and extra / spaces <= MAX_SPACE_STRETCH * size:
        return words, extra / spaces, 0.0
    clusters = _pieces(runs, size, True)
    gaps = sum(len(parts) - 1 for chunk, _f, parts in clusters if not chunk.isspace())
    extra_c = target - _natural(clusters)  # drawn cluster by cluster, widths may differ a little
    if not gaps or extra_c <= 0:
        return words, (extra / spaces if spaces else 0.0), 0.0
    space_gap = min(extra_c / spaces, MAX_SPACE_STRETCH * size) if spaces else 0.0
    return clusters, space_gap, (extra_c - space_gap * spaces) / gaps


_SPACE_SPLIT = re.compile(r"(\s+)")
_shaped: dict[tuple[str, str, float], object] = {}


def _shaped_code(canv, tx, chunk: str, font: str, size: float) -> str:
    """PDF operators of one shaped word. HarfBuzz results are cached across documents (the
    private-use glyph codes ReportLab allocates live on the font object); the operators are
    cached per document (subset codes are per document). Right after setFont the text
    object's state is fixed (_curSubset -1, rise 0), so the operators depend only on the key."""
    key = (chunk, font, size)
    doc = canv._doc  # noqa: SLF001
    cache = doc.__dict__.setdefault("_tambon_shaped_code", {})
    code = cache.get(key)
    if code is None:
        tx.setFont(font, size)  # every cached operator string starts from this state (and its Tf)
        shaped = _shaped.get(key)
        if shaped is None:
            if len(_shaped) > 50_000:
                _shaped.clear()
            shaped = _shaped[key] = shapeStr(chunk, font, size)
        code = cache[key] = tx._formatText(shaped)  # noqa: SLF001 - the shaped path (pinned 5.1.0)
    return code
_WORD = re.compile(r"\S+")


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

    def _measures(self) -> dict:
        """Widths that depend only on the text and its runs' fonts, kept with the analysis:
        shared by every cell of the same text (a table's many '-' and 'ส่งแล้ว') and by the
        document printed again."""
        memo = self._memo
        if "measures" not in memo:
            key = ("measures", tuple((len(t), f) for t, f in self.runs))
            memo["measures"] = self._analysis().fills.setdefault(key, {})
        return memo["measures"]

    def _prefix(self):
        memo = self._measures()
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

    def natural_width(self) -> float:
        """The width of the whole paragraph on one line (indents included)."""
        st = self.style
        key = ("natural", st.size, st.first_indent, st.left_indent, st.right_indent)
        if key not in self._measures():  # a table measures a cell to fit, then to lay out
            self._measures()[key] = (self.width_of(0, len(self.text)) + st.first_indent
                                     + st.left_indent + st.right_indent)
        return self._measures()[key]

    def min_width(self, compounds: bool = False) -> float:
        """The width of its widest unbreakable unit (a name, a number, a glued phrase); with
        `compounds`, of its widest piece when long words may split into their words too
        (กลุ่ม|เป้าหมาย: what a narrow header cell may do)."""
        st = self.style
        key = ("min", compounds, st.size, st.first_indent, st.left_indent, st.right_indent)
        measures = self._measures()
        if key not in measures:
            measures[key] = self._min_width(compounds)
        return measures[key]

    def _min_width(self, compounds: bool) -> float:
        cuts = {c.end for c in self._analysis().candidates}
        if compounds:
            hard = self._analysis().hard
            cuts |= {p for p in (*self._analysis().words, *words.sub_boundaries(self.text, long=COMPOUND))
                     if not any(a < p < b for a, b in hard)
                     and self.text[p] not in NO_START and self.text[p - 1] not in NO_END}
        widest, start = 0.0, 0
        for cut in sorted(cuts):
            if cut > start:
                widest = max(widest, self.width_of(start, cut))
            start = cut
            while start < len(self.text) and self.text[start].isspace():
                start += 1
        st = self.style
        return widest + max(st.first_indent, 0.0) + st.left_indent + st.right_indent

    def hard_width(self) -> float:
        """The width of its widest glued span (a name part, a place, a number, a date): what a
        table column must hold so that nothing which never breaks has to."""
        st = self.style
        key = ("hard", st.size, st.left_indent, st.right_indent)
        measures = self._measures()
        if key not in measures:
            spans = self._analysis().hard
            widest = max((self.width_of(a, b) for a, b in spans), default=0.0)
            measures[key] = widest + st.left_indent + st.right_indent if widest else 0.0
        return measures[key]

    # -- Flowable API --------------------------------------------------------------------------
    def wrap(self, availWidth, availHeight):
        st = self.style
        width = max(availWidth - st.left_indent - st.right_indent, st.size)
        if self._fixed is not None:
            self.lines = self._fixed
        elif self._wrapped_for != width:
            first = width - (st.first_indent if self._start == 0 else 0.0)
            analysis = self._analysis()
            # the lines are kept with the analysis (shared by the document printed again, and
            # by a paragraph's pieces across pages), keyed by everything they depend on
            key = (tuple((len(t), f) for t, f in self.runs), st.size, st.justify, st.slack_weight,
                   self._start, round(first, 3), round(width, 3))
            lines = analysis.fills.get(key)
            if lines is None:
                breaks = fill_optimal if st.justify else fill
                lines = breaks(analysis, self.width_of, max(first, st.size), width,
                               start=self._start, slack_weight=st.slack_weight)
                if len(analysis.fills) > 64:
                    analysis.fills.clear()
                analysis.fills[key] = lines
            self.lines = lines
            self._wrapped_for = width
        self._width = availWidth
        self.height = len(self.lines) * st.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        n = len(self.lines)
        if fit >= n:  # fits after all (a table cell asks with its own arithmetic): nothing follows
            return [self, ThaiPara("", self.style.but(space_before=0.0, space_after=0.0), self.breaker)]
        if self.style.whole_span and self.height <= self.style.split_above:
            return []  # a table row moves whole to the next page unless taller than this
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
        whole = st.whole_span and bool(self.lines) and (
            len(self.lines) > 1 or self._start > 0 or self._fixed is not None)
        if whole:  # a cell split across pages extracts whole where it starts, nothing after
            if self._start > 0:
                actual = ""
            elif self._fixed is not None:
                actual = self.text[self.lines[0][0]:]
            else:
                actual = self.text[self.lines[0][0]:self.lines[-1][1]]
            begin_actual_text(canv, actual)
        for i, (a, b) in enumerate(self.lines):
            runs = self._slice_runs(a, b)
            indent = st.first_indent if (i == 0 and self._start == 0) else 0.0
            x = st.left_indent + indent
            if st.align != "left":
                free = width - indent - self.width_of(a, b)
                x += free / 2 if st.align == "center" else free
            baseline = self.height - i * st.leading - (st.leading - 0.3 * st.size)
            target = None
            if st.justify and b < len(self.text) and st.align == "left":
                target = width - indent
            draw_line(canv, x, baseline, runs, st.size, st.color, spans=not whole, justify_to=target)
            if i == 0 and getattr(canv, "continuation_wanted", None):
                canv.continuation_wanted(self.first_words(a, b))
        if whole:
            end_actual_text(canv)

    def first_words(self, a: int, b: int) -> str:
        """The first word(s) of the line a..b, for the คำต่อ at the foot of the page before:
        up to the first break of at least four characters that is a space or a word boundary
        (never inside a compound or a glued unit such as "ระเบียบวาระที่ ๓")."""
        for cand in self._analysis().candidates:
            if cand.end - a >= 4 and cand.end <= b and cand.penalty <= PEN_WORD:
                return self.text[a:cand.end]
        return self.text[a:b]

    def line_texts(self) -> list[str]:
        """The text of each line as laid out by the last wrap (used by tests and checks)."""
        return [self.text[a:b] for a, b in self.lines]


class KeepHeading(CondPageBreak):
    """Put before a heading: starts a new page unless the heading and `lines_after` lines of
    what follows fit, so a heading is never orphaned at a page foot (keep-with-next that still
    lets the following paragraph or table split)."""

    def __init__(self, heading: Flowable, after: float | Flowable):
        super().__init__(0.0)
        self.heading = heading
        self.after = after

    def wrap(self, availWidth, availHeight):
        _, h = self.heading.wrap(availWidth, availHeight)
        after = self.after
        if not isinstance(after, (int, float)):
            after = start_height(after, availWidth)
        self.height = h + self.heading.getSpaceBefore() + after
        return super().wrap(availWidth, availHeight)


def start_height(flowable: Flowable, width: float, lines: int = 2) -> float:
    """The height of the start of `flowable` that must stay with a heading above it: a table's
    repeated header rows and first body row, a paragraph's first `lines` lines."""
    from reportlab.platypus import Table

    if isinstance(flowable, Table):
        flowable.wrap(width, 1e6)
        heights = flowable._rowHeights  # noqa: SLF001
        return sum(heights[:flowable.repeatRows + 1]) if heights else 0.0
    if isinstance(flowable, ThaiPara):
        flowable.wrap(width, 1e6)
        return flowable.getSpaceBefore() + min(lines, len(flowable.lines)) * flowable.style.leading
    _, h = flowable.wrap(width, 1e6)
    return h
