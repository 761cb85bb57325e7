"""Agenda templates (resources/agenda/*.yaml) as agenda items in the interchange shape:
{number, title, discussion, resolution, items: [...]} (plus `reporter` where the template names
who reports an item). Plain Python + yaml: no Qt, no SQL."""

from __future__ import annotations

from pathlib import Path

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.paths import resource_path
from tambon_desktop.forms.model import load_yaml

TEMPLATE_ORDER = ("standard5", "standard6", "sbpac_mct02")


def _dir() -> Path:
    return resource_path("resources", "agenda")


def list_templates() -> list[dict]:
    """[{name, title}] of the shipped templates, the customary 5 items first."""
    names = sorted((p.stem for p in _dir().glob("*.yaml")),
                   key=lambda n: (TEMPLATE_ORDER.index(n) if n in TEMPLATE_ORDER else 99, n))
    return [{"name": n, "title": _read(n).get("title", n)} for n in names]


def _read(name: str) -> dict:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise KnownError(f"ไม่พบแม่แบบระเบียบวาระ '{name}'", f"no agenda template {name!r}")
    path = _dir() / f"{name}.yaml"
    if not path.exists():
        raise KnownError(f"ไม่พบแม่แบบระเบียบวาระ '{name}'", f"no agenda template {name!r}")
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise KnownError(f"แม่แบบระเบียบวาระ '{name}' ไม่ถูกต้อง", f"agenda template {name!r} is malformed")
    return data


def _item(raw: dict) -> dict:
    item = {
        "number": str(raw.get("number", "")),
        "title": str(raw.get("title", "")),
        "discussion": str(raw.get("discussion", "") or ""),
        "resolution": str(raw.get("resolution", "") or ""),
        "items": [_item(x) for x in raw.get("items") or []],
    }
    if raw.get("reporter"):
        item["reporter"] = str(raw["reporter"])
    return item


def load_template(name: str) -> list[dict]:
    """Fresh agenda items for a new meeting (a new list each call: safe to edit)."""
    return [_item(x) for x in _read(name)["items"]]


def template_labels(name: str) -> dict[str, str]:
    """Label overrides the template carries (e.g. มชต.02's ปิดการประชุมเวลา)."""
    return {str(k): str(v) for k, v in (_read(name).get("labels") or {}).items()}
