"""The overview's pictures, painted with QPainter (no plotting library: the bundle stays slim):
per-district bars of the month (disbursed % of approved, physical progress) and the fiscal
year's line, month by month, October to September. Plain data in (services.overview Bar and
LinePoint); the application font (Sarabun) for the Thai labels. Late districts sit on the
table's yellow, silent ones on its red, their names marked in words too (not colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from tambon_desktop.core import palette
from tambon_desktop.services import overview as ov
from tambon_desktop.ui.signals import emit
from tambon_desktop.ui.strings import tr

DISBURSED, PHYSICAL, LATE, SILENT, GRID = (QColor(c) for c in (
    palette.DISBURSED, palette.PHYSICAL, palette.LATE, palette.SILENT, palette.GRID))
TEXT = QColor("#202020")
MUTED = QColor("#6b6b6b")
SILENT_TEXT = QColor("#a4262c")
LATE_TEXT = QColor("#7a5d00")
PAD = 6.0


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _legend(p: QPainter, x: float, y: float, items: list[tuple[QColor, str, bool]],
            right: float) -> float:
    """Swatches and their words from (x, y), onto a new line where one would pass `right`;
    returns the height taken. A `dashed` item is drawn as a dashed line (a district's line)."""
    fm = QFontMetricsF(p.font())
    h = fm.height()
    left, top = x, y
    for color, text, dashed in items:
        width = 22 + fm.horizontalAdvance(text)
        if x > left and x + width > right:
            x, y = left, y + h
        if dashed:
            p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, y + h / 2), QPointF(x + 18, y + h / 2))
        else:
            p.fillRect(QRectF(x, y + h * 0.2, 18, h * 0.6), color)
        p.setPen(TEXT)
        p.drawText(QPointF(x + 22, y + fm.ascent()), text)
        x += width + 16
    return y + h - top


class BarChart(QWidget):
    """One band per district: two horizontal bars on a 0–100 % scale, the value after each.
    A click on a band chooses its district (`chosen`)."""

    chosen = Signal(str)  # district code

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: list[ov.Bar] = []
        self.selected = ""  # district code outlined (the table's current row)
        self.setMouseTracking(True)
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[ov.Bar]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def set_selected(self, code: str) -> None:
        self.selected = code
        self.update()

    # -- geometry --------------------------------------------------------------------------
    def _row(self) -> float:
        return max(QFontMetricsF(self.font()).height() * 1.7, 26.0)

    def _top(self) -> float:
        return QFontMetricsF(self.font()).height() * 2 + PAD * 2  # legend, then the scale

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(560, int(self._top() + self._row() * max(len(self.bars), 1) + PAD))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, self.sizeHint().height())

    def _name_width(self, fm: QFontMetricsF) -> float:
        names = [self._name(b) for b in self.bars] or [""]
        return min(max(fm.horizontalAdvance(n) for n in names) + PAD * 2, self.width() * 0.4)

    @staticmethod
    def _name(bar: ov.Bar) -> str:
        if bar.silent:
            return f"{bar.name} ({tr('overview.silent')})"
        if bar.late:
            return f"{bar.name} ({tr('overview.late')})"
        return bar.name

    def row_at(self, y: float) -> int:
        i = int((y - self._top()) // self._row())
        return i if 0 <= i < len(self.bars) and y >= self._top() else -1

    def band(self, code: str) -> QRectF:
        """Where a district's band is (an empty rectangle when it has none)."""
        for i, bar in enumerate(self.bars):
            if bar.code == code:
                return QRectF(0, self._top() + i * self._row(), self.width(), self._row())
        return QRectF()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        i = self.row_at(event.position().y())
        if i >= 0:
            emit(self.chosen, self.bars[i].code)
        super().mousePressEvent(event)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetricsF(self.font())
        _legend(p, PAD, PAD, [(DISBURSED, tr("chart.disbursed"), False),
                              (PHYSICAL, tr("chart.physical"), False),
                              (LATE, tr("overview.late"), False),
                              (SILENT, tr("chart.silent"), False)], 10_000)
        left = self._name_width(fm)
        value_room = fm.horizontalAdvance("100.0") + PAD * 2
        span = max(self.width() - left - value_room - PAD, 40.0)
        top, row = self._top(), self._row()
        self._scale(p, fm, left, span, top, row * len(self.bars))
        for i, bar in enumerate(self.bars):
            self._band(p, fm, bar, QRectF(0, top + i * row, self.width(), row), left, span)
        p.end()

    def _scale(self, p: QPainter, fm: QFontMetricsF, left: float, span: float, top: float,
               height: float) -> None:
        for k in range(0, 101, 25):
            x = left + span * k / 100
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x, top), QPointF(x, top + height))
            p.setPen(MUTED)
            label = f"{k}%"
            p.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, top - PAD), label)

    def _band(self, p: QPainter, fm: QFontMetricsF, bar: ov.Bar, band: QRectF, left: float,
              span: float) -> None:
        if bar.silent or bar.late:
            p.fillRect(band, SILENT if bar.silent else LATE)
        if bar.code == self.selected:
            p.setPen(QPen(TEXT, 2))
            p.drawRect(band.adjusted(1, 1, -1, -1))
        p.setPen(SILENT_TEXT if bar.silent else LATE_TEXT if bar.late else TEXT)
        name = fm.elidedText(self._name(bar), Qt.TextElideMode.ElideRight, left - PAD * 2)
        p.drawText(QRectF(PAD, band.top(), left - PAD * 2, band.height()),
                   int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), name)
        thick = (band.height() - 6) / 2
        if bar.disbursed is None and bar.physical is None:
            p.setPen(MUTED)
            p.drawText(QRectF(left + PAD, band.top(), span, band.height()),
                       int(Qt.AlignmentFlag.AlignVCenter), tr("chart.no_report"))
            return
        for k, (value, color) in enumerate(((bar.disbursed, DISBURSED),
                                            (bar.physical, PHYSICAL))):
            y = band.top() + 3 + k * thick
            width = span * min(max(value or 0.0, 0.0), 100.0) / 100
            p.fillRect(QRectF(left, y, width, thick - 1), color)
            p.setPen(TEXT)
            p.drawText(QRectF(left + width + 4, y - 2, 80, thick + 2),
                       int(Qt.AlignmentFlag.AlignVCenter), _pct(value))

    def event(self, e) -> bool:
        if e.type() == e.Type.ToolTip:
            i = self.row_at(e.position().y() if hasattr(e, "position") else e.pos().y())
            if i >= 0:
                b = self.bars[i]
                QToolTip.showText(e.globalPos(), tr(
                    "chart.tip", name=b.name, disbursed=_pct(b.disbursed),
                    physical=_pct(b.physical)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class LineChart(QWidget):
    """The fiscal year, October to September: the scope's disbursed % and physical progress
    (solid), the chosen district's (dashed), the month shown marked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[ov.LinePoint] = []
        self.district: list[ov.LinePoint] = []
        self.district_name = ""
        self.month = ""
        self.setMinimumSize(360, 220)

    def set_line(self, points: list[ov.LinePoint], month: str,
                 district: list[ov.LinePoint] | None = None, district_name: str = "") -> None:
        self.points, self.month = list(points), month
        self.district, self.district_name = list(district or []), district_name
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 260)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetricsF(self.font())
        items = [(DISBURSED, tr("chart.disbursed_short"), False),
                 (PHYSICAL, tr("chart.physical_short"), False)]
        if self.district:
            items.append((TEXT, tr("chart.district_line", name=self.district_name), True))
        h = _legend(p, PAD, PAD, items, self.width() - PAD)
        plot = QRectF(fm.horizontalAdvance("100%") + PAD * 2, PAD * 2 + h + fm.height() * 0.5,
                      0, 0)
        plot.setRight(self.width() - PAD * 2)
        plot.setBottom(self.height() - fm.height() - PAD * 2)
        if plot.width() < 40 or plot.height() < 40 or not self.points:
            p.end()
            return
        self._axes(p, fm, plot)
        for series, style in ((self.points, Qt.PenStyle.SolidLine),
                              (self.district, Qt.PenStyle.DashLine)):
            for attr, color in (("disbursed", DISBURSED), ("physical", PHYSICAL)):
                self._series(p, plot, [getattr(pt, attr) for pt in series], color, style)
        p.end()

    def _x(self, plot: QRectF, i: int) -> float:
        n = max(len(self.points) - 1, 1)
        return plot.left() + plot.width() * i / n

    def _axes(self, p: QPainter, fm: QFontMetricsF, plot: QRectF) -> None:
        for k in range(0, 101, 25):
            y = plot.bottom() - plot.height() * k / 100
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(MUTED)
            label = f"{k}%"
            p.drawText(QPointF(plot.left() - PAD - fm.horizontalAdvance(label),
                               y + fm.ascent() / 2 - 1), label)
        room = plot.width() / max(len(self.points) - 1, 1)
        step = 1 if fm.horizontalAdvance("ต.ค. 64") * 1.15 < room else 2
        here = next((i for i, pt in enumerate(self.points) if pt.month == self.month), 0)
        for i, pt in enumerate(self.points):
            x = self._x(plot, i)
            if i == here and pt.month == self.month:
                p.setPen(QPen(TEXT, 1, Qt.PenStyle.DotLine))
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            if (i - here) % step:  # every other month when narrow, the month shown among them
                continue
            bold = pt.month == self.month
            font = p.font()
            font.setBold(bold)
            p.setFont(font)
            p.setPen(TEXT if bold else MUTED)
            w = QFontMetricsF(font).horizontalAdvance(pt.label)
            x = min(max(x - w / 2, 0.0), self.width() - w)
            p.drawText(QPointF(x, plot.bottom() + fm.ascent() + PAD), pt.label)
            font.setBold(False)
            p.setFont(font)

    def _series(self, p: QPainter, plot: QRectF, values: list[float | None], color: QColor,
                style: Qt.PenStyle) -> None:
        """A line through the months that have a value (a gap where one has none), a dot on
        each."""
        path, drawing = QPainterPath(), False
        dots = []
        for i, value in enumerate(values):
            if value is None:
                drawing = False
                continue
            pt = QPointF(self._x(plot, i),
                         plot.bottom() - plot.height() * min(max(value, 0.0), 100.0) / 100)
            path.lineTo(pt) if drawing else path.moveTo(pt)
            drawing = True
            dots.append(pt)
        p.setPen(QPen(color, 2.5 if style == Qt.PenStyle.SolidLine else 2, style))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(color)
        p.setPen(Qt.PenStyle.NoPen)
        radius = 3.5 if style == Qt.PenStyle.SolidLine else 2.5
        for pt in dots:
            p.drawEllipse(pt, radius, radius)
