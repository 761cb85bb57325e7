"""What online sync (services/sync.py) and USB bundles (services/usb.py) share: progress
reports, cancelling, applying pulled changes (one function for a pull and a down-bundle) and
the attachments an op refers to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tambon_desktop.core.errors import Cancelled
from tambon_desktop.services.attachments import refs as attachment_refs
from tambon_desktop.services.records import title_of
from tambon_desktop.store import pulled

__all__ = ["Cancelled", "ProgressFn", "SyncProgress", "apply_page", "apply_staged", "attachment_refs",
           "change_dict", "check_cancel", "incoming", "quiet", "title_of"]

ProgressFn = Callable[["SyncProgress"], None]


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "attachments" | "push" | "pull" | "apply" | "relay" | "sign" | "write"
    done: int
    total: int  # 0 when unknown
    message: str = ""


def quiet(_progress: SyncProgress) -> None:
    pass


def check_cancel(cancel: threading.Event | None, message_th: str, message_en: str) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(message_th, message_en)


def change_dict(change) -> dict[str, Any]:
    """A pulled RecordChange as the dict `incoming` reads, without copying its data (a
    model_dump would copy every record's data once more)."""
    out = dict(change.__dict__)  # the fields, shallow
    out["conflicts"] = [c.model_dump() for c in change.conflicts]
    out["origin"] = change.origin.model_dump() if change.origin is not None else None
    return out


def incoming(change: dict[str, Any]) -> pulled.Incoming:
    title, date = title_of(change["form_id"], change["data"])
    return pulled.Incoming(
        record_id=change["record_id"], form_id=change["form_id"],
        form_version=change["form_version"], area=change["area"], status=change["status"],
        data=change["data"], version=change["version"], deleted=change["deleted"],
        hlc=change["hlc"], conflicts=change.get("conflicts", []), title=title,
        record_date=date, origin=change.get("origin"))


def apply_page(session, *, changes: list[dict[str, Any]], cursor: str) -> list[str]:
    """Apply one pulled page in the caller's transaction and save its cursor with it (a cut
    link or a kill loses nothing committed): the ids of the records changed."""
    return pulled.apply_pulled(session, changes=[incoming(c) for c in changes], cursor=cursor)


def apply_staged(session, *, cursor: str) -> tuple[list[str], frozenset[str]]:
    """Apply every staged change (a down-bundle's changes, or a pull an older version of the
    program staged) in the caller's transaction and move the cursor: (ids of the records
    changed, their forms)."""
    staged = [incoming(c) for c in pulled.staged(session)]
    changed = pulled.apply_pulled(session, changes=staged, cursor=cursor)
    ids = set(changed)
    return changed, frozenset(c.form_id for c in staged if c.record_id in ids)
