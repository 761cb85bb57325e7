"""The province report's pictures, drawn on the page's canvas from plain data: per-district
bars of the month (disbursed % of approved, physical progress) and the fiscal year's line,
October to September. Labels go through the minutes' shaped drawing (flow.draw_line: HarfBuzz,
exact extraction), digits Thai or Arabic like the rest of the document. Late and silent
districts sit on a tinted band and say so in words (a grey printer keeps them apart)."""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.platypus.flowables import Flowable

from tambon_desktop.core import palette
from tambon_desktop.core.thai import digits
from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.flow import draw_line

DISBURSED, PHYSICAL, LATE, SILENT, GRID = (HexColor(c) for c in (
    palette.DISBURSED, palette.PHYSICAL, palette.LATE, palette.SILENT, palette.GRID))
MUTED = HexColor("#555555")
SIZE = 11.0  # label size, points
ROW = 24.0  # one district's band: two bars, each tall enough for its value
PAD = 4.0


def _text(canv, x: float, y: float, text: str, *, size: float = SIZE, bold: bool = False,
          color: Color = black, align: str = "left") -> float:
    """One shaped line with its baseline at y; x is its left, centre or right end."""
    font = fonts.BOLD if bold else fonts.REGULAR
    width = fonts.text_width(text, font, size)
    if align != "left":
        x -= width / 2 if align == "center" else width
    draw_line(canv, x, y, [(text, font)], size, color, one_span=True)
    return width


def _legend(canv, x: float, y: float, items: list[tuple[Color, str, bool]]) -> None:
    """Swatches and words on one line (baseline y); a `dashed` item as a dashed line."""
    for color, text, dashed in items:
        if dashed:
            canv.setStrokeColor(color)
            canv.setDash(3, 2)
            canv.setLineWidth(1.5)
            canv.line(x, y + 3, x + 14, y + 3)
            canv.setDash()
        else:
            canv.setFillColor(color)
            canv.setStrokeColor(GRID if color in (LATE, SILENT) else color)
            canv.rect(x, y - 1, 14, 8, fill=1, stroke=1)
        x += 18 + _text(canv, x + 18, y, text) + 14


def _pct(value: float | None, t: bool) -> str:
    return "-" if value is None else digits(f"{value:.1f}", t)


class DistrictBars(Flowable):
    """Horizontal bars, one band per district ({name, disbursed, physical, late, silent}):
    a legend and a 0–100 scale on top; splits between bands across pages."""

    def __init__(self, bars: list[dict], width: float, *, thai_digits: bool = True,
                 words: dict[str, str] | None = None):
        super().__init__()
        self.bars, self.width, self.t = bars, width, thai_digits
        self.words = {"disbursed": "เบิกจ่าย (ร้อยละของงบอนุมัติ)",
                      "physical": "ผลการดำเนินงาน (ร้อยละ)", "late": "ส่งล่าช้า",
                      "silent": "เงียบเกิน ๒๑ วัน" if thai_digits else "เงียบเกิน 21 วัน",
                      "none": "ไม่มีรายงานเดือนนี้", **(words or {})}
        self.top = SIZE * 3.6  # legend line, scale line

    def wrap(self, availWidth, availHeight):
        self.height = self.top + ROW * len(self.bars) + PAD
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fit = int((availHeight - self.top - PAD) // ROW)
        if fit < 3 or fit >= len(self.bars):
            return [] if fit < 3 else [self]
        return [DistrictBars(self.bars[:fit], self.width, thai_digits=self.t, words=self.words),
                DistrictBars(self.bars[fit:], self.width, thai_digits=self.t, words=self.words)]

    def _name(self, bar: dict) -> str:
        flag = "เงียบ" if bar["silent"] else "ส่งล่าช้า" if bar["late"] else ""
        return f"{bar['name']} ({flag})" if flag else bar["name"]

    def draw(self):
        canv = self.canv
        w = self.words
        top_y = self.height - SIZE * 1.2
        _legend(canv, 0, top_y, [(DISBURSED, w["disbursed"], False),
                                 (PHYSICAL, w["physical"], False), (LATE, w["late"], False),
                                 (SILENT, w["silent"], False)])
        left = max(fonts.text_width(self._name(b), fonts.REGULAR, SIZE) for b in self.bars) + 8
        span = self.width - left - fonts.text_width("100.0", fonts.REGULAR, SIZE) - 8
        band_top = self.height - self.top
        canv.setLineWidth(0.5)
        for k in range(0, 101, 25):
            x = left + span * k / 100
            canv.setStrokeColor(GRID)
            canv.line(x, band_top, x, band_top - ROW * len(self.bars))
            _text(canv, x, band_top + 3, digits(f"{k}%", self.t), color=MUTED, align="center")
        for i, bar in enumerate(self.bars):
            self._band(canv, bar, band_top - (i + 1) * ROW, left, span)

    def _band(self, canv, bar: dict, y: float, left: float, span: float) -> None:
        if bar["silent"] or bar["late"]:
            canv.setFillColor(SILENT if bar["silent"] else LATE)
            canv.rect(0, y, self.width, ROW, fill=1, stroke=0)
        _text(canv, 2, y + ROW / 2 - SIZE * 0.3, self._name(bar), bold=bar["silent"])
        if bar["disbursed"] is None and bar["physical"] is None:
            _text(canv, left + PAD, y + ROW / 2 - SIZE * 0.3, self.words["none"], color=MUTED)
            return
        thick = (ROW - 4) / 2
        for k, (value, color) in enumerate(((bar["disbursed"], DISBURSED),
                                            (bar["physical"], PHYSICAL))):
            by = y + ROW - 2 - (k + 1) * thick
            width = span * min(max(value or 0.0, 0.0), 100.0) / 100
            canv.setFillColor(color)
            canv.rect(left, by, width, thick - 0.8, fill=1, stroke=0)
            _text(canv, left + width + 3, by + 2.2, _pct(value, self.t), size=SIZE * 0.8)


class YearLine(Flowable):
    """The fiscal year month by month ({label, disbursed, physical} × 12): two lines on a
    0–100 scale, a gap where a month has no report, the report's month marked."""

    def __init__(self, points: list[dict], month: str, width: float, height: float = 190.0, *,
                 thai_digits: bool = True):
        super().__init__()
        self.points, self.month, self.t = points, month, thai_digits
        self.width, self.height = width, height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canv = self.canv
        t = self.t
        _legend(canv, 0, self.height - SIZE, [(DISBURSED, "เบิกจ่าย (ร้อยละของงบอนุมัติ)", False),
                                              (PHYSICAL, "ผลการดำเนินงาน (ร้อยละ)", False)])
        left = fonts.text_width(digits("100%", t), fonts.REGULAR, SIZE) + 8
        bottom, top = SIZE * 2, self.height - SIZE * 2.5
        right = self.width - 20
        canv.setLineWidth(0.5)
        for k in range(0, 101, 25):
            y = bottom + (top - bottom) * k / 100
            canv.setStrokeColor(GRID)
            canv.line(left, y, right, y)
            _text(canv, left - 4, y - SIZE * 0.3, digits(f"{k}%", t), color=MUTED, align="right")
        n = max(len(self.points) - 1, 1)
        xs = [left + (right - left) * i / n for i in range(len(self.points))]
        for x, p in zip(xs, self.points, strict=True):
            here = p["month"] == self.month
            if here:
                canv.setStrokeColor(black)
                canv.setDash(1, 2)
                canv.line(x, bottom, x, top)
                canv.setDash()
            _text(canv, x, bottom - SIZE * 1.2, digits(p["label"], t), bold=here,
                  color=black if here else MUTED, align="center")
        for key, color in (("disbursed", DISBURSED), ("physical", PHYSICAL)):
            self._series(canv, xs, [p[key] for p in self.points], color, bottom, top)

    def _series(self, canv, xs, values, color, bottom: float, top: float) -> None:
        canv.setStrokeColor(color)
        canv.setFillColor(color)
        canv.setLineWidth(1.8)
        path, drawing = canv.beginPath(), False
        dots = []
        for x, value in zip(xs, values, strict=True):
            if value is None:
                drawing = False
                continue
            y = bottom + (top - bottom) * min(max(value, 0.0), 100.0) / 100
            path.lineTo(x, y) if drawing else path.moveTo(x, y)
            drawing = True
            dots.append((x, y))
        canv.drawPath(path, stroke=1, fill=0)
        for x, y in dots:
            canv.circle(x, y, 2.2, stroke=0, fill=1)
        canv.setFillColor(white)
