"""`tambon overview --month YYYY-MM [--json]`: the province overview (services/overview.py),
the same figures as the overview page, as a Thai table or JSON."""

from __future__ import annotations

import json
import unicodedata

from tambon_desktop.core.thai import format_money

HEADER = ("อำเภอ", "รายงาน/โครงการ", "อนุมัติ (บาท)", "เบิกจ่าย (บาท)", "เบิกจ่าย %", "ผลงาน %",
          "ผู้ได้รับประโยชน์", "ประชุม/รับรอง", "รับข้อมูลล่าสุด (เวลาไทย)", "ทาง", "หมายเหตุ")
RIGHT = {1, 2, 3, 4, 5, 6, 7}
VIA = {"online": "ออนไลน์", "usb": "USB", "": "-"}


def width(text: str) -> int:
    """Columns a terminal gives `text`: Thai vowels and tone marks above or below take none."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * (size - width(text))
    return gap + text if right else text + gap


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cells(name: str, f, *, received: str = "", via: str = "", note: str = "") -> list[str]:
    return [name, f"{f.reports}/{f.projects}", format_money(f.approved),
            format_money(f.disbursed), _percent(f.disbursed_percent),
            _percent(f.physical_percent), f"{f.people:,}", f"{f.meetings}/{f.certified}",
            received, via, note]


def table(view) -> str:
    """The overview as a plain-text Thai table, one line per district and a totals line."""
    from tambon_desktop.services.overview import pc_label
    from tambon_desktop.services.province_report import received_local

    def received(iso: str | None) -> str:
        local = received_local(iso)
        return local.strftime("%Y-%m-%d %H:%M") if local else "-"

    lines = [_cells(r.name, r.figures, received=received(r.last_received),
                    via=VIA[r.last_via] + (f" {pc_label(r)}" if r.last_pc else ""),
                    note=" ".join(x for x, on in (("ส่งล่าช้า", r.late), ("เงียบ", r.silent)) if on))
             for r in view.rows]
    lines.append(_cells("รวม", view.total))
    sizes = [max(width(c) for c in col) for col in zip(HEADER, *lines, strict=True)]
    out = [f"ภาพรวม{view.scope} ประจำเดือน{view.label} (ปีงบประมาณ {view.fiscal_year_be})"]
    for cells in [list(HEADER), *lines]:
        out.append("  ".join(_pad(c, sizes[i], i in RIGHT) for i, c in enumerate(cells)).rstrip())
    late = sum(r.late for r in view.rows)
    silent = sum(r.silent for r in view.rows)
    out.append(f"ส่งล่าช้า {late} อำเภอ, ไม่มีข้อมูลเข้ามาเกิน 21 วัน {silent} อำเภอ "
               f"(นับถึง {view.as_of})")
    return "\n".join(out)


def cmd_overview(args) -> int:
    from tambon_desktop.services import overview
    from tambon_desktop.services.workspace import Workspace

    with Workspace.open(args.data_dir) as ws:
        view = overview.overview(ws, args.month)
    if args.json:
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(table(view))
    return 0


def register(sub) -> None:
    s = sub.add_parser("overview", help="the province overview for a month: every district of "
                                        "this PC's scope (read-only)")
    s.add_argument("--month", required=True, help="YYYY-MM (CE or BE year)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.set_defaults(func=cmd_overview)
