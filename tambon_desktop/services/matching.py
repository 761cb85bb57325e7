"""Why a record matched a search: the first field holding the text, as "ผู้มาประชุม › ชื่อ-สกุล:
…อับดุลเล๊าะ มะแซ…", found with the search's own rule (tone marks folded, ASCII either case)."""

from __future__ import annotations

from typing import Any

from tambon_desktop.core import geo
from tambon_desktop.core.searchtext import fold
from tambon_desktop.forms.model import Field, FormDef

_AROUND = 24  # characters shown either side of the match


def _norm(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in fold(text))


def _snippet(text: str, want: str) -> str:
    flat = " ".join(text.split())
    at = _norm(flat).find(want)  # folding drops marks: the place is near enough to show
    start = max(at - _AROUND, 0)
    end = min(at + len(want) + _AROUND, len(flat))
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def _find(fields: tuple[Field, ...], data: dict, want: str, path: list[str], en: bool):
    for f in fields:
        value = data.get(f.id)
        here = [*path, f.label.en if en else f.label.th]
        if f.type == "repeat" and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    found = _find(f.fields, item, want, here, en)
                    if found:
                        return found
            continue
        texts: list[str] = []
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, list):
            texts = [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            if f.type == "area":
                texts = [geo.name_of(str(c)) or "" for c in value.values()]
            else:
                texts = [v for v in value.values() if isinstance(v, str)]
        for text in texts:
            if text and want in _norm(text):
                return " › ".join(here), _snippet(text, want)
    return None


def match_reason(form: FormDef, data: Any, text: str, *, en: bool = False) -> str:
    """"field › sub-field: …snippet…" of the first place `text` is found, "" if none (the
    record matched on something not shown, e.g. its district's name)."""
    want = _norm(text.strip())
    if not want or not isinstance(data, dict):
        return ""
    found = _find(form.fields, data, want, [], en)
    return f"{found[0]}: {found[1]}" if found else ""
