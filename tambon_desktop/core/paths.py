"""Every path in one place: the per-user data folder (overridable) and the shipped resources,
found the same way from source, from an installed wheel and from the frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "tambon-desktop"
ENV_DATA_DIR = "TAMBON_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """--data-dir, else $TAMBON_DATA_DIR, else the per-user data folder of this OS."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _roots() -> list[Path]:
    roots = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen))
    package = Path(__file__).resolve().parent.parent
    roots.append(package / "_data")  # installed wheel (force-include in pyproject)
    roots.append(package.parent)  # source checkout
    return roots


def resource_path(*parts: str) -> Path:
    """A shipped file under forms/ or resources/, e.g. resource_path('forms', 'meeting.yaml')."""
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))


def forms_dir() -> Path:
    return resource_path("forms")
