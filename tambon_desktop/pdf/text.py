"""Cleaning the text of a record before it is printed.

- Unicode NFC; CR LF and lone CR become LF; tabs and no-break spaces become spaces.
- Control characters (C0 except LF, C1), zero-width and bidi controls, soft hyphens are
  stripped: they are invisible in the form and would print as boxes or extract as NUL.
- Characters Sarabun cannot draw (emoji, Chinese, Arabic script …) are refused with a clear
  message naming the field, the character and its code point: a legal record must not print
  with silently dropped or boxed characters.
- Stored digits are Arabic; with thai_digits they print as ๐–๙, except inside Latin words,
  web addresses and e-mail addresses (COVID-19, A4, https://…).
"""

from __future__ import annotations

import re
import unicodedata

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.thai import to_thai_digits
from tambon_desktop.pdf import fonts

MAX_CHARS = 3_000_000  # about 1,000 pages of minutes: beyond this, refuse clearly
_STRIP = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe]"
)
_SPACES = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_LATIN_OR_LINK = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+|[A-Za-z][A-Za-z0-9]*(?:[-_/.][A-Za-z0-9]+)*"
    r"|[0-9]+[A-Za-z][A-Za-z0-9]*"
)
_DIGITS = re.compile(r"[0-9]+")


class UnprintableText(KnownError):
    pass


def clean(value: object, field_th: str, field_en: str) -> str:
    """The printable form of one stored text value (None → '')."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if len(text) > MAX_CHARS:
        raise UnprintableText(
            f"ข้อความในช่อง {field_th} ยาวเกินกว่าจะพิมพ์ได้ ({len(text):,} ตัวอักษร; สูงสุด {MAX_CHARS:,})",
            f"{field_en}: text too long to print ({len(text):,} characters; limit {MAX_CHARS:,})",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _STRIP.sub("", text)
    text = _SPACES.sub(" ", text)
    for char in set(text):
        if char != "\n" and (not fonts.has_glyph(char) or 0xE000 <= ord(char) <= 0xF8FF):
            name = unicodedata.name(char, "unknown character")
            raise UnprintableText(
                f"ข้อความในช่อง {field_th} มีอักขระที่แบบอักษรราชการพิมพ์ไม่ได้ '{char}' "
                f"(U+{ord(char):04X}) เช่น อีโมจิ กรุณาลบหรือเปลี่ยนเป็นข้อความ",
                f"{field_en}: character '{char}' (U+{ord(char):04X} {name}) cannot be printed "
                "with the Sarabun font (emoji and non-Thai/Latin scripts are not supported); "
                "remove it or write it out in words",
            )
    return text


def one_line(text: str) -> str:
    """Names, positions, titles: inner line breaks become spaces, runs of spaces collapse."""
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(text: str) -> list[str]:
    """Long text (discussion): one paragraph per non-empty line, spaces collapsed."""
    return [p for p in (one_line(line) for line in text.split("\n")) if p]


def render_digits(text: str, thai: bool) -> str:
    """Arabic → Thai digits (when `thai`), leaving Latin words and links alone."""
    if not thai or not any(c.isdigit() for c in text):
        return text
    out, pos = [], 0
    for match in _LATIN_OR_LINK.finditer(text):
        out.append(_DIGITS.sub(lambda m: to_thai_digits(m.group()), text[pos:match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(_DIGITS.sub(lambda m: to_thai_digits(m.group()), text[pos:]))
    return "".join(out)
