"""Province overview benchmark: the overview of a month over every district of the SBPAC area
(37 districts × 5 projects × 12 months of progress reports, meetings) and over 10× the
projects, as a province PC holds them after a pull; changing the month; one district's
fiscal-year line (the page's chart, on choosing a district); the consolidated report (PDF with
its charts, and .xlsx).

Baseline, in the same run on the same file: one plain sqlite3 GROUP BY over the same records
(sums of the month's sent reports per district, no de-duplication of re-sent reports, no
meetings, no money in Decimal): the least reading those rows costs.
Targets (issue 15): overview < 300 ms at 37 districts, < 1 s at 10×; report < 2 s.

    uv run python bench/bench_overview.py [--scales 1,10]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import tempfile
import time
from pathlib import Path

from common import median_ms, print_table

from tambon_desktop.core import geo
from tambon_desktop.services import overview, province_report
from tambon_desktop.services.workspace import Workspace
from tests.helpers.province_data import MONTH, fill

BASELINE = """
SELECT amphoe, count(*), sum(CAST(json_extract(data, '$.approved_baht') AS REAL)),
       sum(CAST(json_extract(data, '$.disbursed_baht') AS REAL)),
       avg(json_extract(data, '$.physical_percent')), sum(json_extract(data, '$.people_reached'))
FROM record WHERE form_id = 'progress_report' AND deleted = 0 AND status = 'sent'
  AND json_extract(data, '$.period') = ? GROUP BY amphoe
"""


def run(scale: int, tmp: Path) -> list[tuple]:
    area = geo.sbpac_districts()
    ws = Workspace.init(tmp / f"ws{scale}", district="9501", user="bench",
                        role="province_officer")
    start = time.perf_counter()
    fill(ws, list(area), projects_each=5 * scale)
    built = time.perf_counter() - start
    with ws.db.read() as s:
        from sqlalchemy import text

        records = s.execute(text("SELECT count(*) FROM record")).scalar_one()
    path = ws.db.path
    ws.close()
    print(f"scale {scale}×: {records:,} records written through the pull path in {built:.1f} s "
          f"({records / built:,.0f} records/s)", flush=True)

    ws = Workspace.open(tmp / f"ws{scale}")
    start = time.perf_counter()
    view = overview.overview(ws, MONTH, districts=area)
    first = (time.perf_counter() - start) * 1000
    months = overview.fiscal_months(MONTH)
    k = iter(range(10_000))
    change = median_ms(lambda: overview.overview(ws, months[next(k) % 12], districts=area), 12)
    base_conn = sqlite3.connect(path)
    base = median_ms(lambda: base_conn.execute(BASELINE, (MONTH,)).fetchall(), 12)
    base_conn.close()
    start = time.perf_counter()
    lines = overview.project_lines(ws, MONTH, districts=area)
    lines_ms = (time.perf_counter() - start) * 1000
    codes = [d.code for d in area if d.code[:2] == "95"]  # the PC's scope: Yala
    j = iter(range(10_000))
    year_ms = median_ms(lambda: overview.fiscal_year(ws, MONTH, codes[next(j) % len(codes)]), 12)
    start = time.perf_counter()
    pdf_data = province_report.pdf_bytes(view, lines)  # first print in the process: fonts, words
    pdf_first = (time.perf_counter() - start) * 1000
    pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf_data))
    pdf = median_ms(lambda: province_report.pdf_bytes(view, lines), 3)
    xlsx = median_ms(lambda: province_report.xlsx_bytes(view, lines), 3)
    ws.close()
    target = 300 if scale == 1 else 1000
    rows = [
        (f"{scale}×", "overview, first after opening", first, base, first / base, f"< {target} ms"),
        (f"{scale}×", "overview, change month (median)", change, base, change / base,
         f"< {target} ms"),
        (f"{scale}×", f"projects of the month ({len(lines)} lines)", lines_ms, "", "", ""),
        (f"{scale}×", "one district's fiscal-year line (chart, median)", year_ms, "", "", ""),
        (f"{scale}×", f"report PDF ({pages} pages), first print in the process", pdf_first, "",
         "", "< 2000 ms"),
        (f"{scale}×", "report PDF (median of 3 after)", pdf, "", "", "< 2000 ms"),
        (f"{scale}×", "report .xlsx (3 sheets)", xlsx, "", "", "< 2000 ms"),
    ]
    return [(*r[:2], records, *r[2:]) for r in rows]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--scales", default="1,10")
    args = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(x) for x in args.scales.split(",")):
            rows += run(scale, Path(tmp))
    print_table("Province overview (37 districts of the SBPAC area)", rows,
                ("scale", "what", "records", "ms", "baseline ms (plain sqlite3 GROUP BY)",
                 "ratio", "target"))


if __name__ == "__main__":
    main()
