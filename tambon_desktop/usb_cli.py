"""`tambon usb-export`, `tambon usb-import`, `tambon usb-ledger`, `tambon usb-queue`: USB
exchange with the province on the command line. Registered into cli.py's subparsers by `register(subparsers)`."""

from __future__ import annotations

import json
from dataclasses import asdict

from tambon_desktop.core.console import json_ascii


def _ws(args):
    from tambon_desktop.services.workspace import Workspace

    return Workspace.open(args.data_dir)


def cmd_export(args) -> int:

    with _ws(args) as ws:
        result = ws.exchange.export_bundle(args.dir)
    if args.json:
        print(json.dumps({**asdict(result), "path": str(result.path)}))
        return 0
    seal = "encrypted to the server" if result.encrypted else "not encrypted (server key unknown)"
    ops = f"ops #{result.seq_first}..#{result.seq_last}" if result.op_count else "no ops"
    print(f"wrote {result.path} ({result.size:,} bytes): {ops} ({result.op_count}), "
          f"{result.attachment_count} attachments, {seal}; verified")
    if result.missing_attachments:
        print(f"note: {result.missing_attachments} attachments are not on this PC")
    return 0


def _print_preview(p) -> None:
    from tambon_desktop.services.usb_preview import STATE_LABELS

    print(f"bundle {p.bundle_id} ({p.kind}, {'encrypted' if p.encrypted else 'not encrypted'}), "
          f"written {p.created_at}")
    print(f"district {p.district or '-'}; device {p.device_id}; signed by {p.signer} "
          f"(key {p.signer_key[:16]}…)")
    if p.kind == "up":
        print(f"ops #{p.seq_first}..#{p.seq_last}: {p.op_count}; attachments {p.attachment_count}")
    else:
        print(f"changes {p.change_count}; acknowledged through #{p.acked_through}; "
              f"rejected {p.rejected_count}; attachments {p.attachment_count}")
    if p.detailed:
        print(f"new {p.new}  already known {p.known}  would conflict {p.conflict}")
        for seq, kind, record_id, title, state in p.items[:50]:
            print(f"  {seq:>6} {kind:<10} {record_id} {STATE_LABELS[state]:<10} {title}")
        if len(p.items) > 50:
            print(f"  … {len(p.items) - 50} more")
    if p.imported_before:
        print(f"imported here {p.imported_before} time(s) before")
    for note in p.notes:
        print(f"note: {note}")
    action = "queue for relay to the server at the next 'tambon sync'" if p.action == "relay" \
        else "apply acknowledgements and changes"
    print(f"importing will: {action}")


def cmd_import(args) -> int:

    with _ws(args) as ws:
        p = ws.exchange.preview(args.file)
        if args.preview:
            if args.json:
                print(json.dumps({**asdict(p), "path": str(p.path)}, ensure_ascii=json_ascii()))
            else:
                _print_preview(p)
            return 0
        result = ws.exchange.import_bundle(args.file)
    if args.json:
        print(json.dumps({**asdict(result), "relay_path": str(result.relay_path or "")},
                         ensure_ascii=json_ascii()))
        return 0
    _print_preview(p)
    if result.action == "queued":
        print(f"queued for relay: {result.relay_path} (import #{result.times})")
    else:
        print(f"applied: acknowledged {result.acked}, rejected {result.rejected}, records "
              f"changed {result.changes}, attachments {result.attachments} "
              f"(import #{result.times})")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def cmd_ledger(args) -> int:
    from tambon_desktop.services import usb

    with _ws(args) as ws:
        rows = ws.exchange.ledger()
    if args.json:
        print(json.dumps([dict(zip(usb.LEDGER_COLUMNS, r, strict=True)) for r in rows],
                         ensure_ascii=json_ascii(), indent=2))
        return 0
    if not rows:
        print("no bundles yet")
    for r in rows:
        row = dict(zip(usb.LEDGER_COLUMNS, r, strict=True))
        what = (f"ops #{row['seq_first']}..#{row['seq_last']} ({row['op_count']})"
                if row["kind"] == "up" else f"changes {row['change_count']}")
        print(f"{row['last_at']}  {row['direction']:<3} {row['kind']:<4} {row['district'] or '-':<4} "
              f"{row['device_id'][:8]}  {what}  {row['state']} ×{row['times']}  "
              f"{row['file_name']}" + (f"  ({row['detail']})" if row["detail"] else ""))
    return 0


def cmd_queue(args) -> int:
    """The province PC's relay queue: list it, queue a set-aside bundle again, or drop one."""

    with _ws(args) as ws:
        if args.action == "retry":
            item = ws.exchange.relay_retry(args.bundle)
            print(f"queued again: {item.bundle_id} (district {item.district}); "
                  "'tambon sync' offers it to the server")
            return 0
        if args.action == "drop":
            item = ws.exchange.relay_drop(args.bundle)
            print(f"dropped: {item.bundle_id} (district {item.district}) and its relay copy")
            return 0
        items = ws.exchange.relay_queue()
    if args.json:
        print(json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("the relay queue is empty")
    for i in items:
        state = "set aside" if i.state == "refused" else i.state
        print(f"{i.bundle_id}  district {i.district or '-'}  device {i.device_id[:8]}  "
              f"ops {i.op_count}  {state}  {i.last_at}" + (f"\n    reason: {i.detail}"
                                                            if i.state == "refused" else ""))
    return 0


def register(subparsers) -> None:
    s = subparsers.add_parser("usb-export",
                              help="write every unacknowledged op to a USB bundle in DIR")
    s.add_argument("dir")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_export)

    s = subparsers.add_parser("usb-import", help="preview, then import a USB bundle")
    s.add_argument("file")
    s.add_argument("--preview", action="store_true", help="show what it would do; change nothing")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import)

    s = subparsers.add_parser(
        "usb-queue", help="province PC: up-bundles waiting for relay or set aside by the server")
    s.add_argument("action", nargs="?", default="list", choices=("list", "retry", "drop"))
    s.add_argument("bundle", nargs="?", default="", help="bundle id (or its start) for retry/drop")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_queue)

    s = subparsers.add_parser("usb-ledger", help="USB bundles written and imported on this PC")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ledger)
