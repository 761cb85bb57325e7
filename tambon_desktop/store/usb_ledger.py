"""The USB ledger kept in the local store (migration step 4): every bundle written and
read, and the up-bundles a province PC holds for relay. Functions run in the caller's
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core.clock import utc_now_iso


@dataclass(frozen=True)
class RelayItem:
    """An up-bundle held for relay."""

    bundle_id: str
    district: str
    device_id: str
    op_count: int
    state: str  # queued | refused (set aside)
    detail: str  # the server's reason for a set-aside bundle
    last_at: str
    file: str


LEDGER_COLUMNS = (
    "last_at", "direction", "kind", "district", "device_id", "bundle_id", "seq_first",
    "seq_last", "op_count", "change_count", "attachment_count", "encrypted", "state", "detail",
    "times", "file_name",
)
_LEDGER_FIELDS = (
    "bundle_id", "direction", "kind", "district", "device_id", "created_at", "file_name",
    "file_sha256", "size", "seq_first", "seq_last", "op_count", "change_count",
    "attachment_count", "encrypted", "state", "detail", "relay_path",
)


def ledger_put(session: Session, **row: Any) -> int:
    """Add a bundle to the ledger, or count one more time for a bundle already in it (its
    state and detail are replaced unless `keep_state`). Returns how many times it was seen."""
    keep = row.pop("keep_state", False)
    now = utc_now_iso()
    values = {k: row.get(k, "" if k in ("district", "detail", "relay_path") else 0)
              for k in _LEDGER_FIELDS}
    values["encrypted"] = int(bool(values["encrypted"]))
    update = "times = times + 1, last_at = excluded.last_at" + (
        "" if keep else ", state = excluded.state, detail = excluded.detail")
    session.execute(sql(
        f"INSERT INTO usb_ledger({', '.join(_LEDGER_FIELDS)}, times, first_at, last_at) "
        f"VALUES ({', '.join(':' + k for k in _LEDGER_FIELDS)}, 1, :now, :now) "
        f"ON CONFLICT(bundle_id, direction) DO UPDATE SET {update}"), {**values, "now": now})
    return ledger_times(session, bundle_id=values["bundle_id"], direction=values["direction"])


def ledger_times(session: Session, *, bundle_id: str, direction: str) -> int:
    row = session.execute(sql(
        "SELECT times FROM usb_ledger WHERE bundle_id = :b AND direction = :d"),
        {"b": bundle_id, "d": direction}).first()
    return row[0] if row else 0


def ledger_state(session: Session, *, bundle_id: str, direction: str) -> str | None:
    row = session.execute(sql(
        "SELECT state FROM usb_ledger WHERE bundle_id = :b AND direction = :d"),
        {"b": bundle_id, "d": direction}).first()
    return row[0] if row else None


def ledger_set_state(session: Session, *, bundle_id: str, direction: str, state: str,
                     detail: str) -> None:
    session.execute(sql(
        "UPDATE usb_ledger SET state = :s, detail = :t, last_at = :now "
        "WHERE bundle_id = :b AND direction = :d"),
        {"s": state, "t": detail[:1000], "now": utc_now_iso(), "b": bundle_id, "d": direction})


def ledger_rows(session: Session) -> list[tuple]:
    rows = session.execute(sql(
        f"SELECT {', '.join(LEDGER_COLUMNS)} FROM usb_ledger ORDER BY last_at DESC, id DESC"))
    return [tuple(r) for r in rows]


def ledger_queued(session: Session) -> list[tuple[str, str]]:
    """(bundle id, file) of up-bundles a province PC keeps for relay, oldest first."""
    rows = session.execute(sql(
        "SELECT bundle_id, relay_path FROM usb_ledger WHERE state = 'queued' ORDER BY id"))
    return [(r[0], r[1]) for r in rows]


def relay_rows(session: Session) -> list[RelayItem]:
    """Up-bundles held for relay (queued or set aside), oldest first."""
    rows = session.execute(sql(
        "SELECT bundle_id, district, device_id, op_count, state, detail, last_at, relay_path "
        "FROM usb_ledger WHERE direction = 'in' AND kind = 'up' "
        "AND state IN ('queued', 'refused') AND relay_path != '' ORDER BY id"))
    return [RelayItem(*r) for r in rows]


def ledger_drop_relay(session: Session, *, bundle_id: str, detail: str) -> None:
    """The bundle leaves the relay queue for good (its ledger line stays, state refused)."""
    session.execute(sql(
        "UPDATE usb_ledger SET state = 'refused', relay_path = '', detail = :t, last_at = :now "
        "WHERE bundle_id = :b AND direction = 'in'"),
        {"t": detail[:1000], "now": utc_now_iso(), "b": bundle_id})
