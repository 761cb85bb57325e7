"""The conflict inbox kept in the local store (table sync_conflict): the server's open
conflicts of each pulled record, and the ones this PC is resolving."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core import canonical
from tambon_desktop.core.clock import utc_now_iso


@dataclass(frozen=True)
class InboxEntry:
    conflict_id: str
    record_id: str
    path: str
    candidates: list[dict[str, Any]]
    winner: int
    state: str


def inbox(session: Session, *, include_resolving: bool = False) -> list[InboxEntry]:
    states = "('open', 'resolving')" if include_resolving else "('open')"
    rows = session.execute(sql(
        "SELECT conflict_id, record_id, path, candidates, winner, state FROM sync_conflict "
        f"WHERE state IN {states} ORDER BY seen_at, conflict_id"))
    return [InboxEntry(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]


def mark_resolving(session: Session, *, conflict_ids: list[str]) -> None:
    for conflict_id in conflict_ids:
        session.execute(sql("UPDATE sync_conflict SET state = 'resolving' WHERE conflict_id = :i"),
                        {"i": conflict_id})


def replace_conflicts(session: Session, *, record_id: str, conflicts: list[dict]) -> None:
    """The server's open conflicts of a record are the truth; local 'resolving' entries stay
    hidden until the server has closed them."""
    open_ids = {c["conflict_id"] for c in conflicts}
    session.execute(
        sql("DELETE FROM sync_conflict WHERE record_id = :r AND state = 'open'"),
        {"r": record_id})
    resolving = {r[0] for r in session.execute(
        sql("SELECT conflict_id FROM sync_conflict WHERE record_id = :r"), {"r": record_id})}
    session.execute(
        sql("DELETE FROM sync_conflict WHERE record_id = :r AND state = 'resolving' "
            "AND conflict_id NOT IN (SELECT value FROM json_each(:ids))"),
        {"r": record_id, "ids": json.dumps(sorted(open_ids))})
    for conflict in conflicts:
        if conflict["conflict_id"] in resolving:
            continue
        session.execute(
            sql("INSERT INTO sync_conflict(conflict_id, record_id, path, candidates, winner, "
                "state, seen_at) VALUES (:id, :r, :p, :c, :w, 'open', :t)"),
            {"id": conflict["conflict_id"], "r": record_id, "p": conflict["path"],
             "c": canonical.dumps(conflict["candidates"]).decode(), "w": conflict["winner"],
             "t": utc_now_iso()})


def reopen_conflicts(session: Session, record_id: str, names: list[str]) -> None:
    for conflict_id, path in session.execute(sql(
            "SELECT conflict_id, path FROM sync_conflict WHERE record_id = :r "
            "AND state = 'resolving'"), {"r": record_id}).all():
        if path.split("[", 1)[0].split(".", 1)[0] in names:
            session.execute(sql("UPDATE sync_conflict SET state = 'open' "
                                "WHERE conflict_id = :i"), {"i": conflict_id})
