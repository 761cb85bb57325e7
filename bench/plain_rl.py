"""Plain ReportLab, the baseline of bench_pdf.py: Paragraphs and Tables built from plain data
(no shaping, no Thai segmentation), imported in-process and by a fresh interpreter."""

from __future__ import annotations


def build_plain(spec, landscape_page=False):
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    align = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
    styles = {}

    def para(p):
        _, text, font, size, leading, first, left, al, before = p
        key = (font, size, leading, first, left, al, before)
        if key not in styles:
            styles[key] = ParagraphStyle("p", fontName=font, fontSize=size, leading=leading, shaping=0,
                                         firstLineIndent=first, leftIndent=left, alignment=align[al],
                                         spaceBefore=before)
        return Paragraph(escape(text), styles[key])

    story = []
    for item in spec:
        if item[0] == "p":
            story.append(para(item))
        else:
            rows = [[para(c) if c else "" for c in row] for row in item[1]]
            story.append(Table(rows, colWidths=item[2], hAlign="LEFT"))
    buf = io.BytesIO()
    size = landscape(A4) if landscape_page else A4
    SimpleDocTemplate(buf, pagesize=size, leftMargin=85, rightMargin=57, topMargin=71,
                      bottomMargin=57).build(story)
    return buf.getvalue()


def register_plain_fonts():
    from pathlib import Path

    import fontpkg_sarabun as fp  # the same TTFs as the app
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    folder = Path(fp.__file__).parent
    for name, file in (("Sarabun", "Sarabun-Regular.ttf"), ("Sarabun-Bold", "Sarabun-Bold.ttf")):
        if name in pdfmetrics.getRegisteredFontNames():
            continue  # in-process: the app's own registration of the same file
        path = next(folder.rglob(file))
        pdfmetrics.registerFont(TTFont(name, str(path)))
