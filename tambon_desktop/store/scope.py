"""A region officer's scope on this PC, as the server gave it at sign-in: province (2-digit)
and district (4-digit) codes, kept in the `meta` table."""

from __future__ import annotations

from sqlmodel import Session

from tambon_desktop.store.tables import Meta

KEY = "scope"


def get_scope(session: Session) -> list[str]:
    row = session.get(Meta, KEY)
    return [c for c in row.value.split(",") if c] if row else []


def set_scope(session: Session, codes: list[str]) -> None:
    session.merge(Meta(key=KEY, value=",".join(sorted(set(codes)))))
