"""Tables laid out from their content (every table of every document goes through here).

Each column is measured on its cells (shaped widths, the document's line breaker):
`natural` is its widest cell on one line, `least` its widest unbreakable unit (a list number,
a money amount, a name part, a dictionary word glued by the rules). Widths start at `least`;
what is left goes to the columns in priority order up to their natural width (the attendee
table: numbers, then names, then roles), and what remains to the columns that take the rest
(positions); `balance` then shares two columns' width for the fewest lines in all. If even the
least widths do not fit, the columns that take the rest give first, then the others that are
not whole, and a word wider than its cell breaks at a dictionary-word boundary, a compound's
inner word boundary, and only then between grapheme clusters (linebreak._emergency_cut).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Table, TableStyle

from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.flow import ThaiPara

PAD = 3.0  # left and right cell padding, points
MIN_SHARE = 0.3  # in balance(), neither column gets less than this share of the two


@dataclass(frozen=True)
class Col:
    priority: int = 9  # lower first: gets its natural width before higher ones
    rest: bool = False  # takes what is left at the end
    whole: bool = False  # never narrower than its natural width (numbers, money, names)


def _measure(cells: Sequence[object], compounds: bool = False) -> tuple[float, float]:
    natural = least = 0.0
    for cell in cells:
        if isinstance(cell, ThaiPara):
            natural = max(natural, cell.natural_width())
            least = max(least, cell.min_width(compounds))
    return natural + 2 * PAD + 0.5, least + 2 * PAD + 0.5


def _hard(cells: Sequence[object]) -> float:
    widest = max((c.hard_width() for c in cells if isinstance(c, ThaiPara)), default=0.0)
    return widest + 2 * PAD + 0.5 if widest else 0.0


def _floors(rows, cols, skip, header_rows) -> tuple[list[float], list[float], list[float]]:
    """(natural, least, floor) of each column; floor: what must not break (header words,
    names, places, numbers) or, for a whole column, all of it."""
    natural, least, floors = [], [], []
    for c, col in enumerate(cols):
        body = [r[c] for i, r in enumerate(rows) if i >= header_rows and (i, c) not in skip]
        head = [r[c] for i, r in enumerate(rows) if i < header_rows and (i, c) not in skip]
        nat, low = _measure(body)
        floor = max(_measure(head, compounds=True)[1], _hard(body), nat if col.whole else 0.0)
        natural.append(max(nat, floor))
        least.append(max(low, floor))
        floors.append(floor)
    return natural, least, floors


def floors_fit(rows: Sequence[Sequence[object]], cols: Sequence[Col], total: float,
               skip: set[tuple[int, int]] = frozenset(), header_rows: int = 0) -> bool:
    """Whether every column can hold what must not break in it, side by side in `total`."""
    return sum(_floors(rows, cols, skip, header_rows)[2]) <= total


def auto_widths(rows: Sequence[Sequence[object]], cols: Sequence[Col], total: float,
                skip: set[tuple[int, int]] = frozenset(), header_rows: int = 0) -> list[float]:
    """Column widths for `rows` (cells: ThaiPara, '' or other flowables) within `total` points.
    `skip` holds (row, col) cells that span columns and are not measured; header cells count
    only with their widest word (a header may wrap, a money amount may not)."""
    natural, least, floors = _floors(rows, cols, skip, header_rows)
    widths = list(least)
    if sum(widths) > total:
        return _shrink(widths, floors, cols, total)
    left = total - sum(widths)
    for prio in sorted({c.priority for c in cols}):
        group = [i for i, c in enumerate(cols) if c.priority == prio]
        want = sum(max(natural[i] - widths[i], 0.0) for i in group)
        if want <= 0:
            continue
        give = min(left, want)
        for i in group:
            widths[i] += max(natural[i] - widths[i], 0.0) * give / want
        left -= give
    if left > 0.01:
        takers = [i for i, c in enumerate(cols) if c.rest] or list(range(len(cols)))
        base = sum(widths[i] for i in takers)
        for i in takers:
            widths[i] += left * widths[i] / base if base else left / len(takers)
    return widths


def balance(rows: Sequence[Sequence[object]], widths: list[float], a: int, b: int,
            skip: set[tuple[int, int]] = frozenset(), steps: int = 12) -> list[float]:
    """Share the width of columns a and b so the rows take the fewest lines in all (a role
    on two lines rather than a position on three); ties keep column a wider."""
    pair = widths[a] + widths[b]
    lows = [min(_measure([r[c] for i, r in enumerate(rows) if (i, c) not in skip])[1], MIN_SHARE * pair)
            for c in (a, b)]
    natural_a = _measure([r[a] for i, r in enumerate(rows) if (i, a) not in skip])[0]
    lo, hi = lows[0], min(pair - lows[1], natural_a)  # column a never wider than its widest cell
    if hi <= lo:
        return widths

    def lines(cell, width):
        if not isinstance(cell, ThaiPara) or not cell.text:
            return 0
        cell.wrap(width - 2 * PAD, 1e6)
        return len(cell.lines)

    costs = []
    for k in range(steps + 1):
        wa = hi - (hi - lo) * k / steps
        costs.append((sum(max(lines(r[a], wa) if (i, a) not in skip else 0,
                              lines(r[b], pair - wa) if (i, b) not in skip else 0)
                          for i, r in enumerate(rows)), wa))
    least = min(c for c, _ in costs)
    # the widest column a within 3 % of the fewest lines (a role on two lines, not three)
    best_width = max(wa for c, wa in costs if c <= least * 1.03)
    out = list(widths)
    out[a], out[b] = best_width, pair - best_width
    return out


def _shrink(widths: list[float], floors: list[float], cols: Sequence[Col], total: float) -> list[float]:
    """The least widths do not fit. The columns that take the rest give first, then the
    others that are not whole, each down to its floor (its header's widest word, its widest
    name, place or number, or its whole content): what is cut is room for a long word of the
    body, which then breaks at a dictionary word. Only if the floors themselves do not fit, every column shrinks."""
    widths = list(widths)
    for group in ([i for i, c in enumerate(cols) if c.rest], [i for i, c in enumerate(cols) if not c.whole]):
        excess = sum(widths) - total
        room = sum(max(widths[i] - floors[i], 0.0) for i in group)
        if excess <= 0 or room <= 0:
            continue
        take = min(excess, room)
        for i in group:
            widths[i] -= take * max(widths[i] - floors[i], 0.0) / room
    excess = sum(widths) - total
    free = [i for i, c in enumerate(cols) if not c.whole]
    room = sum(widths[i] for i in free)
    if excess > 0.01 and room > excess:  # numbers and money stay whole, the texts give
        widths = [w - excess * w / room if i in free else w for i, w in enumerate(widths)]
    elif excess > 0.01:
        widths = [w * total / sum(widths) for w in widths]
    return widths


class GroupTable(Table):
    """A table whose first column names a group on the group's first row only (a district
    above its projects): when the table splits across pages, the part on the new page names
    the group it goes on with on its first row, as a reader turning the page needs. The
    column is set whole (never narrower than its widest name), so the name takes one line
    and fits the row's measured height."""

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            done, rest = parts
            body = done._cellvalues[done.repeatRows:]  # noqa: SLF001
            name = next((row[0] for row in reversed(body) if row[0] not in ("", None)), None)
            top = rest._cellvalues[rest.repeatRows] if len(  # noqa: SLF001
                rest._cellvalues) > rest.repeatRows else None  # noqa: SLF001
            if name is not None and top is not None and top[0] in ("", None):
                top[0] = name
        return parts


def layout_table(rows: list[list[object]], cols: Sequence[Col], total: float, *,
                 style: Sequence[tuple] = (), skip: set[tuple[int, int]] = frozenset(),
                 repeat_rows: int = 0, h_align: str = "LEFT", size: float = 16.0,
                 balanced: tuple[int, int] | None = None, widths: list[float] | None = None,
                 padding: tuple[float, float] | None = None, grouped: bool = False) -> Table:
    """A table of `rows` whose column widths come from its content (or are `widths`).
    With `padding` (top, bottom: the style's cell padding) the row heights are measured here,
    once per cell, and given to ReportLab, which then never measures a row again as it
    splits a long table page after page (a 100-page table: a third of its build time).
    `grouped`: the first column names groups, repeated where a group goes on to a new page
    (GroupTable)."""
    if widths is None:
        widths = auto_widths(rows, cols, total, skip, header_rows=repeat_rows)
    if balanced:
        widths = balance(rows, widths, *balanced, skip=skip)
    heights = None if padding is None or skip else row_heights(rows, widths, *padding)
    table = (GroupTable if grouped else Table)(
        rows, colWidths=widths, rowHeights=heights, hAlign=h_align, splitByRow=1,
        repeatRows=repeat_rows, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, size),  # no stray Helvetica resource
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        *style,
    ]))
    return table


def row_heights(rows: Sequence[Sequence[object]], widths: Sequence[float], top: float,
                bottom: float) -> list[float]:
    """Each row's height as ReportLab measures it: its tallest cell wrapped to the column
    width less the side padding, plus the top and bottom padding (cells: ThaiPara or '')."""
    out = []
    for row in rows:
        tallest = 0.0
        for cell, width in zip(row, widths, strict=True):
            if isinstance(cell, ThaiPara):
                _, h = cell.wrap(width - 2 * PAD, 1e6)
                tallest = max(tallest, h + cell.getSpaceBefore() + cell.getSpaceAfter())
        out.append(tallest + top + bottom)
    return out
