"""Read queries that feed lists and searches: sorting, filtering and paging in SQL, rows as
plain tuples (a table model over ORM objects is 7x slower, QT.md)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlmodel import Session

SORTABLE = {"title": "title_key", "date": "record_date", "updated": "updated_at",
            "status": "status", "created": "created_at"}
LIST_COLUMNS = ("id", "form_id", "title", "record_date", "status", "updated_at", "amphoe",
                "tambon")


@dataclass(frozen=True)
class ListQuery:
    form_id: str
    sort: str = "updated"
    descending: bool = True
    status: str | None = None
    text: str = ""
    offset: int = 0
    limit: int = 200
    include_deleted: bool = False


# A search that matches more records than this is not counted to the end.
COUNT_CAP = 1_000
# How many matches the index is asked for before a list search switches strategy.
_PROBE = 2_000


def _where(session: Session, q: ListQuery, params: dict) -> str:
    parts = ["r.form_id = :form_id"]
    params["form_id"] = q.form_id
    if not q.include_deleted:
        parts.append("r.deleted = 0")
    if q.status:
        parts.append("r.status = :status")
        params["status"] = q.status
    text = unicodedata.normalize("NFC", q.text.strip())
    if text:
        parts.append(_text_filter(session, text, params))
    return " AND ".join(parts)


def _text_filter(session: Session, text: str, params: dict) -> str:
    """A list filtered by text, sorted by any column: ask the index for up to _PROBE matches.
    Fewer: filter on that set. More (a common word): walk the list in its sort order and test
    each record's indexed text, so the page fills after a few hundred rows instead of after
    testing every match."""
    probe: dict = {}
    match = _match_sql(text, probe)
    found = [r[0] for r in session.execute(sql(f"{match} LIMIT {_PROBE}"), probe)]
    if len(found) < _PROBE:
        params["found"] = json.dumps(found)
        return "r.rowid IN (SELECT value FROM json_each(:found))"
    params.update(probe)
    test = "instr(c.c0, :needle) > 0" if "needle" in probe else (
        "c.c0 LIKE :like ESCAPE '\\'" if "%" in text or "_" in text else "c.c0 LIKE :like")
    # record_fts_content is FTS5's own table of the indexed text (column c0, id = rowid).
    return f"EXISTS (SELECT 1 FROM record_fts_content c WHERE c.id = r.rowid AND {test})"


def _match_sql(text: str, params: dict) -> str:
    """Record rowids whose text holds `text` anywhere (Thai has no spaces: any substring).
    FTS5's trigram index answers a plain LIKE of 3+ characters; an ESCAPE clause would stop
    it using the index, so it is used only when the text holds a wildcard character."""
    if len(text) < 3:  # below a trigram: the index cannot answer, scan its text
        params["needle"] = text
        return "SELECT rowid FROM record_fts WHERE instr(body, :needle) > 0"
    if "%" in text or "_" in text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like"] = f"%{escaped}%"
        return "SELECT rowid FROM record_fts WHERE body LIKE :like ESCAPE '\\'"
    params["like"] = f"%{text}%"
    return "SELECT rowid FROM record_fts WHERE body LIKE :like"


def list_page(session: Session, q: ListQuery) -> list[tuple]:
    params: dict = {"limit": q.limit, "offset": q.offset}
    where = _where(session, q, params)
    column = SORTABLE.get(q.sort, "updated_at")
    direction = "DESC" if q.descending else "ASC"
    cols = ", ".join(f"r.{c}" for c in LIST_COLUMNS)
    rows = session.execute(
        sql(f"SELECT {cols} FROM record r WHERE {where} "
            f"ORDER BY r.{column} {direction}, r.id {direction} LIMIT :limit OFFSET :offset"),
        params,
    )
    return [tuple(r) for r in rows]


def count(session: Session, q: ListQuery) -> int:
    """The number of records in the list; a text search stops counting past COUNT_CAP (the
    answer is then COUNT_CAP + 1: "more than 1,000")."""
    params: dict = {}
    where = _where(session, q, params)
    if q.text.strip():
        return session.execute(
            sql(f"SELECT count(*) FROM (SELECT 1 FROM record r WHERE {where} "
                f"LIMIT {COUNT_CAP + 1})"), params).scalar_one()
    return session.execute(sql(f"SELECT count(*) FROM record r WHERE {where}"), params
                           ).scalar_one()


def search(session: Session, text: str, *, form_id: str | None = None, limit: int = 100) -> list[tuple]:
    """Records holding `text`, newest first. The index is read in rowid order (creation
    order: ids are time-ordered) and the scan stops at `limit` hits, so a common word costs
    no more than a rare one."""
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        return []
    params: dict = {"limit": limit}
    form = ""
    if form_id:
        form = "AND r.form_id = :form_id"
        params["form_id"] = form_id
    cols = ", ".join(f"r.{c}" for c in LIST_COLUMNS)
    rows = session.execute(
        sql(f"SELECT {cols} FROM ({_match_sql(text, params)} ORDER BY rowid DESC) f "
            f"JOIN record r ON r.rowid = f.rowid WHERE r.deleted = 0 {form} LIMIT :limit"),
        params,
    )
    return [tuple(r) for r in rows]


def meeting_numbers(session: Session, committee: str, year_be: int) -> list[tuple[str, int]]:
    """(record id, number) of every meeting of a committee in a calendar year, cancelled ones
    included: numbers are never reused."""
    rows = session.execute(
        sql("SELECT id, data FROM record WHERE form_id = 'meeting' AND deleted = 0 "
            "AND json_extract(data, '$.committee') = :c AND json_extract(data, '$.year_be') = :y"),
        {"c": committee, "y": year_be},
    )
    return [(rid, json.loads(data).get("number")) for rid, data in rows]


def history(session: Session, record_id: str) -> list[tuple]:
    rows = session.execute(
        sql("SELECT at, user_name, from_status, to_status, comment FROM transition "
            "WHERE record_id = :id ORDER BY id"),
        {"id": record_id},
    )
    return [tuple(r) for r in rows]


def outbox_counts(session: Session) -> dict[str, int]:
    rows = session.execute(sql("SELECT state, count(*) FROM outbox GROUP BY state"))
    counts = {"pending": 0, "sent": 0, "acked": 0, "rejected": 0}
    counts.update({state: n for state, n in rows})
    return counts


def villages(session: Session, tambon: str) -> list[tuple[int, str]]:
    rows = session.execute(
        sql("SELECT moo, name_th FROM village WHERE tambon = :t AND active = 1 ORDER BY moo"),
        {"t": tambon},
    )
    return [tuple(r) for r in rows]


def people(session: Session, prefix: str = "", limit: int = 50) -> list[tuple[str, str, str]]:
    """Names and positions used before in meetings, for the person-entry completer."""
    rows = session.execute(
        sql("SELECT DISTINCT json_extract(a.value, '$.prefix'), json_extract(a.value, '$.name'), "
            "json_extract(a.value, '$.position') FROM record r, json_each(r.data, '$.attendees') a "
            "WHERE r.form_id = 'meeting' AND r.deleted = 0 "
            "AND json_extract(a.value, '$.name') LIKE :p LIMIT :n"),
        {"p": prefix + "%", "n": limit},
    )
    return [tuple(x or "" for x in r) for r in rows]
