"""Read queries that feed lists and searches: sorting, filtering and paging in SQL, rows as
plain tuples (a table model over ORM objects is 7x slower, QT.md).

Text search. Thai has no spaces, so "find" means "any substring": every record's strings (plus
the Thai names of its area) are kept as one text in record_fts, an FTS5 table with the trigram
tokenizer and trigram positions (detail=full, migration step 5). A text of 3 or more characters
is asked of the index as a phrase of trigrams (MATCH '"text"', every character literal), so a
phrase whose trigrams are all common but which is itself rare costs one pass over the index,
not a re-read of every record's text (without positions that worst case was ~0.5 s at 100k
records); each hit's text is then checked with LIKE's rule (ASCII letters in either case,
nothing else folded), the answer a LIKE '%text%' scan gives. Then:

- a search or list restricted to a small form (at most _SMALL_FORM records) skips the index:
  it reads the text of that form's records directly (instr, or LIKE when the text holds ASCII
  letters or wildcards: the same rule). 25 meetings among 100k projects: a
  common word no longer walks every project that holds it.
- search (newest first) otherwise reads the index in rowid order and stops at `limit` hits.
- a list of a larger form asks the index for up to _PROBE matches: fewer, it filters on that
  set; more (a common word), it walks the list in its sort order and tests each record's text,
  so the page fills after a few hundred rows.
- counts of a text search stop at COUNT_CAP + 1 ("more than 1,000"); below that they are exact.
  The list view takes count and first page from one call (count_and_page): one index probe.

Texts under 3 characters are below a trigram: they are found by reading the text. Still slow:
a large form (over _SMALL_FORM) searched for a word that is common in other forms but rare in
it walks the other forms' matches (search), or the whole form (a list of it), as before; and a
short text reads every record."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlmodel import Session

from tambon_desktop.core.searchtext import fold, sql_fold

SORTABLE = {"title": "title_key", "date": "record_date", "updated": "updated_at",
            "status": "status", "created": "created_at"}
LIST_COLUMNS = ("id", "form_id", "title", "record_date", "status", "updated_at", "amphoe",
                "tambon", "number", "year_be")
# Columns read from the record's JSON (a meeting's ครั้งที่; NULL for other forms).
_EXPR = {"number": "json_extract(r.data, '$.number')",
         "year_be": "json_extract(r.data, '$.year_be')"}
_COLS = ", ".join(_EXPR.get(c, f"r.{c}") for c in LIST_COLUMNS)


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
# A form with at most this many records is searched by reading their text (no index): ~3 µs a
# project, ~45 µs a 30-attendee meeting with 10 long agenda items.
_SMALL_FORM = 1_000


def _where(session: Session, q: ListQuery, params: dict) -> str:
    parts = ["r.form_id = :form_id"]
    params["form_id"] = q.form_id
    if not q.include_deleted:
        parts.append("r.deleted = 0")
    if q.status:
        parts.append("r.status = :status")
        params["status"] = q.status
    text = fold(q.text.strip())  # the index holds folded text (core.searchtext)
    if text:
        test = _text_filter(session, q, text, params)
        if "found" in params:  # a match set: read its records by rowid and sort those, rather
            # than walk the whole form in sort order testing each ('+' hides the indexes)
            parts = [f"+{p}" for p in parts]
        parts.append(test)
    return " AND ".join(parts)


def _text_filter(session: Session, q: ListQuery, text: str, params: dict) -> str:
    """A list filtered by text, sorted by any column. A small form: test each record's text.
    Otherwise ask the index for up to _PROBE matches. Fewer: filter on that set. More (a
    common word): walk the list in its sort order and test each record's text, so the page
    fills after a few hundred rows instead of after testing every match."""
    if not _small_form(session, q.form_id, q.include_deleted):
        probe: dict = {}
        match = _match_sql(text, probe)
        found = [r[0] for r in session.execute(sql(f"{match} LIMIT {_PROBE}"), probe)]
        if len(found) < _PROBE:
            params["found"] = json.dumps(found)
            return "r.rowid IN (SELECT value FROM json_each(:found))"
    # record_fts_content is FTS5's own table of the indexed text (column c0, id = rowid).
    return (f"EXISTS (SELECT 1 FROM record_fts_content c WHERE c.id = r.rowid "
            f"AND {_text_test('c.c0', text, params)})")


def _small_form(session: Session, form_id: str, include_deleted: bool = False) -> bool:
    """At most _SMALL_FORM records of this form? Counts index entries, no further than that."""
    live = "" if include_deleted else " AND deleted = 0"
    n = session.execute(sql(f"SELECT count(*) FROM (SELECT 1 FROM record WHERE form_id = :f"
                            f"{live} LIMIT {_SMALL_FORM + 1})"), {"f": form_id}).scalar_one()
    return n <= _SMALL_FORM


def _text_test(column: str, text: str, params: dict) -> str:
    """SQL that is true when `column` holds `text`, by reading it: what LIKE '%text%'
    decides (ASCII letters in either case), with % and _ literal. instr, the fastest, when the text
    has no ASCII letter (Thai has no case) and no wildcard character."""
    if "%" in text or "_" in text or any(c.isascii() and c.isalpha() for c in text):
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like_text"] = f"%{escaped}%"
        return f"{column} LIKE :like_text ESCAPE '\\'"
    params["needle"] = text
    return f"instr({column}, :needle) > 0"


def _match_sql(text: str, params: dict) -> str:
    """Record rowids whose text holds `text` anywhere (Thai has no spaces: any substring)."""
    return f"SELECT rowid FROM record_fts WHERE {_match(text, params)}"


def _match(text: str, params: dict, table: str = "record_fts") -> str:
    """The condition on `table` (record_fts or its alias) for `text`. 3+ characters: the
    index finds the text as a phrase of trigrams (MATCH '"text"': every character literal,
    % and _ too; ~25% cheaper than the LIKE FTS5 also answers), then each hit's text is read
    to apply LIKE's exact rule (the index folds case beyond ASCII)."""
    test = _text_test(f"{table}.body", text, params)
    if len(text) < 3:  # below a trigram: the index cannot answer, read the text
        return test
    params["phrase"] = '"' + text.replace('"', '""') + '"'
    column = "record_fts" if table == "record_fts" else f"{table}.record_fts"
    return f"{column} MATCH :phrase AND {test}"


def list_page(session: Session, q: ListQuery) -> list[tuple]:
    params: dict = {}
    return _page(session, q, _where(session, q, params), params)


def count(session: Session, q: ListQuery) -> int:
    """The number of records in the list; a text search stops counting past COUNT_CAP (the
    answer is then COUNT_CAP + 1: "more than 1,000")."""
    params: dict = {}
    return _count(session, q, _where(session, q, params), params)


def count_and_page(session: Session, q: ListQuery) -> tuple[int, list[tuple]]:
    """count and list_page together, for the list view's reload: a text search asks the
    index once for both."""
    params: dict = {}
    where = _where(session, q, params)
    return _count(session, q, where, params), _page(session, q, where, params)


def _page(session: Session, q: ListQuery, where: str, params: dict) -> list[tuple]:
    column = SORTABLE.get(q.sort, "updated_at")
    direction = "DESC" if q.descending else "ASC"
    rows = session.execute(
        sql(f"SELECT {_COLS} FROM record r WHERE {where} "
            f"ORDER BY r.{column} {direction}, r.id {direction} LIMIT :limit OFFSET :offset"),
        dict(params, limit=q.limit, offset=q.offset),
    )
    return [tuple(r) for r in rows]


def _count(session: Session, q: ListQuery, where: str, params: dict) -> int:
    if q.text.strip():
        return session.execute(
            sql(f"SELECT count(*) FROM (SELECT 1 FROM record r WHERE {where} "
                f"LIMIT {COUNT_CAP + 1})"), params).scalar_one()
    return session.execute(sql(f"SELECT count(*) FROM record r WHERE {where}"), params
                           ).scalar_one()


def search(session: Session, text: str, *, form_id: str | None = None, limit: int = 100) -> list[tuple]:
    """Records holding `text`, newest first. The index is read in rowid order (creation
    order: ids are time-ordered) and the scan stops at `limit` hits, so a common word costs
    no more than a rare one. Within a small form the form's records are read instead."""
    text = fold(text.strip())
    if not text:
        return []
    params: dict = {"limit": limit}
    cols = _COLS
    form = ""
    if form_id:
        form = "AND r.form_id = :form_id"
        params["form_id"] = form_id
        if _small_form(session, form_id):
            rows = session.execute(
                sql(f"SELECT {cols} FROM record r JOIN record_fts_content c ON c.id = r.rowid "
                    f"WHERE r.form_id = :form_id AND r.deleted = 0 "
                    f"AND {_text_test('c.c0', text, params)} ORDER BY r.rowid DESC LIMIT :limit"),
                params,
            )
            return [tuple(r) for r in rows]
    # CROSS JOIN keeps the index the outer loop, read newest first (the planner would rather
    # walk a whole form and probe the index per record); the ORDER BY is on the outer query
    # because SQLite drops one inside a flattened subquery.
    rows = session.execute(
        sql(f"SELECT {cols} FROM record_fts f CROSS JOIN record r ON r.rowid = f.rowid "
            f"WHERE {_match(text, params, 'f')} AND r.deleted = 0 {form} "
            f"ORDER BY f.rowid DESC LIMIT :limit"),
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


def last_meetings(session: Session, limit: int = 30) -> list[tuple]:
    """(id, committee, date, number, year_be) of the latest meeting of each committee, the
    most recent first (SQLite gives the bare columns of the row that holds the max)."""
    rows = session.execute(
        sql("SELECT id, title, max(record_date) AS d, json_extract(data, '$.number'), "
            "json_extract(data, '$.year_be') FROM record "
            "WHERE form_id = 'meeting' AND deleted = 0 AND title != '' "
            "GROUP BY title ORDER BY d DESC, id DESC LIMIT :n"),
        {"n": limit},
    )
    return [tuple(r) for r in rows]


def last_meeting_id(session: Session, committee: str) -> str | None:
    """The latest meeting (by date) of a committee."""
    return session.execute(
        sql("SELECT id FROM record WHERE form_id = 'meeting' AND deleted = 0 AND title = :c "
            "ORDER BY record_date DESC, id DESC LIMIT 1"), {"c": committee}).scalar()


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


def people(session: Session, text: str = "", limit: int = 200) -> list[tuple[str, str, str, str]]:
    """(prefix, name, position, role) of people in meetings before, whose name holds `text`
    anywhere, whatever its tone marks (core.searchtext), the most recent meetings first."""
    name = "json_extract(a.value, '$.name')"
    rows = session.execute(
        sql("SELECT json_extract(a.value, '$.prefix'), " + name + ", "
            "json_extract(a.value, '$.position'), json_extract(a.value, '$.role') "
            "FROM record r, json_each(r.data, '$.attendees') a "
            "WHERE r.form_id = 'meeting' AND r.deleted = 0 "
            f"AND instr({sql_fold(name)}, :t) > 0 ORDER BY r.record_date DESC LIMIT :n"),
        {"t": fold(text), "n": limit},
    )
    out: dict[tuple, None] = {}
    for r in rows:
        out.setdefault(tuple(x or "" for x in r), None)
    return list(out)
