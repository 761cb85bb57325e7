"""Refusing at save what the minutes could never print: each text of a record goes through the
print side's own check (pdf.text.clean: Sarabun must have every character), so an emoji in a
name is refused on that field when the clerk saves, not weeks later when someone prints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tambon_desktop.core.errors import FieldError, KnownError
from tambon_desktop.forms.model import Field, FormDef

_TEXT_TYPES = ("text", "long_text")
_PERSON_KEYS = ("prefix", "name", "position")


def unprintable_fields(form: FormDef, data: dict[str, Any]) -> list[FieldError]:
    """One FieldError (path and Thai label as forms.validate gives them) per text that the
    print side refuses."""
    from tambon_desktop.pdf import fonts, text

    fonts.register_fonts()
    errors = []
    for path, label_th, name_th, value in _texts(form.fields, data, "", ""):
        try:
            text.clean(value, name_th, path)
        except KnownError as exc:
            errors.append(FieldError(path, label_th, exc.message_th, exc.message_en))
    return errors


def _texts(fields: tuple[Field, ...], data: Any, path: str,
           label: str) -> Iterator[tuple[str, str, str, str]]:
    if not isinstance(data, dict):
        return
    for f in fields:
        value = data.get(f.id)
        fpath, flabel = f"{path}{f.id}", f"{label}{f.label.th}"
        if not value:
            continue
        if f.type in _TEXT_TYPES and isinstance(value, str):
            yield fpath, flabel, f.label.th, value
        elif f.type == "text_list" and isinstance(value, list):
            for i, line in enumerate(value):
                if isinstance(line, str):
                    yield f"{fpath}[{i}]", f"{flabel} ลำดับที่ {i + 1}", f.label.th, line
        elif f.type == "person" and isinstance(value, dict):
            for key in _PERSON_KEYS:
                if isinstance(value.get(key), str):
                    yield f"{fpath}.{key}", flabel, f.label.th, value[key]
        elif f.type == "repeat" and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _texts(f.fields, item, f"{fpath}[{i}].",
                                  f"{flabel} ลำดับที่ {i + 1} › ")
