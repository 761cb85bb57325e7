"""`tambon minutes` and `tambon report monthly`: the same renderer as the app's print action."""

from __future__ import annotations

from pathlib import Path

from tambon_desktop.core.files import write_atomic


def cmd_minutes(args) -> int:
    from tambon_desktop.services.workspace import Workspace

    with Workspace.open(args.data_dir) as ws:
        pdf = ws.printing.minutes_pdf(args.id)
    write_atomic(Path(args.output), pdf)
    print(args.output)
    return 0


def cmd_print_style(args) -> int:
    from tambon_desktop.services import printing
    from tambon_desktop.services.workspace import Workspace

    changes = {k: v == "yes" for k in printing.PRINT_STYLE
               if (v := getattr(args, k)) is not None}
    with Workspace.open(args.data_dir) as ws:
        style = ws.printing.set_style(**changes) if changes else ws.printing.style()
    for key, value in style.items():
        print(f"{key.replace('_', '-')}: {'yes' if value else 'no'}")
    return 0


def cmd_report(args) -> int:
    from tambon_desktop.services import province_report
    from tambon_desktop.services.workspace import Workspace

    if args.kind == "province":
        with Workspace.open(args.data_dir) as ws:
            print(province_report.write(ws, args.month, args.output))
        return 0
    with Workspace.open(args.data_dir) as ws:
        pdf = ws.printing.monthly_pdf(args.month, tambon=args.tambon)
    write_atomic(Path(args.output), pdf)
    print(args.output)
    return 0


def register(sub) -> None:
    s = sub.add_parser("minutes", help="print a meeting's minutes (แบบที่ ๑๑) to PDF")
    s.add_argument("id")
    s.add_argument("-o", "--output", required=True)
    s.set_defaults(func=cmd_minutes)

    s = sub.add_parser("print-style", help="show or set how minutes are printed (this PC)")
    for key, what in (("thai-digits", "Thai digits ๑๒๓ (default yes)"),
                      ("be-label", '"พ.ศ." before the year (default no)'),
                      ("weekday", "the weekday in the meeting date (default yes)"),
                      ("continuation", "คำต่อ: the next page's first word at each page foot "
                                       "(default no)"),
                      ("justify", "Thai distributed justification of body paragraphs (default yes)")):
        s.add_argument(f"--{key}", choices=("yes", "no"), help=what)
    s.set_defaults(func=cmd_print_style)

    s = sub.add_parser("report", help="print a report: monthly (a district's, PDF) or province "
                                      "(the overview's districts, .pdf or .xlsx)")
    s.add_argument("kind", choices=["monthly", "province"])
    s.add_argument("--month", required=True, help="YYYY-MM (CE or BE year)")
    s.add_argument("--tambon", help="monthly: 6-digit tambon code (default: every tambon with "
                                    "reports)")
    s.add_argument("-o", "--output", required=True)
    s.set_defaults(func=cmd_report)
