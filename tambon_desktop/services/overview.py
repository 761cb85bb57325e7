"""The province overview (ภาพรวม): for a chosen month, one row per district of this PC's scope
(every district, those that sent nothing too), a totals row and the month-by-month series of
the fiscal year (1 Oct – 30 Sep). Plain data for the page, `tambon overview` and the report.

Figures for a month (period YYYY-MM, CE like every stored date):
- reports: projects with a sent progress report of that period (the latest one per project);
  projects: the district's live project records.
- approved / disbursed: sums over those reports; percent = disbursed ÷ approved × 100.
- physical: mean of the reports' physical progress (%); people: sum of people reached.
- meetings: meetings dated in the month, not cancelled; certified: of those, certified.
- last received: the latest pulled record (online sync or down-bundle) or USB up-bundle of the
  district, and the PC it came from: the bundle's device, or the PC whose op wrote the pulled
  record (its name and user too, from a server that sends them), see store/overview.
  A bundle this PC relays comes back in its next pull: when everything pulled of the district
  was written before the latest bundle read here, the data came by USB.
- late: no progress report for the month; silent: nothing received for SILENT_DAYS days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tambon_desktop.core import geo, thai
from tambon_desktop.core.clock import parse_stamp
from tambon_desktop.core.errors import KnownError
from tambon_desktop.store import overview as q

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

SILENT_DAYS = 21


@dataclass
class Figures:
    """One district's (or the total's, or one month's) figures."""

    projects: int = 0
    reports: int = 0
    approved: Decimal = Decimal("0.00")
    disbursed: Decimal = Decimal("0.00")
    physical_sum: Decimal = Decimal(0)  # sum of the reports' physical %, for the mean
    people: int = 0
    meetings: int = 0
    certified: int = 0

    @property
    def disbursed_percent(self) -> float | None:
        return None if not self.approved else float(self.disbursed * 100 / self.approved)

    @property
    def physical_percent(self) -> float | None:
        return None if not self.reports else float(self.physical_sum / self.reports)

    def add_report(self, approved, disbursed, physical, people) -> None:
        self.reports += 1
        self.approved += _money(approved)
        self.disbursed += _money(disbursed)
        self.physical_sum += Decimal(str(physical or 0))
        self.people += int(people or 0)

    def add(self, other: Figures) -> None:
        for name in ("projects", "reports", "approved", "disbursed", "physical_sum", "people",
                     "meetings", "certified"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DistrictRow:
    code: str
    name: str
    province: str  # province name
    figures: Figures = field(default_factory=Figures)
    last_received: str | None = None  # ISO UTC
    last_via: str = ""  # "online", "usb" or ""
    last_pc: str = ""  # device id of the PC, when known
    last_pc_name: str = ""  # 'its name (user)', when the server told (online)
    late: bool = False
    silent: bool = False


@dataclass
class MonthPoint:
    month: str  # YYYY-MM
    label: str  # Thai short month and BE year: 'ต.ค. 2564'
    figures: Figures


@dataclass
class Overview:
    month: str  # YYYY-MM (CE)
    label: str  # 'มกราคม 2565'
    fiscal_year_be: int
    scope: str  # Thai: 'จังหวัดยะลา'
    as_of: str  # the day 'silent' is measured from (ISO)
    rows: list[DistrictRow]
    total: Figures
    series: list[MonthPoint]

    def to_dict(self) -> dict:
        def figures(f: Figures) -> dict:
            out = {k: v for k, v in asdict(f).items() if k != "physical_sum"}
            out["approved"], out["disbursed"] = str(f.approved), str(f.disbursed)
            out["disbursed_percent"] = _round(f.disbursed_percent)
            out["physical_percent"] = _round(f.physical_percent)
            return out

        return {
            "month": self.month, "label": self.label, "fiscal_year_be": self.fiscal_year_be,
            "scope": self.scope, "as_of": self.as_of,
            "districts": [{"code": r.code, "name": r.name, "province": r.province,
                           **figures(r.figures), "last_received": r.last_received,
                           "last_via": r.last_via, "last_pc": r.last_pc,
                           "last_pc_name": r.last_pc_name, "late": r.late,
                           "silent": r.silent} for r in self.rows],
            "total": figures(self.total),
            "series": [{"month": p.month, "label": p.label, **figures(p.figures)}
                       for p in self.series],
        }


def pc_name(name: str, user: str) -> str:
    """'PC-AMPHOE (somchai)', or whichever of the two is known."""
    if name and user:
        return f"{name} ({user})"
    return name or user


def pc_label(row: DistrictRow) -> str:
    """The PC a district's last data came from, for a table cell: its name and user, else
    the end of its device id, else ''."""
    return row.last_pc_name or (f"…{row.last_pc[-8:]}" if row.last_pc else "")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _money(value) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        return thai.parse_money(value)
    except ValueError:
        return Decimal("0.00")


def _written_before(stamp: str | None, bundle_made: str) -> bool:
    """Was a record stamped `stamp` (HLC, the district PC's clock) written before that PC
    wrote a bundle at `bundle_made` (ISO UTC to the second, the same clock)?"""
    if not stamp or not bundle_made:
        return False
    try:
        made = dt.datetime.fromisoformat(bundle_made.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parse_stamp(stamp)[0] // 1000 <= int(made.timestamp())


def parse_month(text: str) -> str:
    """'2022-01', '2565-01' or '๒๕๖๕-๐๑' → '2022-01' (a year from 2400 is Buddhist-Era)."""
    try:
        year, mon = (int(x) for x in thai.to_arabic_digits(str(text).strip()).split("-"))
    except ValueError:
        year = mon = 0
    if year >= 2400:
        year -= thai.BE_OFFSET
    if not 1 <= mon <= 12 or not 1900 <= year <= 2200:
        raise KnownError(f"เดือนต้องเป็น ปปปป-ดด (เช่น 2565-01) ไม่ใช่ '{text}'",
                         f"month must be YYYY-MM, got {text!r}")
    return f"{year:04d}-{mon:02d}"


def fiscal_months(month: str) -> list[str]:
    """The twelve months (Oct – Sep) of the fiscal year `month` falls in."""
    year, mon = int(month[:4]), int(month[5:])
    start = year if mon >= 10 else year - 1
    return [f"{start if m >= 10 else start + 1:04d}-{m:02d}" for m in (10, 11, 12, *range(1, 10))]


def month_label(month: str, *, short: bool = False) -> str:
    names = thai.MONTHS_SHORT if short else thai.MONTHS
    return f"{names[int(month[5:]) - 1]} {thai.be_year(int(month[:4]))}"


def scope(ws: Workspace) -> tuple[str, tuple[geo.Area, ...]]:
    """(Thai scope name, districts) of this PC, from the workspace's scope: a province
    officer sees every district of the province, a region officer those of its provinces and
    single districts, any other role its own district."""
    codes = set(ws.scope_districts())
    provinces = sorted({code[:2] for code in codes})
    areas = tuple(d for p in provinces for d in geo.districts(p) if d.code in codes)
    return ws.scope_label(), areas


def overview(ws: Workspace, month: str, *, today: dt.date | None = None,
             districts: tuple[geo.Area, ...] | None = None, scope_name: str = "") -> Overview:
    """The overview of `month` for this PC's scope (or for `districts`, e.g. a region)."""
    month = parse_month(month)
    if districts is None:
        scope_name, districts = scope(ws)
    today = today or dt.datetime.now(dt.UTC).date()
    codes = [d.code for d in districts]
    months = fiscal_months(month)
    with ws.db.read() as s:
        progress = q.progress(s, codes, months[0], months[-1])
        projects = q.projects(s, codes)
        meetings = q.meetings(s, codes, months[0], months[-1])
        pulled = q.last_pulled(s, codes)
        written = q.newest_pulled(s, codes)
        usb = q.last_usb(s, codes)
    rows = {d.code: DistrictRow(d.code, d.name_th, geo.name_of(d.code[:2]) or "") for d in districts}
    series = {m: Figures() for m in months}
    for district, period, approved, disbursed, physical, people in progress:
        series[period].add_report(approved, disbursed, physical, people)
        if period == month:
            rows[district].figures.add_report(approved, disbursed, physical, people)
    for district, m, held, certified in meetings:
        series[m].meetings += held or 0
        series[m].certified += certified or 0
        if m == month:
            rows[district].figures.meetings += held or 0
            rows[district].figures.certified += certified or 0
    silent_before = (today - dt.timedelta(days=SILENT_DAYS)).isoformat()
    total = Figures()
    for row in rows.values():
        row.figures.projects = projects.get(row.code, 0)
        online, pc, name, user = pulled.get(row.code, (None, "", "", ""))
        usb_at, usb_pc, usb_made = usb.get(row.code, (None, "", ""))
        if usb_at and (not online or usb_at > online
                       or _written_before(written.get(row.code), usb_made)):
            row.last_received, row.last_via, row.last_pc = usb_at, "usb", usb_pc
        elif online:
            row.last_received, row.last_via, row.last_pc = online, "online", pc
            row.last_pc_name = pc_name(name, user)
        row.late = row.figures.reports == 0
        row.silent = not row.last_received or row.last_received[:10] < silent_before
        total.add(row.figures)
    for m in months:
        series[m].projects = total.projects
    return Overview(
        month=month, label=month_label(month), fiscal_year_be=thai.fiscal_year_be(f"{month}-01"),
        scope=scope_name, as_of=today.isoformat(), rows=list(rows.values()), total=total,
        series=[MonthPoint(m, month_label(m, short=True), series[m]) for m in months])


@dataclass
class ProjectLine:
    district: str
    id: str
    name: str
    reported: bool  # a sent progress report of the month
    approved: Decimal | None
    disbursed: Decimal | None
    physical: float | None
    people: int | None


def project_lines(ws: Workspace, month: str, districts: tuple[geo.Area, ...] | None = None
                  ) -> list[ProjectLine]:
    """Every live project of the scope with its report of `month`, by district (the
    consolidated report's second part)."""
    month = parse_month(month)
    if districts is None:
        districts = scope(ws)[1]
    with ws.db.read() as s:
        rows = q.project_lines(s, [d.code for d in districts], month)
    out = []
    for district, pid, name, approved, disbursed, physical, people in rows:
        reported = approved is not None or disbursed is not None or physical is not None
        out.append(ProjectLine(
            district, pid, str(name or ""), reported,
            _money(approved) if reported else None, _money(disbursed) if reported else None,
            None if physical is None else float(physical),
            None if people is None else int(people)))
    return out


# -- charts (the page's and the printed report's pictures) ------------------------------------

@dataclass(frozen=True)
class Bar:
    """One district's bars for the month: disbursed (% of approved) and physical progress."""

    code: str
    name: str
    disbursed: float | None  # None: no report of the month
    physical: float | None
    late: bool
    silent: bool


@dataclass(frozen=True)
class LinePoint:
    """One month of the fiscal-year line: disbursed (% of approved) and physical progress of
    the month's reports (None: no report that month)."""

    month: str  # YYYY-MM
    label: str  # 'ต.ค. 64': Thai short month, two-digit Buddhist-Era year (an axis label)
    disbursed: float | None
    physical: float | None


def bars(view: Overview) -> list[Bar]:
    """The per-district bars of an overview, in its row order."""
    return [Bar(r.code, r.name, r.figures.disbursed_percent, r.figures.physical_percent,
                r.late, r.silent) for r in view.rows]


def line(series: list[MonthPoint]) -> list[LinePoint]:
    """A fiscal year's series (Overview.series or fiscal_year()) as the line's points."""
    return [LinePoint(p.month, axis_label(p.month), p.figures.disbursed_percent,
                      p.figures.physical_percent) for p in series]


def axis_label(month: str) -> str:
    """'2021-10' → 'ต.ค. 64'."""
    return f"{thai.MONTHS_SHORT[int(month[5:]) - 1]} {thai.be_year(int(month[:4])) % 100:02d}"


def fiscal_year(ws, month: str, district: str) -> list[MonthPoint]:
    """The fiscal year of `month`, month by month, of one district of this PC's scope (the
    line drawn beside the scope's when a district is chosen); figures as in overview()."""
    month = parse_month(month)
    if not ws.in_scope(district):
        raise KnownError("อำเภอนี้ไม่อยู่ในขอบเขตของเครื่องนี้",
                         f"district {district!r} is outside this PC's scope")
    months = fiscal_months(month)
    with ws.db.read() as s:
        progress = q.progress(s, [district], months[0], months[-1])
        projects = q.projects(s, [district]).get(district, 0)
        meetings = q.meetings(s, [district], months[0], months[-1])
    series = {m: Figures(projects=projects) for m in months}
    for _district, period, approved, disbursed, physical, people in progress:
        series[period].add_report(approved, disbursed, physical, people)
    for _district, m, held, certified in meetings:
        series[m].meetings += held or 0
        series[m].certified += certified or 0
    return [MonthPoint(m, month_label(m, short=True), series[m]) for m in months]


# -- one district's records (the page's drill-down) ----------------------------------------

DISTRICT_FORMS = ("project", "progress_report", "meeting")


@dataclass(frozen=True)
class RecordLine:
    form_id: str
    id: str
    title: str
    date: str  # ISO (CE), '' when none
    status: str


def district_records(ws, district: str) -> dict[str, list[RecordLine]]:
    """Projects, progress reports and meetings (minutes) of one district of this PC's scope,
    each list newest first: what the overview opens for a district (read-only)."""
    if not ws.in_scope(district):
        raise KnownError("อำเภอนี้ไม่อยู่ในขอบเขตของเครื่องนี้",
                         f"district {district!r} is outside this PC's scope")
    with ws.db.read() as s:
        rows = q.district_records(s, district, list(DISTRICT_FORMS))
    out: dict[str, list[RecordLine]] = {f: [] for f in DISTRICT_FORMS}
    for form_id, rid, title, date, status in rows:
        out[form_id].append(RecordLine(form_id, rid, str(title or ""), date or "", status or ""))
    return out
