"""Make shaped Thai extract as the characters it was typed as.

With shaping on, stock ReportLab (5.1.0) writes substituted glyphs (uni0E48.small,
yoYingthai.less, the ligature of ํ and ้) under private-use code points and maps them to those
code points in the ToUnicode CMap, so every extractor returns U+E000… junk; ำ comes back as
ํ + า and marks come back reordered. Two fixes, both reaching into ReportLab internals (the
version is pinned in uv.lock and tests/pdf/test_extraction.py round-trips the output):

1. `/ActualText` spans: each shaped word is wrapped in a marked-content span holding the exact
   source text (poppler's pdftotext, Acrobat and pdf.js use it).
2. ToUnicode entries: the private-use code points are mapped back to the real characters from
   the glyph name (fontTools AGL helpers, or the cmap of the base glyph for names such as
   yoYingthai.less), for extractors that ignore ActualText.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics, ttfonts

SUPPORTED_REPORTLAB = "5.1.0"
_installed = False
_lock = threading.Lock()
_original_cmap = ttfonts.makeToUnicodeCMap


def _utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()  # "" → FEFF: extracts as nothing


def begin_actual_text(target, text: str) -> None:
    """Open a marked-content span on a canvas or a text object (both keep a `_code` list)."""
    target._code.append(f"/Span <</ActualText <{_utf16_hex(text)}>>> BDC")  # noqa: SLF001


def end_actual_text(target) -> None:
    target._code.append("EMC")  # noqa: SLF001


def glyph_text(name: str, reverse_cmap: dict[str, int]) -> str:
    """'uni0E48.small' → '่', 'uni0E4D0E49' → 'ํ้', 'yoYingthai.less' → 'ญ'."""
    base = name.split(".", 1)[0]
    if base in reverse_cmap:
        return chr(reverse_cmap[base])
    hexes = base[3:] if base.startswith("uni") else ""
    if hexes and len(hexes) % 4 == 0 and all(c in "0123456789ABCDEF" for c in hexes):
        return "".join(chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4))  # uni0E4D0E49
    from fontTools import agl  # the other glyph-name forms (rare)

    return agl.toUnicode(base)


def _font_for(base_font_name: str):
    face_name = base_font_name.split("+", 1)[-1]
    for font_name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(font_name)
        face = getattr(font, "face", None)
        if face is not None and getattr(face, "name", b"") in (face_name, face_name.encode()):
            return font
    return None


_CMAP_RANGES = ((0x20, 0x7F), (0xA0, 0x100), (0x0E00, 0x0E80), (0x2000, 0x2070), (0x25CC, 0x25CD))


def _reverse_cmap(font) -> dict[str, int]:
    """Glyph name → code point of the characters these documents print (Latin, Thai,
    punctuation), read through HarfBuzz (already loaded for shaping; fontTools is slower)."""
    import uharfbuzz as hb

    hb_font = hb.Font(font.hbFace)
    out = {}
    for low, high in _CMAP_RANGES:
        for cp in range(low, high):
            gid = hb_font.get_nominal_glyph(cp)
            if gid:
                name = hb_font.get_glyph_name(gid)
                if name:
                    out.setdefault(name, cp)
    return out


def _private_map(font) -> dict[int, str]:
    """Private-use code point → real text for the substituted glyphs ReportLab has seen."""
    names = getattr(font, "_TTFont__hbUnis", None) or {}
    if not names:
        return {}
    cache = font.__dict__.setdefault("_tambon_reverse_cmap", {})
    if not cache:
        cache.update(_reverse_cmap(font))
    out = {}
    for name, code in names.items():
        text = glyph_text(name, cache)
        if text:
            out[code] = text
    return out


def _to_unicode_cmap(fontname, subset):
    font = _font_for(fontname)
    private = _private_map(font) if font is not None else {}
    body = _original_cmap(fontname, subset)
    if not private:
        return body
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("<") and "> <" in line:
            code_hex, value_hex = line[1:-1].split("> <")
            value = int(value_hex, 16)
            if value in private:
                lines[i] = f"<{code_hex}> <{private[value].encode('utf-16-be').hex().upper()}>"
    return "\n".join(lines)


def install() -> None:
    """Patch ReportLab's ToUnicode CMap writer once (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _installed = True
