"""Sensitive fields (`sensitive: true`, PDPA มาตรา ๒๖ data and national IDs; DOMAIN.md §5.3-5.4):
which values of a record they hold, and the record without them, as exports write it."""

from __future__ import annotations

from typing import Any

from tambon_desktop.forms.model import Field, FormDef


def has_sensitive(form: FormDef) -> bool:
    return any(_any_sensitive(f) for f in form.fields)


def _any_sensitive(f: Field) -> bool:
    return f.sensitive or any(_any_sensitive(sub) for sub in f.fields)


def without_sensitive(form: FormDef, data: dict) -> tuple[dict, list[str]]:
    """A copy of `data` with every sensitive field (in repeat items too) absent, and the paths
    of the values left out that were filled in, e.g. ['beneficiaries[].citizen_id']."""
    removed: list[str] = []
    return _strip(form.fields, data, "", removed), sorted(set(removed))


def _strip(fields: tuple[Field, ...], data: dict, path: str, removed: list[str]) -> dict:
    by_id = {f.id: f for f in fields}
    out: dict[str, Any] = {}
    for key, value in data.items():
        f = by_id.get(key)
        if f is None:  # not in this form version: kept as stored
            out[key] = value
        elif f.sensitive:
            if value not in (None, ""):
                removed.append(f"{path}{key}")
        elif f.type == "repeat" and isinstance(value, list) and any(map(_any_sensitive, f.fields)):
            out[key] = [_strip(f.fields, item, f"{path}{key}[].", removed)
                        if isinstance(item, dict) else item for item in value]
        else:
            out[key] = value
    return out
