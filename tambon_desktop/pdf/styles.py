"""Page geometry and paragraph styles of Thai official documents (DOMAIN.md §1.6), and the
page decorations: "- ๒ -" centred at the top from page 2, and the "ร่าง" draft watermark."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from tambon_desktop.core.thai import digits
from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.flow import PStyle, draw_line, line_width

SIZE = 16.0
LEADING = 24.8  # 1.55 em
INDENT = 2.5 * cm  # the customary first-line indent (ย่อหน้า)
MARGINS = {"left": 3 * cm, "right": 2 * cm, "top": 2.5 * cm, "bottom": 2 * cm}
TEXT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # portrait (16 cm)
LANDSCAPE_MARGINS = {**MARGINS, "left": 2 * cm, "top": 2 * cm}
LANDSCAPE_TEXT_WIDTH = A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]
PAGE_NUMBER_FROM_TOP = 1.5 * cm
PAGE_NUMBER_SIZE = 14.0
WATERMARK = "ร่าง"
WATERMARK_COLOR = Color(0.6, 0.6, 0.6, alpha=0.22)


@dataclass(frozen=True)
class Styles:
    body: PStyle
    para: PStyle  # body paragraph with first-line indent
    title: PStyle
    center: PStyle
    heading: PStyle
    label: PStyle
    cell: PStyle
    cell_center: PStyle
    small: PStyle


JUSTIFIED_SLACK_WEIGHT = 2000.0  # justified lines: a loose line costs more than a word break


def make_styles(size: float = SIZE, justify: bool = False) -> Styles:
    """`justify`: body paragraphs (para) in Thai distributed justification."""
    leading = round(size * 1.55, 2)
    body = PStyle(size=size, leading=leading)
    para = body.but(first_indent=INDENT)
    if justify:
        para = para.but(justify=True, slack_weight=JUSTIFIED_SLACK_WEIGHT)
    return Styles(
        body=body,
        para=para,
        title=body.but(font=fonts.BOLD, align="center", slack_weight=100.0, size=size + 2, leading=round((size + 2) * 1.55, 2)),
        center=body.but(align="center", slack_weight=100.0),
        heading=body.but(font=fonts.BOLD, space_before=size * 0.4),
        label=body.but(font=fonts.BOLD, space_before=size * 0.3),
        cell=body.but(whole_span=True),
        cell_center=body.but(align="center", slack_weight=100.0, whole_span=True),
        small=body.but(size=size - 2, leading=round((size - 2) * 1.55, 2)),
    )


class OfficialDoc(BaseDocTemplate):
    """A4 with the official margins; decorations drawn as shaped lines."""

    def __init__(self, buffer, *, thai_digits: bool, draft: bool, title: str,
                 landscape_page: bool = False, page_numbers: bool = True,
                 continuation: bool = False, watermark: str = WATERMARK):
        pagesize = landscape(A4) if landscape_page else A4
        margins = MARGINS if not landscape_page else LANDSCAPE_MARGINS
        super().__init__(
            buffer, pagesize=pagesize, leftMargin=margins["left"], rightMargin=margins["right"],
            topMargin=margins["top"], bottomMargin=margins["bottom"], title=title,
            author="Tambon Desktop", creator="Tambon Desktop", lang="th",
            invariant=True, initialFontName=fonts.REGULAR, initialFontSize=SIZE,
        )
        self.thai_digits = thai_digits
        self.draft = draft
        self.watermark = watermark
        self.page_numbers = page_numbers
        self.continuation = continuation
        self._cont_forms: set[str] = set()  # used at page feet
        self._cont_defined: set[str] = set()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate,
                                            onPageEnd=self._page_end)])

    # -- คำต่อ: the next page's first word(s) at the foot, "/ระเบียบวาระที่ ๓…" ----------------
    # The foot of page n shows form "cont<n>", defined when page n+1 draws its first line
    # (PDF forms may be defined after use); feet left without a word (the last page) get an
    # empty form when the build ends.
    def _page_end(self, canv, doc) -> None:
        if not self.continuation:
            return
        name = f"cont{canv.getPageNumber()}"
        self._cont_forms.add(name)
        canv.saveState()
        canv.translate(self.pagesize[0] - self.rightMargin, self.bottomMargin - 0.9 * cm)
        canv.doForm(name)
        canv.restoreState()

    def _continuation_word(self, name: str, word: str) -> None:
        self.canv.continuation_wanted = None
        text = "/" + digits(word.strip(), self.thai_digits) + "…"
        runs = [(text, fonts.REGULAR)]
        width = line_width(runs, SIZE)
        self._define_form(name, lambda c: draw_line(c, -width, 0, runs, SIZE, one_span=True))

    def _define_form(self, name: str, paint) -> None:
        canv = self.canv
        canv.beginForm(name, lowerx=-self.width, lowery=-SIZE, upperx=0, uppery=2 * SIZE)
        paint(canv)
        canv.endForm()
        self._cont_defined.add(name)

    def _endBuild(self) -> None:  # noqa: N802 (ReportLab's name)
        if not self.continuation:
            return super()._endBuild()
        self._doSave = 0
        super()._endBuild()
        for name in sorted(self._cont_forms - self._cont_defined):
            self._define_form(name, lambda c: None)
        self.canv.save()
        return None

    def _decorate(self, canv, doc) -> None:
        canv.saveState()
        width, height = self.pagesize
        if self.draft:
            draw_watermark(canv, width, height, self.watermark)
        page = canv.getPageNumber()
        if self.continuation and page >= 2:  # the page before awaits this page's first word
            canv.continuation_wanted = partial(self._continuation_word, f"cont{page - 1}")
        if self.page_numbers and page >= 2:
            text = f"- {digits(page, self.thai_digits)} -"
            runs = [(text, fonts.REGULAR)]
            w = line_width(runs, PAGE_NUMBER_SIZE)
            draw_line(canv, (width - w) / 2, height - PAGE_NUMBER_FROM_TOP, runs, PAGE_NUMBER_SIZE,
                      one_span=True)
        canv.restoreState()


def draw_watermark(canv, width: float, height: float, text: str = WATERMARK) -> None:
    size = 150.0 if len(text) <= 4 else 110.0
    runs = [(text, fonts.BOLD)]
    w = line_width(runs, size)
    canv.saveState()
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    draw_line(canv, -w / 2, -size * 0.3, runs, size, WATERMARK_COLOR)
    canv.restoreState()
