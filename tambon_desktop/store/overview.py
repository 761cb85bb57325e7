"""Read queries behind the province overview (services/overview.py): plain SQL over the
records a province PC holds, rows as plain tuples. Every query is limited to a list of
district codes (the PC's scope): a district outside it is never read.

Pulled records (online sync or a down-bundle) keep the district in the record's `amphoe`
column (the op's area) and `server_version > 0`; `updated_at` is when this PC applied them.
The PC a record's current version came from is in sync_origin (sent by servers that know it,
'' otherwise); for USB up-bundles it is the ledger's device (usb_ledger, direction 'in'). The
newest clock stamp pulled of each district's records is kept too (pulled_district)."""

from __future__ import annotations

import json

from sqlalchemy import text as sql
from sqlmodel import Session

_SCOPE = "IN (SELECT value FROM json_each(:scope))"


def progress(session: Session, districts: list[str], first: str, last: str) -> list[tuple]:
    """(district, period, approved, disbursed, physical %, people) of sent progress reports of
    periods first..last (YYYY-MM): per project and period only the latest report (by report
    date, then time applied), so a report sent again is not counted twice."""
    rows = session.execute(sql(
        "SELECT amphoe, period, approved, disbursed, physical, people FROM ("
        " SELECT r.amphoe AS amphoe, json_extract(r.data, '$.period') AS period,"
        " json_extract(r.data, '$.approved_baht') AS approved,"
        " json_extract(r.data, '$.disbursed_baht') AS disbursed,"
        " json_extract(r.data, '$.physical_percent') AS physical,"
        " json_extract(r.data, '$.people_reached') AS people,"
        " row_number() OVER (PARTITION BY json_extract(r.data, '$.project'),"
        "  json_extract(r.data, '$.period') ORDER BY r.record_date DESC, r.updated_at DESC,"
        "  r.id DESC) AS rn"
        " FROM record r WHERE r.form_id = 'progress_report' AND r.deleted = 0"
        f" AND r.status = 'sent' AND r.amphoe {_SCOPE}"
        " AND json_extract(r.data, '$.period') BETWEEN :first AND :last"
        ") WHERE rn = 1"),
        {"scope": json.dumps(districts), "first": first, "last": last})
    return [tuple(r) for r in rows]


def projects(session: Session, districts: list[str]) -> dict[str, int]:
    """Live (not deleted) projects per district."""
    rows = session.execute(sql(
        "SELECT amphoe, count(*) FROM record WHERE form_id = 'project' AND deleted = 0 "
        f"AND amphoe {_SCOPE} GROUP BY amphoe"), {"scope": json.dumps(districts)})
    return {a: n for a, n in rows}


def meetings(session: Session, districts: list[str], first: str, last: str) -> list[tuple]:
    """(district, YYYY-MM, held, certified) of meetings dated in months first..last; a
    cancelled meeting is not held."""
    rows = session.execute(sql(
        "SELECT amphoe, substr(record_date, 1, 7) AS m, sum(status != 'cancelled'), "
        "sum(status = 'certified') FROM record WHERE form_id = 'meeting' AND deleted = 0 "
        f"AND amphoe {_SCOPE} AND substr(record_date, 1, 7) BETWEEN :first AND :last "
        "GROUP BY amphoe, m"),
        {"scope": json.dumps(districts), "first": first, "last": last})
    return [tuple(r) for r in rows]


def last_pulled(session: Session, districts: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """(ISO UTC, device id, device name, user) of the pulled record of each district this PC
    applied last (of those applied together, the newest change): when, and from which PC
    ('' when the server did not say). SQLite takes the bare columns from the max() row."""
    rows = session.execute(sql(
        "SELECT r.amphoe, max(r.updated_at || ' ' || coalesce(o.hlc, '')), r.updated_at,"
        " coalesce(o.device_id, ''), coalesce(o.device_name, ''), coalesce(o.user_name, '')"
        " FROM record r LEFT JOIN sync_origin o ON o.record_id = r.id"
        f" WHERE r.server_version > 0 AND r.amphoe {_SCOPE} GROUP BY r.amphoe"),
        {"scope": json.dumps(districts)})
    return {a: (at, dev, name, user) for a, _, at, dev, name, user in rows}


def newest_pulled(session: Session, districts: list[str]) -> dict[str, str]:
    """The newest clock stamp (HLC) pulled of each district's records: when its PC wrote them."""
    rows = session.execute(sql(
        f"SELECT district, hlc FROM pulled_district WHERE district {_SCOPE}"),
        {"scope": json.dumps(districts)})
    return {d: h for d, h in rows}


def last_usb(session: Session, districts: list[str]) -> dict[str, tuple[str, str, str]]:
    """(ISO UTC, device id, when the district's PC wrote it) of the latest up-bundle read
    from each district's PC (bundles the server refused do not count)."""
    rows = session.execute(sql(
        "SELECT district, max(last_at), device_id, created_at FROM usb_ledger "
        "WHERE direction = 'in' AND kind = 'up' AND state != 'refused' "
        f"AND district {_SCOPE} GROUP BY district"),
        {"scope": json.dumps(districts)})
    return {d: (at, dev, made) for d, at, dev, made in rows}


def project_lines(session: Session, districts: list[str], month: str) -> list[tuple]:
    """(district, project id, name, approved, disbursed, physical %, people) of every live
    project of the districts, with its latest sent progress report of `month` (NULLs when it
    sent none), by district and project name."""
    rows = session.execute(sql(
        "WITH rep AS (SELECT json_extract(data, '$.project') AS pid, data, row_number() OVER ("
        " PARTITION BY json_extract(data, '$.project') ORDER BY record_date DESC,"
        " updated_at DESC, id DESC) AS rn FROM record WHERE form_id = 'progress_report'"
        f" AND deleted = 0 AND status = 'sent' AND amphoe {_SCOPE}"
        " AND json_extract(data, '$.period') = :month)"
        " SELECT p.amphoe, p.id, coalesce(json_extract(p.data, '$.name'), p.title),"
        " json_extract(rep.data, '$.approved_baht'), json_extract(rep.data, '$.disbursed_baht'),"
        " json_extract(rep.data, '$.physical_percent'), json_extract(rep.data, '$.people_reached')"
        " FROM record p LEFT JOIN rep ON rep.pid = p.id AND rep.rn = 1"
        f" WHERE p.form_id = 'project' AND p.deleted = 0 AND p.amphoe {_SCOPE}"
        " ORDER BY p.amphoe, p.title_key, p.id"),
        {"scope": json.dumps(districts), "month": month})
    return [tuple(r) for r in rows]


def district_records(session: Session, district: str, forms: list[str]) -> list[tuple]:
    """(form id, record id, title, record date, status) of the live records of `forms` in one
    district, newest record date first."""
    rows = session.execute(sql(
        "SELECT form_id, id, title, record_date, status FROM record WHERE deleted = 0 "
        "AND amphoe = :district AND form_id IN (SELECT value FROM json_each(:forms)) "
        "ORDER BY form_id, record_date DESC, title_key, id"),
        {"district": district, "forms": json.dumps(forms)})
    return [tuple(r) for r in rows]
