"""A simulated SBPAC area built through the real server: one district PC (a real workspace,
its own SQLite file) per district of the 37 SBPAC districts plus two districts outside it,
each writing projects, a fiscal year of monthly progress reports and meetings through the
normal services API (Records.create / transition / delete), and sending them online
(SyncEngine against a real `tambon-server` on loopback) or only by USB (a signed up-bundle
the district PC writes, read on the province or region PC and relayed to the server).

Two moments: "weeks ago" (STOPPED_DAYS back: the PCs of this process run with their clock
moved back, see `shifted_clock`) every sending district sends the first quarter of the fiscal
year; "now" the others send the rest. A Yala province officer's PC and an SBPAC region
officer's PC sync at both moments.

The plan (what each district writes) is returned with the PCs' folders, so tests compute the
expected figures from the plan, never from the store code under test."""

from __future__ import annotations

import contextlib
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tambon_desktop.core import geo
from tambon_desktop.core.ids import uuid7
from tambon_desktop.services.overview import fiscal_months
from tests.helpers.sync_harness import PASSWORD, PC, SEED_PROJECT, ServerProc, server_db_url

FISCAL = fiscal_months("2022-01")  # October 2564 .. September 2565
EARLY = FISCAL[:3]  # sent "weeks ago"; the rest "now"
STOPPED_DAYS = 28  # longer ago than services.overview.SILENT_DAYS
PROVINCE = "95"  # the province officer's province: Yala
AREA = tuple(d.code for d in geo.sbpac_districts())  # the region officer's scope (DOMAIN.md)
OUTSIDE = ("9001", "9101")  # Mueang Songkhla (not one of SBPAC's four) and Mueang Satun
NEVER = ("9504", "9606")  # their PCs write everything and never send it
STOPPED = ("9506", "9403")  # sent the first quarter, then nothing
USB_TO_PROVINCE = ("9502",)  # only by USB, the stick read on the Yala province PC
USB_TO_REGION = ("9603",)  # only by USB, the stick read on the SBPAC PC
USB_THEN_ONLINE = ("9505",)  # by USB weeks ago (read on the Yala PC), online now
PROJECTS_EACH = 5
COMMITTEE = "สภาสันติสุขตำบล"


@dataclass
class DistrictPlan:
    code: str
    projects: list[dict] = field(default_factory=list)  # {id, name, budget, tambon}
    reports: list[dict] = field(default_factory=list)  # {id, project, data, final, deleted}
    meetings: list[dict] = field(default_factory=list)  # {id, date, number, final, deleted}
    device_id: str = ""  # its PC's device id, once the PC exists

    @property
    def sends(self) -> bool:
        return self.code not in NEVER


@dataclass
class World:
    plans: dict[str, DistrictPlan]
    province_dir: Path
    region_dir: Path
    server_log: Path
    seconds: dict[str, float]  # timings of the build, for the report


def plan_district(code: str, seed: int = 15) -> DistrictPlan:
    """What one district's PC writes over the fiscal year: 5 projects, a monthly report per
    project (some months none, some left as drafts or deleted, some sent twice with a later
    report date: the later one counts), 0-2 meetings a month in every lifecycle state."""
    rng = random.Random(f"{seed}-{code}")
    plan = DistrictPlan(code)
    tambons = geo.tambons(code)
    months = EARLY if code in STOPPED else FISCAL
    for p in range(PROJECTS_EACH):
        budget = Decimal(rng.randrange(100_000, 1_000_001, 1000))
        project = {"id": uuid7(), "name": f"โครงการที่ {p + 1} ของอำเภอ {code}",
                   "budget": budget, "tambon": tambons[p % len(tambons)].code}
        plan.projects.append(project)
        disbursed = Decimal(0)
        for m in months:
            if rng.random() < 0.12:
                continue  # no report this month
            disbursed = min(budget, disbursed + Decimal(rng.randrange(0, 150_000, 50)))
            sends = 2 if rng.random() < 0.1 else 1
            for k in range(sends):
                data = {"project": project["id"], "period": m, "report_date": f"{m}-{20 + k:02d}",
                        "physical_percent": rng.choice([0, 12.5, 30, 47.25, 80, 100]),
                        "approved_baht": f"{budget:.2f}",
                        "disbursed_baht": f"{max(Decimal(0), disbursed - 10 * (sends - 1 - k)):.2f}",
                        "people_reached": rng.randrange(0, 400)}
                final = "draft" if rng.random() < 0.06 else "sent"
                deleted = final == "draft" and rng.random() < 0.5
                plan.reports.append({"id": uuid7(), "project": project["id"], "data": data,
                                     "final": final, "deleted": deleted})
    numbers: dict[int, int] = {}
    for m in months:
        for _ in range(rng.randrange(0, 3)):
            date = f"{m}-{rng.randrange(1, 29):02d}"
            year = int(date[:4])
            numbers[year] = numbers.get(year, 0) + 1
            final = rng.choice(["draft", "submitted", "checked", "certified", "certified",
                                "cancelled"])
            deleted = final == "draft" and rng.random() < 0.3
            plan.meetings.append({"id": uuid7(), "date": date, "number": numbers[year],
                                  "final": final, "deleted": deleted})
    return plan


def _meeting_data(code: str, meeting: dict) -> dict:
    return {"committee": COMMITTEE, "number": meeting["number"], "date": meeting["date"],
            "start_time": "09:30", "end_time": "12:00", "venue": f"ที่ว่าการอำเภอ {code}",
            "area": {"changwat": code[:2], "amphoe": code},
            "attendees": [{"prefix": "นาย", "name": "ประธาน ทดสอบ", "position": "นายอำเภอ",
                           "role": "ประธาน"}],
            "agenda": [{"number": "1", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"}]}


_STEPS = {"draft": (), "submitted": ("submit",), "checked": ("submit", "check"),
          "certified": ("submit", "check", "certify"), "cancelled": ("cancel",)}


def write(ws, plan: DistrictPlan, months: tuple[str, ...]) -> None:
    """Write the plan's records of `months` (projects with the first month) through the
    services API, as the district's chief would."""
    records = ws.records
    if FISCAL[0] in months:
        for p in plan.projects:
            data = {**SEED_PROJECT, "name": p["name"], "budget_baht": f"{p['budget']:.2f}",
                    "area": {"changwat": plan.code[:2], "amphoe": plan.code, "tambon": p["tambon"]}}
            records.create("project", data, record_id=p["id"])
            records.transition(p["id"], "submit")
            records.transition(p["id"], "approve")
    for r in plan.reports:
        if r["data"]["period"] not in months:
            continue
        records.create("progress_report", r["data"], record_id=r["id"])
        if r["final"] == "sent":
            records.transition(r["id"], "send")
        elif r["deleted"]:
            records.delete(r["id"])
    for m in plan.meetings:
        if m["date"][:7] not in months:
            continue
        records.create("meeting", _meeting_data(plan.code, m), record_id=m["id"])
        for step in _STEPS[m["final"]]:
            records.transition(m["id"], step)
        if m["deleted"]:
            records.delete(m["id"])


class _ShiftedTime:
    """The `time` module as core.clock sees it, `seconds` earlier."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def time_ns(self) -> int:
        return time.time_ns() - int(self.seconds * 1e9)

    def gmtime(self, secs: float | None = None):
        return time.gmtime(time.time() - self.seconds if secs is None else secs)

    def __getattr__(self, name):
        return getattr(time, name)


@contextlib.contextmanager
def shifted_clock(days: float):
    """Every PC of this process (record and op stamps, when a pull was applied, when a bundle
    was read) runs `days` back; the server, a separate process, keeps its own clock."""
    from tambon_desktop.core import clock

    real = clock.time
    clock.time = _ShiftedTime(days * 86400)
    try:
        yield
    finally:
        clock.time = real


def build(root: Path) -> World:
    """Start a server, run every district PC and the two officer PCs through both moments,
    stop the server. The officer PCs' folders stay for the tests to open."""
    root.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    started = time.monotonic()
    server = ServerProc(root / "server").start()
    seconds["server start"] = time.monotonic() - started
    url = server_db_url(server)
    codes = (*AREA, *OUTSIDE)
    plans = {code: plan_district(code) for code in codes}
    pcs: dict = {}
    officers: dict = {}
    stick = root / "stick"
    stick.mkdir()
    try:
        mark = time.monotonic()
        _add_chiefs(url, codes)

        def district_pc(code: str):
            pc = _pc(server, root / "pcs" / code, f"chief{code}", "district_chief", code)
            _no_fsync(pc.ws)
            return pc

        # sign-ins cost an argon2id check each on the server: a few at a time
        with ThreadPoolExecutor(max_workers=4) as pool:
            pcs = dict(zip(codes, pool.map(district_pc, codes), strict=True))
        for code, pc in pcs.items():
            plans[code].device_id = pc.ws.device_id
        for name, args in (("prov95", ["--role", "province-officer", "--province", PROVINCE]),
                           ("sbpac", ["--role", "region-officer", "--provinces", "94,95,96",
                                      "--districts", "9003,9004,9005,9006"])):
            done = server.admin("user", "add", name, *args, "--password-stdin",
                                stdin=PASSWORD + "\n")
            assert done.returncode == 0, done.stderr
        officers = {"province": _pc(server, root / "province", "prov95", "province_officer"),
                    "region": _pc(server, root / "region", "sbpac", "region_officer")}
        seconds["PCs and users"] = time.monotonic() - mark
        for moment, months in (("weeks ago", EARLY), ("now", tuple(FISCAL[3:]))):
            with shifted_clock(STOPPED_DAYS if moment == "weeks ago" else 0):
                mark = time.monotonic()
                for code, pc in pcs.items():
                    if moment == "now" and code in STOPPED:
                        continue
                    write(pc.ws, plans[code], tuple(months))
                seconds[f"write ({moment})"] = time.monotonic() - mark
                mark = time.monotonic()
                for code, pc in pcs.items():
                    if code in NEVER or moment == "now" and code in STOPPED:
                        continue
                    if code in USB_TO_PROVINCE + USB_TO_REGION or (
                            code in USB_THEN_ONLINE and moment == "weeks ago"):
                        _carry(pc, stick, officers["region" if code in USB_TO_REGION
                                                  else "province"])
                    else:
                        pc.engine.run_round()
                seconds[f"send ({moment})"] = time.monotonic() - mark
                mark = time.monotonic()
                for officer in officers.values():
                    officer.engine.run_round()
                seconds[f"officers sync ({moment})"] = time.monotonic() - mark
    finally:
        for pc in [*pcs.values(), *officers.values()]:
            pc.close()
        server.stop()
    seconds["total"] = time.monotonic() - started
    return World(plans, root / "province", root / "region", server.data_dir / "server.log",
                 seconds)


def _pc(server: ServerProc, folder: Path, user: str, role: str, district: str = "9501") -> PC:
    """A PC signed in to the server as `user` (a district's chief, or an officer)."""
    from tambon_desktop.services.sync import SyncEngine
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(folder, district=district, user=user, role=role)
    engine = SyncEngine(ws)
    engine.login(server=server.url, user=user, password=PASSWORD)
    return PC(ws, engine, district, user)


def _add_chiefs(database_url: str, codes) -> None:
    """A district chief user per district, straight into the server's database (one
    session for all: `tambon-server user add` is run for the officers)."""
    from tambon_desktop.server import auth, db

    engine = db.make_engine(database_url)
    try:
        with db.session_scope(engine) as session:
            for code in codes:
                auth.add_user(session, name=f"chief{code}", password=PASSWORD,
                              role="district_chief", district=code, province=None, actor="test")
    finally:
        engine.dispose()


def _no_fsync(ws) -> None:
    """A district PC here is only a source of records: its commits skip the disk flush
    (synchronous=OFF), which halves the time to write them. Durability is tested elsewhere
    (tests/integration/test_crash_safety.py); the officer PCs keep the normal setting."""
    from sqlalchemy import event

    engine = ws.db._writer
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA synchronous=OFF"))
    engine.dispose()


def _carry(pc, stick: Path, officer) -> None:
    """The district PC writes an up-bundle on the stick; the officer's PC reads it (queued
    for relay: its next sync round passes it to the server)."""
    from tambon_desktop.services import usb

    path = usb.export_bundle(pc.ws, stick).path
    assert usb.import_bundle(officer.ws, path).action == "queued"


_BUILT: dict[str, World] = {}


def world(tmp_path_factory) -> World:
    """The world, built once per test session (the province PC's tests and the GUI's)."""
    if "world" not in _BUILT:
        _BUILT["world"] = build(tmp_path_factory.mktemp("sim-area"))
    return _BUILT["world"]


# -- the expected figures, from the plans alone ------------------------------------------------


def delivered(plans: dict[str, DistrictPlan], codes) -> list[DistrictPlan]:
    """The plans of `codes` whose records reached the server (online or by USB)."""
    return [plans[c] for c in codes if c in plans and plans[c].sends]


def expected(plans: dict[str, DistrictPlan], month: str, codes) -> dict[str, dict]:
    """Per district of `codes` (and "total"): the month's figures as the district PCs wrote
    them — projects; per project the sent report of the month with the latest report date;
    the sums and means of those; meetings of the month not cancelled, and certified."""
    out: dict[str, dict] = {}
    for plan in [DistrictPlan(c) for c in codes]:
        out[plan.code] = _empty()
    for plan in delivered(plans, codes):
        latest: dict[str, dict] = {}
        for r in plan.reports:
            d = r["data"]
            if r["final"] != "sent" or d["period"] != month:
                continue
            if d["project"] not in latest or d["report_date"] > latest[d["project"]]["report_date"]:
                latest[d["project"]] = d
        held = [m for m in plan.meetings
                if m["date"][:7] == month and not m["deleted"] and m["final"] != "cancelled"]
        out[plan.code] = {
            "projects": len(plan.projects), "reports": len(latest),
            "approved": sum((Decimal(d["approved_baht"]) for d in latest.values()), Decimal(0)),
            "disbursed": sum((Decimal(d["disbursed_baht"]) for d in latest.values()), Decimal(0)),
            "physical_sum": sum(Decimal(str(d["physical_percent"])) for d in latest.values()),
            "people": sum(d["people_reached"] for d in latest.values()),
            "meetings": len(held), "certified": sum(m["final"] == "certified" for m in held)}
    total = _empty()
    for code in codes:
        for key, value in out[code].items():
            total[key] += value
    out["total"] = total
    for fig in out.values():
        fig["physical"] = fig["physical_sum"] / fig["reports"] if fig["reports"] else None
        fig["percent"] = fig["disbursed"] * 100 / fig["approved"] if fig["approved"] else None
    return out


def _empty() -> dict:
    return {"projects": 0, "reports": 0, "approved": Decimal(0), "disbursed": Decimal(0),
            "physical_sum": Decimal(0), "people": 0, "meetings": 0, "certified": 0}
