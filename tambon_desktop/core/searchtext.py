"""Search text folded so that a name is found whatever its tone marks: อับดุลเลาะ finds
อับดุลเล๊าะ (Malay names are written with and without ๊ ๋ and mai taikhu). The same fold is
applied to what is indexed and to what is searched; one character is dropped for each mark,
so the other characters keep their order (the trigram index still sees a phrase)."""

from __future__ import annotations

import re
import unicodedata

# ็ (mai taikhu) and the four tone marks ่ ้ ๊ ๋.
MARKS = "\u0e47\u0e48\u0e49\u0e4a\u0e4b"
_DROP = re.compile(f"[{MARKS}]")  # faster than str.translate on Thai text


def fold(text: str) -> str:
    """NFC, without tone marks."""
    return _DROP.sub("", unicodedata.normalize("NFC", text))


def sql_fold(column: str) -> str:
    """SQL that folds `column` the same way (nested replace: SQLite has no translate)."""
    out = column
    for mark in MARKS:
        out = f"replace({out}, '{mark}', '')"
    return out
