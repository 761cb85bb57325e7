"""The append-only audit log: every op and every admin action gets one row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.server.tables import AuditEntry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    district: str | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=utc_now_iso(), actor=actor[:100], action=action, district=district,
            target=target[:200], detail=detail or {},
        )
    )


def entry(*, actor: str, action: str, district: str | None = None, target: str = "",
          detail: dict[str, Any] | None = None) -> dict[str, Any]:
    """One row for record_many (many rows in one INSERT: an apply of thousands of ops)."""
    return {"at": utc_now_iso(), "actor": actor[:100], "action": action, "district": district,
            "target": target[:200], "detail": detail or {}}


def record_many(session: Session, entries: list[dict[str, Any]]) -> None:
    if entries:
        session.execute(insert(AuditEntry), entries)
