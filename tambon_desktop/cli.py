"""`tambon`: headless commands over the services, for scripting and province batch work.

Errors print one line (Thai, then English) on stderr and exit non-zero; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tambon_desktop.core.console import json_ascii, tolerant_streams
from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.paths import ENV_DATA_DIR


def _ws(args):
    from tambon_desktop.services.workspace import Workspace

    return Workspace.open(args.data_dir)


def _print_rows(rows: list[tuple], as_json: bool) -> None:
    from tambon_desktop.services.lifecycle import STATUS_LABELS
    from tambon_desktop.store.queries import LIST_COLUMNS

    if as_json:
        print(json.dumps([dict(zip(LIST_COLUMNS, r, strict=True)) for r in rows],
                         ensure_ascii=json_ascii(), indent=2))
        return
    for r in rows:
        row = dict(zip(LIST_COLUMNS, r, strict=True))
        status = STATUS_LABELS.get(row["status"], row["status"])
        print(f"{row['id']}  {row['form_id']:<15} {row['record_date'] or '-':<10}  "
              f"{status:<12} {row['title']}")


def cmd_init(args) -> int:
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.init(args.data_dir, district=args.district, user=args.user, role=args.role)
    if args.demo:
        ws.load_samples()
    print(f"workspace ready in {ws.folder} (district {ws.district}, device {ws.device_id})")
    ws.close()
    return 0


def cmd_import(args) -> int:
    from tambon_desktop.services import interchange

    with _ws(args) as ws:
        for name in args.files:
            print(interchange.import_file(ws, Path(name)).id)
    return 0


def cmd_export(args) -> int:
    from tambon_desktop.services import interchange

    with _ws(args) as ws:
        obj = interchange.export_record(ws, args.id, include_sensitive=args.include_sensitive)
    print(json.dumps(obj, ensure_ascii=json_ascii(), indent=2))
    return 0


def cmd_list(args) -> int:
    from tambon_desktop.forms.registry import get_form
    from tambon_desktop.store.queries import ListQuery

    get_form(args.form)
    with _ws(args) as ws:
        rows = ws.records.list(ListQuery(args.form, sort=args.sort, descending=not args.ascending,
                                         status=args.status, limit=args.limit))
    _print_rows(rows, args.json)
    return 0


def cmd_search(args) -> int:
    with _ws(args) as ws:
        rows = ws.records.search(args.text, form_id=args.form, limit=args.limit)
    _print_rows(rows, args.json)
    return 0


def cmd_status(args) -> int:
    from tambon_desktop.services.lifecycle import STATUS_LABELS

    with _ws(args) as ws:
        view = ws.records.transition(args.id, args.transition, comment=args.comment)
    print(f"{view.id} {view.status} ({STATUS_LABELS.get(view.status, view.status)})")
    return 0


def cmd_history(args) -> int:
    with _ws(args) as ws:
        for at, user, before, after, comment in ws.records.history(args.id):
            print(f"{at}  {user}  {before} -> {after}" + (f"  ({comment})" if comment else ""))
    return 0


def cmd_delete(args) -> int:
    with _ws(args) as ws:
        ws.records.delete(args.id)
    print(f"{args.id} deleted")
    return 0


def cmd_user(args) -> int:
    with _ws(args) as ws:
        ws.set_user(args.user, args.role)
        print(f"user {ws.user} ({ws.role})")
    return 0


def cmd_village(args) -> int:
    with _ws(args) as ws:
        if args.action == "add":
            ws.add_village(args.tambon, args.moo, args.name)
        for moo, name in ws.villages(args.tambon):
            print(f"{args.tambon} หมู่ที่ {moo} {name}")
    return 0


def cmd_backup(args) -> int:
    with _ws(args) as ws:
        print(ws.backup(args.dir))
    return 0


def cmd_restore(args) -> int:
    from tambon_desktop.services.workspace import Workspace

    kept = Workspace.restore(args.data_dir, Path(args.file))
    print(f"restored {args.file}; the replaced store is kept as {kept}")
    return 0


def cmd_outbox(args) -> int:
    with _ws(args) as ws:
        counts = ws.outbox_counts()
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tambon", description="Tambon Desktop command line")
    p.add_argument("--data-dir", default=None,
                   help=f"workspace folder (default: ${ENV_DATA_DIR} or the per-user data folder)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help="set up a workspace for a district")
    s.add_argument("--district", required=True, help="4-digit DOPA district code, e.g. 9501")
    s.add_argument("--user", required=True)
    s.add_argument("--role", default="clerk", help="clerk, checker, district_chief, province_officer, admin")
    s.add_argument("--demo", action="store_true", help="load the seed meeting and project")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("import", help="import tambon-record/1 JSON files; prints the new ids")
    s.add_argument("files", nargs="+")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="write a record as tambon-record/1 JSON to stdout")
    s.add_argument("id")
    s.add_argument("--include-sensitive", action="store_true",
                   help="also write the form's sensitive fields (PDPA section 26 data, national "
                        "IDs), left out by default; each such export is written in the audit log")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("list", help="list the records of a form")
    s.add_argument("--form", required=True)
    s.add_argument("--status")
    s.add_argument("--sort", default="updated", choices=["updated", "title", "date", "status",
                                                          "created"])
    s.add_argument("--ascending", action="store_true")
    s.add_argument("--limit", type=int, default=200)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("search", help="Thai substring search over all records")
    s.add_argument("text")
    s.add_argument("--form")
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("status", help="move a record through its lifecycle")
    s.add_argument("id")
    s.add_argument("transition", help="submit, return, check, certify, cancel, approve, send, ...")
    s.add_argument("--comment", default="")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("history", help="the lifecycle history of a record")
    s.add_argument("id")
    s.set_defaults(func=cmd_history)

    s = sub.add_parser("delete", help="delete a draft (kept as a tombstone)")
    s.add_argument("id")
    s.set_defaults(func=cmd_delete)

    s = sub.add_parser("user", help="set who works at this PC and their role")
    s.add_argument("user")
    s.add_argument("--role", required=True)
    s.set_defaults(func=cmd_user)

    s = sub.add_parser("village", help="the local village list of a tambon")
    s.add_argument("action", choices=["add", "list"])
    s.add_argument("tambon")
    s.add_argument("moo", type=int, nargs="?", default=0)
    s.add_argument("name", nargs="?", default="")
    s.set_defaults(func=cmd_village)

    s = sub.add_parser("backup", help="write a consistent copy of the local store to DIR")
    s.add_argument("dir")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="replace the local store with a backup (close the app)")
    s.add_argument("file")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("outbox", help="count ops by state (pending, sent, acked, rejected)")
    s.set_defaults(func=cmd_outbox)

    for register in _extensions():
        register(sub)
    return p


def _extensions():
    """Commands that live beside their feature (PDF, sync, USB)."""
    from tambon_desktop import cli_overview, cli_print

    out = [cli_print.register, cli_overview.register]
    try:
        from tambon_desktop import sync_cli
    except ImportError:
        pass
    else:
        out.append(sync_cli.register)
    from tambon_desktop import usb_cli

    out.append(usb_cli.register)
    return out


def main(argv: list[str] | None = None) -> int:
    tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KnownError as exc:
        line = exc.message_th if exc.message_th == exc.message_en else \
            f"{exc.message_th} — {exc.message_en}"
        print(f"tambon: {line}".replace("\n", " "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
