"""Sarabun registration, the shaping start-up check and shaped text measurement.

Every Thai string in our PDFs is shaped by HarfBuzz (via ReportLab's uharfbuzz support); this
module refuses to go on when shaping is not active, because unshaped Thai is visibly wrong
(tone marks on top of upper vowels, ญ keeping its tail over ู).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.paths import resource_path

FAMILY = "Sarabun"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    "Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-BoldItalic",
)
_FILES = {
    REGULAR: "Sarabun-Regular.ttf",
    BOLD: "Sarabun-Bold.ttf",
    ITALIC: "Sarabun-Italic.ttf",
    BOLD_ITALIC: "Sarabun-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False
_hb_fonts: dict[str, object] = {}
_widths: dict[tuple[str, str], float] = {}  # (font, text) -> advance in em


class ShapingUnavailable(KnownError):
    pass


def register_fonts() -> None:
    """Register the Sarabun family once (real bold via registerFontFamily) and check shaping."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            if name not in (REGULAR, BOLD):
                continue  # nothing prints italic: registering them cost a fresh process ~20 ms
            try:
                path = resource_path("resources", "fonts", filename)
            except FileNotFoundError:
                raise KnownError(
                    f"ไม่พบแบบอักษร {filename} ในโฟลเดอร์ resources/fonts",
                    f"font file missing: resources/fonts/{filename}",
                ) from None
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(FAMILY, bold, italic, name)
        _check_shaping_registered()
        _registered = True


def _check_shaping_registered() -> None:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        raise ShapingUnavailable(
            "ไม่สามารถจัดรูปอักษรไทยได้ (ไม่มีโมดูล uharfbuzz) จึงไม่พิมพ์เอกสาร เพราะวรรณยุกต์และสระจะวางผิดที่",
            "Thai shaping is not active: the uharfbuzz module is missing. Refusing to print "
            "unshaped Thai (tone marks and vowels would be misplaced). Install uharfbuzz.",
        ) from None
    for name in (REGULAR, BOLD):
        font = pdfmetrics.getFont(name)
        if not getattr(font, "shapable", False):
            raise ShapingUnavailable(
                f"แบบอักษร {name} ไม่รองรับการจัดรูปอักษรไทย (shapable=False)",
                f"Thai shaping is not active for font {name} (TTFont.shapable is False); "
                "check that uharfbuzz imports and the font is a TrueType (glyf) font.",
            )


def check_shaping() -> None:
    """Fail loudly (ShapingUnavailable, a KnownError) unless HarfBuzz shaping is active."""
    register_fonts()
    _check_shaping_registered()
    # A real shaping round: ที่ must use the lowered tone mark variant of Sarabun.
    from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

    shaped = shapeStr("ที่", REGULAR, 16)
    if not isinstance(shaped, ShapedStr):
        raise ShapingUnavailable(
            "การจัดรูปอักษรไทยไม่ทำงาน (ผลลัพธ์ไม่ได้ผ่าน HarfBuzz)",
            "Thai shaping is not active: HarfBuzz did not reposition the tone mark in ที่.",
        )


def _hb_font(name: str):
    font = _hb_fonts.get(name)
    if font is None:
        import uharfbuzz as hb

        face = pdfmetrics.getFont(name).hbFace
        font = hb.Font(face)
        _hb_fonts[name] = (font, face.upem)
        font = _hb_fonts[name]
    return font


def text_width_em(text: str, font: str = REGULAR) -> float:
    """Shaped advance width of `text` in em (cached per font and string)."""
    key = (font, text)
    width = _widths.get(key)
    if width is None:
        import uharfbuzz as hb

        hbfont, upem = _hb_font(font)
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(hbfont, buf, {"kern": True, "liga": True})
        width = sum(p.x_advance for p in buf.glyph_positions) / upem
        if len(_widths) > 200_000:
            _widths.clear()
        _widths[key] = width
    return width


def text_width(text: str, font: str, size: float) -> float:
    return text_width_em(text, font) * size


def has_glyph(char: str, font: str = REGULAR) -> bool:
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph
