"""The province overview on PCs synced from a simulated SBPAC area (tests/helpers/district_sim.py):
39 district PCs (the 37 SBPAC districts and two outside) wrote a fiscal year of projects,
progress reports and meetings through the services API and sent them to a real server
online or by USB; a Yala province officer's PC and an SBPAC region officer's PC synced.
Every figure is compared with sums computed here from what the district PCs were told to
write (district_sim.expected), never from the store code under test."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal

import pytest

from tambon_desktop.cli import main
from tambon_desktop.core import geo
from tambon_desktop.core.errors import KnownError
from tambon_desktop.services import overview
from tambon_desktop.services.workspace import Workspace
from tests.helpers.district_sim import (
    AREA,
    FISCAL,
    NEVER,
    OUTSIDE,
    PROVINCE,
    STOPPED,
    STOPPED_DAYS,
    USB_THEN_ONLINE,
    USB_TO_PROVINCE,
    USB_TO_REGION,
    expected,
    world,
)

# the simulation takes minutes to build (once per session); it runs in the normal suite
pytestmark = pytest.mark.slow
MONTH = "2022-01"  # มกราคม 2565: the stopped districts have sent nothing for it
YALA = tuple(d.code for d in geo.districts(PROVINCE))


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    return world(tmp_path_factory)


@pytest.fixture
def province(sim):
    with Workspace.open(sim.province_dir) as ws:
        yield ws


@pytest.fixture
def region(sim):
    with Workspace.open(sim.region_dir) as ws:
        yield ws


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def days_ago(iso: str) -> int:
    return (today() - dt.date.fromisoformat(iso[:10])).days


def check(fig: overview.Figures, want: dict, where: str) -> None:
    got = (fig.projects, fig.reports, fig.approved, fig.disbursed, fig.people, fig.meetings,
           fig.certified)
    assert got == (want["projects"], want["reports"], want["approved"], want["disbursed"],
                   want["people"], want["meetings"], want["certified"]), where
    if want["physical"] is None:
        assert fig.physical_percent is None, where
    else:
        assert fig.physical_percent == pytest.approx(float(want["physical"])), where
    if want["percent"] is None:
        assert fig.disbursed_percent is None, where
    else:
        assert fig.disbursed_percent == pytest.approx(float(want["percent"])), where


def held_districts(folder) -> set[str]:
    """Districts of the records in a PC's SQLite file, read straight from the file."""
    conn = sqlite3.connect(Workspace.path_in(folder))
    try:
        return {a for (a,) in conn.execute("SELECT DISTINCT amphoe FROM record")}
    finally:
        conn.close()


def test_the_simulation_is_the_size_the_issue_asks(sim):
    plans = sim.plans
    assert len(AREA) == 37 and len(plans) == 39
    assert all(len(p.projects) == 5 for p in plans.values())
    months = {r["data"]["period"] for p in plans.values() for r in p.reports}
    assert sorted(months) == FISCAL
    sent = sum(r["final"] == "sent" for p in plans.values() for r in p.reports)
    assert sent > 1800  # 39 × 5 × 12 less the months skipped and the stopped districts
    certified = sum(m["final"] == "certified" and not m["deleted"]
                    for p in plans.values() for m in p.meetings)
    assert certified > 50
    print("simulation built in", {k: round(v, 1) for k, v in sim.seconds.items()})


def test_province_pc_figures_equal_the_districts_own_sums(sim, province):
    view = overview.overview(province, "2565-01", today=today())
    assert view.scope == "จังหวัดยะลา" and view.month == MONTH
    assert [r.code for r in view.rows] == list(YALA)  # every district, the silent ones too
    for month in (MONTH, "2021-11"):
        view = overview.overview(province, month, today=today())
        want = expected(sim.plans, month, YALA)
        assert want["total"]["reports"] > 20
        for row in view.rows:
            check(row.figures, want[row.code], f"{row.code} {month}")
        check(view.total, want["total"], f"total {month}")
    for point in view.series:  # the fiscal year, month by month
        check(point.figures, expected(sim.plans, point.month, YALA)["total"], point.month)


def test_province_pc_flags_silent_and_late_districts(sim, province):
    view = overview.overview(province, MONTH, today=today())
    rows = {r.code: r for r in view.rows}
    want = expected(sim.plans, MONTH, YALA)
    never, stopped = set(NEVER) & set(YALA), set(STOPPED) & set(YALA)
    assert never and stopped
    assert {c for c, r in rows.items() if r.silent} == never | stopped
    assert {c for c, r in rows.items() if r.late} == {c for c in YALA if not want[c]["reports"]}
    assert never | stopped <= {c for c, r in rows.items() if r.late}
    for code in never:  # nothing ever came: a row of zeros
        row = rows[code]
        assert (row.figures.projects, row.figures.reports, row.figures.approved) == (0, 0, 0)
        assert row.last_received is None and row.last_via == ""
    for code in stopped:  # last heard from weeks ago
        assert days_ago(rows[code].last_received) in (STOPPED_DAYS, STOPPED_DAYS + 1)
        assert rows[code].figures.projects == 5
    for code in set(YALA) - never - stopped:
        assert days_ago(rows[code].last_received) in (0, 1)  # (built just before midnight)


def test_usb_only_districts_show_their_data_and_that_it_came_by_usb(sim, province, region):
    for ws, codes in ((province, USB_TO_PROVINCE), (region, USB_TO_REGION)):
        view = overview.overview(ws, MONTH, today=today())
        rows = {r.code: r for r in view.rows}
        for code in codes:
            row = rows[code]
            assert row.figures.reports == expected(sim.plans, MONTH, [code])[code]["reports"] > 0
            assert (row.last_via, row.last_pc) == ("usb", sim.plans[code].device_id), code
            assert not row.silent
    # a district that sent by USB weeks ago and online since: its latest data came online
    rows = {r.code: r for r in overview.overview(province, MONTH, today=today()).rows}
    for code in USB_THEN_ONLINE:
        # the pull names the PC whose op wrote the record: the district's own
        assert (rows[code].last_via, rows[code].last_pc) == ("online", sim.plans[code].device_id)
        assert days_ago(rows[code].last_received) in (0, 1)
        check(rows[code].figures, expected(sim.plans, MONTH, [code])[code], code)
    # elsewhere the data came from the server (the province PC relayed the stick), and the
    # pull names the district's PC that signed the ops, not the province PC that relayed them
    rows = {r.code: r for r in overview.overview(region, MONTH, today=today()).rows}
    for code in USB_TO_PROVINCE:
        assert (rows[code].last_via, rows[code].last_pc) == ("online", sim.plans[code].device_id)
        check(rows[code].figures, expected(sim.plans, MONTH, [code])[code], code)
    online = [code for code, row in rows.items() if row.last_via == "online"]
    assert len(online) > 20
    assert all(rows[code].last_pc == sim.plans[code].device_id for code in online)


def test_region_pc_covers_the_37_districts_and_nothing_else(sim, region):
    assert set(region.scope_districts()) == set(AREA)
    view = overview.overview(region, MONTH, today=today())
    assert sorted(r.code for r in view.rows) == sorted(AREA)
    want = expected(sim.plans, MONTH, AREA)
    for row in view.rows:
        check(row.figures, want[row.code], row.code)
    check(view.total, want["total"], "total")
    assert {r.code for r in view.rows if r.silent} == set(NEVER) | set(STOPPED)
    for point in view.series:
        check(point.figures, expected(sim.plans, point.month, AREA)["total"], point.month)


def test_a_district_outside_the_scope_never_reaches_an_officer_pc(sim):
    sending = {c for c, p in sim.plans.items() if p.sends}
    assert set(OUTSIDE) <= sending  # they did send, to the same server
    assert held_districts(sim.province_dir) == sending & set(YALA)
    assert held_districts(sim.region_dir) == sending & set(AREA)
    names = {geo.name_of(c) for c in OUTSIDE} | {
        d.name_th for p in ("94", "96") for d in geo.districts(p)}
    with Workspace.open(sim.province_dir) as ws:
        text = json.dumps(overview.overview(ws, MONTH).to_dict(), ensure_ascii=False)
    assert not [n for n in names if f'"name": "{n}"' in text]
    with Workspace.open(sim.region_dir) as ws:
        text = json.dumps(overview.overview(ws, MONTH).to_dict(), ensure_ascii=False)
    assert not [c for c in OUTSIDE if f'"code": "{c}"' in text]


def _snapshot(folder) -> list[tuple]:
    conn = sqlite3.connect(Workspace.path_in(folder))
    try:
        return list(conn.execute("SELECT id, status, data, deleted, server_version FROM record "
                                 "ORDER BY id"))
    finally:
        conn.close()


@pytest.mark.parametrize("pc", ["province", "region"])
def test_officer_pcs_refuse_every_edit_in_thai(sim, pc, request):
    from tambon_desktop.services import usb

    folder = sim.province_dir if pc == "province" else sim.region_dir
    before = _snapshot(folder)
    ws = request.getfixturevalue(pc)
    plan = sim.plans[YALA[0]]
    project, report = plan.projects[0], next(r for r in plan.reports if r["final"] == "sent")
    meeting = next(m for code in YALA if sim.plans[code].sends
                   for m in sim.plans[code].meetings if m["final"] == "checked")
    attempts = [
        lambda: ws.records.create("progress_report", {**report["data"], "period": "2022-02"}),
        lambda: ws.records.update(project["id"], {**ws.records.get(project["id"]).data,
                                                  "name": "แก้ชื่อ"}),
        lambda: ws.records.delete(report["id"]),
        lambda: ws.records.transition(meeting["id"], "certify"),
        lambda: usb.export_bundle(ws, folder),
    ]
    for attempt in attempts:
        with pytest.raises(KnownError) as caught:
            attempt()
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in caught.value.message_th)
    assert _snapshot(folder) == before
    assert ws.outbox_counts() == {"pending": 0, "sent": 0, "acked": 0, "rejected": 0}


def test_cli_json_and_xlsx_agree_with_the_districts_sums(sim, tmp_path, capsys):
    import openpyxl

    folder = str(sim.province_dir)
    want = expected(sim.plans, MONTH, YALA)
    assert main(["--data-dir", folder, "overview", "--month", "2565-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in data["districts"]] == list(YALA)
    for d in [*data["districts"], {**data["total"], "code": "total"}]:
        w = want[d["code"]]
        assert (d["projects"], d["reports"], Decimal(d["approved"]), Decimal(d["disbursed"]),
                d["people"], d["meetings"], d["certified"]) == (
            w["projects"], w["reports"], w["approved"], w["disbursed"], w["people"],
            w["meetings"], w["certified"]), d["code"]
        for key, ref in (("physical_percent", "physical"), ("disbursed_percent", "percent")):
            assert d[key] == (None if w[ref] is None else pytest.approx(float(w[ref]), abs=0.0051))
    flags = {d["code"]: (d["silent"], d["last_via"]) for d in data["districts"]}
    assert flags["9504"] == (True, "") and flags["9506"] == (True, "online")
    assert flags["9502"] == (False, "usb")

    target = tmp_path / "ยะลา.xlsx"
    assert main(["--data-dir", folder, "report", "province", "--month", "2565-01",
                 "-o", str(target)]) == 0
    capsys.readouterr()
    sheet = openpyxl.load_workbook(target)["สรุปรายอำเภอ"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[3] for r in rows[:-1]] == list(YALA) and rows[-1][2] == "รวม"
    for row, code in zip(rows, [*YALA, "total"], strict=True):
        w = want[code]
        assert (row[4], row[5], Decimal(str(row[6])), Decimal(str(row[7])), *row[10:13]) == (
            w["reports"], w["projects"], w["approved"], w["disbursed"], w["people"],
            w["meetings"], w["certified"]), code
        assert row[8] == (None if w["percent"] is None
                          else pytest.approx(float(w["percent"]), abs=0.0051))
        if code != "total":
            assert row[9] == (None if w["physical"] is None
                              else pytest.approx(float(w["physical"]), abs=0.0051))
            assert row[14] == {"usb": "USB", "online": "ออนไลน์", "": None}[flags[code][1]]
            # the PC it came from: by USB or online, the district's own (None: nothing came)
            assert row[15] == (sim.plans[code].device_id if flags[code][1] else None)
