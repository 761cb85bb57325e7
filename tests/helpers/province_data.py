"""A province PC's store filled as a pull would fill it: every district of a scope with its
projects, a fiscal year of monthly progress reports and meetings, some districts silent, some
last heard from by USB. The generated input is returned too, so tests can compute the
expected figures from it without the code under test."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal

from tambon_desktop.core import geo
from tambon_desktop.core.ids import uuid7
from tambon_desktop.services.overview import fiscal_months
from tambon_desktop.store import pulled, usb_ledger

MONTH = "2022-01"  # January 2565, fiscal year 2565
TODAY = dt.datetime.now(dt.UTC).date()  # "today" of the overview tests that use this data


@dataclass
class Generated:
    districts: list[str]
    projects: list[dict] = field(default_factory=list)  # {id, district, name}
    reports: list[dict] = field(default_factory=list)  # {district, project, period, status, data, deleted}
    meetings: list[dict] = field(default_factory=list)  # {district, date, status, deleted}
    never: set[str] = field(default_factory=set)  # districts that sent nothing
    old: set[str] = field(default_factory=set)  # districts last heard from 30 days ago
    usb: dict[str, str] = field(default_factory=dict)  # district -> device id of its last bundle


def _change(form_id: str, area: dict, data: dict, *, status: str, title: str, date: str,
            deleted: bool = False) -> pulled.Incoming:
    return pulled.Incoming(
        record_id=uuid7(), form_id=form_id, form_version=1, area=area, status=status,
        data=data, version=1, deleted=deleted, hlc="000001640000000-00000", title=title,
        record_date=date)


def fill(ws, districts: list[geo.Area], *, seed: int = 15, projects_each: int = 5,
         today: dt.date | None = None) -> Generated:
    """Write the records of `districts` into `ws` through the pull path (apply_pulled)."""
    rng = random.Random(seed)
    today = today or dt.datetime.now(dt.UTC).date()
    codes = [d.code for d in districts]
    gen = Generated(districts=codes)
    gen.never = {codes[3], codes[-2]}
    gen.old = {codes[5], codes[-4]}
    usb_only = {codes[1], codes[7]}
    months = fiscal_months(MONTH)
    changes: list[pulled.Incoming] = []
    for code in codes:
        if code in gen.never:
            continue
        tambons = geo.tambons(code)
        for p in range(projects_each):
            area = {"changwat": code[:2], "amphoe": code,
                    "tambon": tambons[p % len(tambons)].code}
            budget = Decimal(rng.randrange(100_000, 1_000_001, 1000))
            name = f"โครงการที่ {p + 1} อำเภอ{code}"
            project = _change("project", area, {"name": name, "budget_baht": str(budget)},
                              status="approved", title=name, date="2021-10-01")
            changes.append(project)
            gen.projects.append({"id": project.record_id, "district": code, "name": name})
            disbursed = Decimal(0)
            for m in months:
                # in MONTH every district's first project sends a corrected report that stays
                # a draft, its second one sends twice (the later counts)
                forced = m == MONTH and p < 2
                if not forced and rng.random() < 0.15:  # this month's report not sent
                    continue
                disbursed = min(budget, disbursed + Decimal(rng.randrange(0, 120_000, 50)))
                sends = 2 if forced or rng.random() < 0.1 else 1  # sometimes sent again
                for k in range(sends):
                    data = {"project": project.record_id, "period": m,
                            "report_date": f"{m}-{20 + k:02d}",
                            "physical_percent": rng.choice([0, 12.5, 30, 47.25, 80, 100]),
                            "approved_baht": str(budget),
                            "disbursed_baht": f"{max(Decimal(0), disbursed - 10 * (sends - 1 - k)):.2f}",
                            "people_reached": rng.randrange(0, 400)}
                    draft = (p == 0 and k == 1) if forced else rng.random() < 0.05
                    status = "draft" if draft else "sent"
                    deleted = status == "draft" and not forced and rng.random() < 0.5
                    changes.append(_change("progress_report", area, data, status=status,
                                           title=m, date=data["report_date"], deleted=deleted))
                    gen.reports.append({"district": code, "project": project.record_id,
                                        "period": m, "status": status, "deleted": deleted,
                                        "data": data})
        for m in months:
            for _ in range(rng.randrange(0, 3)):
                day = f"{m}-{rng.randrange(1, 29):02d}"
                status = rng.choice(["draft", "checked", "certified", "certified", "cancelled"])
                deleted = rng.random() < 0.03
                changes.append(_change("meeting", {"changwat": code[:2], "amphoe": code},
                                       {"committee": "สภาสันติสุขตำบล", "date": day},
                                       status=status, title="สภาสันติสุขตำบล", date=day,
                                       deleted=deleted))
                gen.meetings.append({"district": code, "date": day, "status": status,
                                     "deleted": deleted})
    with ws.db.write() as s:
        pulled.apply_pulled(s, changes=changes, cursor="generated")
    # the pulls happened earlier than now: two days ago for most, 30 days for the old ones
    conn = sqlite3.connect(ws.db.path)
    with conn:
        for code in codes:
            days = 30 if code in gen.old else 2
            when = (dt.datetime.combine(today, dt.time(9)) - dt.timedelta(days=days))
            conn.execute("UPDATE record SET updated_at = ? WHERE amphoe = ?",
                         (when.strftime("%Y-%m-%dT%H:%M:%SZ"), code))
    conn.close()
    with ws.db.write() as s:  # up-bundles read from two districts' PCs, after the pulls
        for code in sorted(usb_only):
            device = uuid7()
            usb_ledger.ledger_put(s, bundle_id=uuid7(), direction="in", kind="up",
                                 district=code, device_id=device, created_at="2022-01-27",
                                 file_name="b.tambon-bundle", file_sha256="0" * 64, size=1,
                                 state="queued")
            gen.usb[code] = device
    return gen
