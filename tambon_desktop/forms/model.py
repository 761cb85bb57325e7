"""Form definitions: the strict model of forms/*.yaml.

Parsing is strict, as qutebrowser parses its configdata: an unknown key anywhere fails at load,
so a typo in a form file is found by the one test that loads every shipped form, not by a clerk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tambon_desktop.protocol import lifecycle as lifecycle_table

# libyaml's parser where PyYAML has it (its wheels do): ten times faster than pure Python.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    """yaml.safe_load, through libyaml when available."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader: plain data only


FIELD_TYPES = (
    "text",  # one line
    "long_text",  # paragraphs
    "integer",
    "decimal",  # e.g. a percentage
    "money",  # baht, stored as a decimal string "300000.00"
    "date",  # stored ISO Gregorian, shown BE
    "time",  # stored "HH:MM"
    "boolean",
    "choice",  # one of options
    "area",  # {changwat, amphoe, tambon, village}
    "person",  # {prefix, name, position}
    "text_list",  # list of one-line strings
    "repeat",  # list of items, each a group of fields with a stable id
    "attachments",  # list of {sha256, name, size, mime}
    "record_ref",  # the id of another record (ref_form)
)
AREA_LEVELS = ("changwat", "amphoe", "tambon", "village")
# `sensitive: true` (PDPA มาตรา ๒๖ data, or a national ID) is allowed on free text only: the
# editor masks exactly these widgets, and exports leave the value out. Religion, health,
# disability or "affected by unrest" are recorded as text until the editor can mask a choice.
SENSITIVE_TYPES = ("text", "long_text")


class FormError(Exception):
    """A form definition is broken (a maintainer's error, reported in English)."""


@dataclass(frozen=True)
class Label:
    th: str
    en: str


@dataclass(frozen=True)
class Option:
    value: Any
    label: Label


@dataclass(frozen=True)
class Relevance:
    """The field applies only when another field (same group) has one of these values."""

    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Constraint:
    """A cross-field rule: `left op right` on two fields of the same group, checked when
    both have values."""

    left: str
    op: str
    right: str
    message: Label


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: Label
    required: bool = False
    help: Label | None = None
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    levels: tuple[str, ...] = ()  # area: which levels are used
    required_levels: tuple[str, ...] = ()  # area: which must be filled
    ref_form: str | None = None
    fields: tuple[Field, ...] = ()  # repeat: the item's fields
    require_any: tuple[str, ...] = ()  # repeat: each item needs one of these filled
    constraints: tuple[Constraint, ...] = ()  # repeat: rules within an item
    relevant: Relevance | None = None
    sensitive: bool = False  # PDPA §26 data: hidden by default, left out of exports
    default: Any = None

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class FormDef:
    id: str
    version: int
    title: Label
    lifecycle: str
    fields: tuple[Field, ...]
    title_field: str
    date_field: str | None = None
    constraints: tuple[Constraint, ...] = ()
    changelog: tuple[str, ...] = field(default=())

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


_FIELD_KEYS = {
    "id", "type", "label", "required", "help", "options", "min", "max", "max_length",
    "min_items", "max_items", "levels", "required_levels", "ref_form", "fields",
    "require_any", "constraints", "relevant", "sensitive", "default",
}
_FORM_KEYS = {
    "form", "version", "title", "lifecycle", "fields", "title_field", "date_field",
    "constraints", "changelog",
}
LIFECYCLES = tuple(lifecycle_table.LIFECYCLES)  # minutes, project, report, simple
_OPS = ("<", "<=", ">", ">=", "==", "!=")


def _strict(data: Any, allowed: set[str], where: str, required: tuple[str, ...] = ()) -> dict:
    if not isinstance(data, dict):
        raise FormError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = set(data) - allowed
    if unknown:
        raise FormError(f"{where}: unknown key(s) {sorted(unknown)}")
    missing = [k for k in required if k not in data]
    if missing:
        raise FormError(f"{where}: missing key(s) {missing}")
    return data


def _label(data: Any, where: str) -> Label:
    d = _strict(data, {"th", "en"}, where, ("th", "en"))
    if not all(isinstance(d[k], str) and d[k] for k in ("th", "en")):
        raise FormError(f"{where}: th and en must be non-empty strings")
    return Label(d["th"], d["en"])


def _constraint(data: Any, where: str) -> Constraint:
    d = _strict(data, {"left", "op", "right", "message"}, where, ("left", "op", "right", "message"))
    if d["op"] not in _OPS:
        raise FormError(f"{where}: op must be one of {_OPS}")
    return Constraint(d["left"], d["op"], d["right"], _label(d["message"], f"{where}.message"))


def _field(data: Any, where: str) -> Field:
    d = _strict(data, _FIELD_KEYS, where, ("id", "type", "label"))
    where = f"{where}[{d['id']}]"
    if d["type"] not in FIELD_TYPES:
        raise FormError(f"{where}: unknown type {d['type']!r}")
    options = tuple(
        Option(o["value"], _label(o["label"], f"{where}.options"))
        for o in (_strict(o, {"value", "label"}, f"{where}.options", ("value", "label"))
                  for o in d.get("options", []))
    )
    if d["type"] == "choice" and not options:
        raise FormError(f"{where}: a choice needs options")
    subfields = tuple(_field(f, f"{where}.fields") for f in d.get("fields", []))
    if d["type"] == "repeat" and not subfields:
        raise FormError(f"{where}: a repeat group needs fields")
    levels = tuple(d.get("levels", AREA_LEVELS if d["type"] == "area" else ()))
    for level in (*levels, *d.get("required_levels", [])):
        if level not in AREA_LEVELS:
            raise FormError(f"{where}: unknown area level {level!r}")
    relevant = None
    if "relevant" in d:
        r = _strict(d["relevant"], {"field", "in"}, f"{where}.relevant", ("field", "in"))
        relevant = Relevance(r["field"], tuple(r["in"]))
    if d["type"] == "record_ref" and not d.get("ref_form"):
        raise FormError(f"{where}: a record_ref needs ref_form")
    ids = [f.id for f in subfields]
    if len(ids) != len(set(ids)):
        raise FormError(f"{where}: duplicate field ids")
    sensitive = d.get("sensitive", False)
    if not isinstance(sensitive, bool):
        raise FormError(f"{where}: sensitive must be true or false")
    if sensitive and d["type"] not in SENSITIVE_TYPES:
        raise FormError(f"{where}: sensitive is only allowed on {', '.join(SENSITIVE_TYPES)} "
                        f"fields, not {d['type']}")
    if sensitive and d.get("required"):
        # an export leaves a sensitive field out, and every export must import again
        raise FormError(f"{where}: a sensitive field cannot be required")
    _check_sensitive_relevance(subfields, where)
    if any(f.sensitive for f in subfields if f.id in d.get("require_any", [])):
        raise FormError(f"{where}: require_any cannot name a sensitive field")
    return Field(
        id=d["id"],
        type=d["type"],
        label=_label(d["label"], f"{where}.label"),
        required=bool(d.get("required", False)),
        help=_label(d["help"], f"{where}.help") if "help" in d else None,
        options=options,
        min=d.get("min"),
        max=d.get("max"),
        max_length=d.get("max_length"),
        min_items=d.get("min_items"),
        max_items=d.get("max_items"),
        levels=levels,
        required_levels=tuple(d.get("required_levels", [])),
        ref_form=d.get("ref_form"),
        fields=subfields,
        require_any=tuple(d.get("require_any", [])),
        constraints=tuple(_constraint(c, f"{where}.constraints") for c in d.get("constraints", [])),
        relevant=relevant,
        sensitive=sensitive,
        default=d.get("default"),
    )


def _check_sensitive_relevance(fields: tuple[Field, ...], where: str) -> None:
    """A field shown only for some values of a sensitive field tells those values by being
    there, so it must be sensitive too (left out of exports with it)."""
    sensitive = {f.id for f in fields if f.sensitive}
    for f in fields:
        if f.relevant and f.relevant.field in sensitive and not f.sensitive:
            raise FormError(f"{where}[{f.id}]: relevant on sensitive field "
                            f"{f.relevant.field!r}, so it must be sensitive too")


def parse_form(data: Any, where: str = "form") -> FormDef:
    d = _strict(data, _FORM_KEYS, where, ("form", "version", "title", "lifecycle", "fields",
                                          "title_field"))
    where = f"{where}:{d['form']}"
    if not isinstance(d["version"], int) or d["version"] < 1:
        raise FormError(f"{where}: version must be a positive integer")
    if d["lifecycle"] not in LIFECYCLES:
        raise FormError(f"{where}: lifecycle must be one of {LIFECYCLES}")
    fields = tuple(_field(f, f"{where}.fields") for f in d["fields"])
    ids = [f.id for f in fields]
    if len(ids) != len(set(ids)):
        raise FormError(f"{where}: duplicate field ids")
    form = FormDef(
        id=d["form"],
        version=d["version"],
        title=_label(d["title"], f"{where}.title"),
        lifecycle=d["lifecycle"],
        fields=fields,
        title_field=d["title_field"],
        date_field=d.get("date_field"),
        constraints=tuple(_constraint(c, f"{where}.constraints") for c in d.get("constraints", [])),
        changelog=tuple(d.get("changelog", [])),
    )
    for name in (form.title_field, form.date_field):
        if name and name not in ids:
            raise FormError(f"{where}: {name!r} is not a field")
        if name and form.field(name).sensitive:  # lists, titles and printouts show them
            raise FormError(f"{where}: {name!r} is sensitive: it cannot be the title or date")
    _check_sensitive_relevance(fields, where)
    for c in form.constraints:
        if c.left not in ids or c.right not in ids:
            raise FormError(f"{where}: constraint names an unknown field")
    return form


def load_form_file(path: Path) -> FormDef:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FormError(f"{path.name}: not valid YAML: {exc}") from None
    form = parse_form(data, path.name)
    if path.stem != form.id:
        raise FormError(f"{path.name}: file name must match form id {form.id!r}")
    return form
