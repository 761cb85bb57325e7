"""The shipped forms, loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.paths import forms_dir
from tambon_desktop.forms.model import FormDef, load_form_file


@lru_cache(maxsize=4)
def load_forms(directory: Path | None = None) -> dict[str, FormDef]:
    folder = directory or forms_dir()
    forms = {}
    for path in sorted(folder.glob("*.yaml")):
        form = load_form_file(path)
        forms[form.id] = form
    return forms


def get_form(form_id: str) -> FormDef:
    forms = load_forms()
    if form_id not in forms:
        known = ", ".join(sorted(forms))
        raise KnownError(
            f"ไม่รู้จักแบบฟอร์ม '{form_id}' (ที่มี: {known})",
            f"unknown form '{form_id}' (known: {known})",
        )
    return forms[form_id]
