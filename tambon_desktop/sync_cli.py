"""`tambon login`, `tambon sync`, `tambon conflicts`: the sync client on the command line.
Registered into cli.py's subparsers by `register(subparsers)`."""

from __future__ import annotations

import json
import sys

from tambon_desktop.core.console import json_ascii


def _engine(args):
    from tambon_desktop.services.workspace import Workspace

    ws = Workspace.open(args.data_dir)
    verify = args.ca if getattr(args, "ca", None) else not getattr(args, "insecure", False)
    return ws, ws.configure_sync(verify=verify)


def cmd_login(args) -> int:
    from tambon_desktop.core.errors import KnownError

    if not args.password_stdin:
        raise KnownError("ใช้ --password-stdin แล้วป้อนรหัสผ่านทางอินพุตมาตรฐาน",
                         "use --password-stdin and give the password on standard input")
    password = sys.stdin.readline().rstrip("\r\n")
    ws, engine = _engine(args)
    try:
        answer = engine.login(server=args.server, user=args.user, password=password,
                              device_name=args.device_name)
    finally:
        engine.close()
        ws.close()
    scope = answer.district or (f"province {answer.province}" if answer.province
                                else "scope " + ",".join(answer.scope))
    print(f"signed in as {answer.user} ({answer.role}, {scope}); device {answer.device_id}; "
          f"token valid until {answer.expires_at}")
    return 0


def cmd_sync(args) -> int:
    ws, engine = _engine(args)
    try:
        if args.status:
            status = engine.status()
            if args.json:
                print(json.dumps({"server": status.server, "user": status.user,
                                  **status.counts, "last_push_at": status.last_push_at,
                                  "last_pull_at": status.last_pull_at}))
                return 0
            c = status.counts
            print(f"server {status.server or '-'} as {status.user or '-'}")
            print(f"pending {c['pending']}  sent {c['sent']}  acknowledged {c['acked']}  "
                  f"rejected {c['rejected']}  conflicts {c['conflicts']}")
            print(f"last push {status.last_push_at or 'never'}  "
                  f"last pull {status.last_pull_at or 'never'}")
            for r in engine.rejected():
                print(f"rejected #{r.seq} {r.kind} {r.record_id} ({r.op_id}): {r.reason}")
            return 0
        report = engine.run_round()
        if args.json:
            print(json.dumps({k: v for k, v in vars(report).items() if k not in ("changed", "forms")}))
        else:
            print(f"pushed {report.pushed} (acknowledged {report.acked}, rejected "
                  f"{report.rejected}, waiting {report.deferred}); pulled {report.pulled}; "
                  f"attachments {report.attachments}; open conflicts {report.conflicts}"
                  + (f"; relayed {report.relayed} USB bundles" if report.relayed else ""))
        return 0
    finally:
        engine.close()
        ws.close()


def cmd_conflicts(args) -> int:
    ws, engine = _engine(args)
    try:
        if args.action == "resolve":
            if (args.choose is None) == (args.value is None):
                from tambon_desktop.core.errors import KnownError

                raise KnownError("เลือก --choose N หรือ --value JSON อย่างใดอย่างหนึ่ง",
                                 "give exactly one of --choose N or --value JSON")
            value = json.loads(args.value) if args.value is not None else None
            record_id = engine.resolve(args.id, choice=args.choose, value=value).id
            print(f"resolved {args.id} on record {record_id}; run 'tambon sync' to send it")
            return 0
        entries = engine.conflicts()
        if args.json:
            print(json.dumps([vars(e) for e in entries], ensure_ascii=json_ascii(), indent=2))
            return 0
        if not entries:
            print("no open conflicts")
        for entry in entries:
            print(f"{entry.conflict_id}  record {entry.record_id}  field {entry.path}")
            for n, cand in enumerate(entry.candidates):
                mark = "*" if n == entry.winner else " "
                value = json.dumps(cand["value"], ensure_ascii=False)
                print(f"  {mark}[{n}] {value}  (device {cand['device_id'][:8]}, {cand['hlc']})")
        return 0
    finally:
        engine.close()
        ws.close()


def register(subparsers) -> None:
    tls = {"--insecure": "do not check the server's TLS certificate (testing only)",
           "--ca": "CA bundle (PEM) to check the server's certificate against"}

    s = subparsers.add_parser("login", help="enrol this PC with the sync server")
    s.add_argument("--server", required=True, help="https://host:port")
    s.add_argument("--user", required=True)
    s.add_argument("--password-stdin", action="store_true")
    s.add_argument("--device-name", default=None)
    s.add_argument("--insecure", action="store_true", help=tls["--insecure"])
    s.add_argument("--ca", help=tls["--ca"])
    s.set_defaults(func=cmd_login)

    s = subparsers.add_parser("sync", help="run one full sync round (or --status)")
    s.add_argument("--status", action="store_true",
                   help="print pending / sent / acknowledged / rejected / conflicts")
    s.add_argument("--json", action="store_true")
    s.add_argument("--insecure", action="store_true", help=tls["--insecure"])
    s.add_argument("--ca", help=tls["--ca"])
    s.set_defaults(func=cmd_sync)

    s = subparsers.add_parser("conflicts", help="the conflict inbox: list, or resolve one")
    s.add_argument("action", nargs="?", choices=["list", "resolve"], default="list")
    s.add_argument("id", nargs="?", help="conflict id (resolve)")
    s.add_argument("--choose", type=int, help="keep candidate N (as listed)")
    s.add_argument("--value", help="a value of your own, as JSON")
    s.add_argument("--json", action="store_true")
    s.add_argument("--insecure", action="store_true", help=tls["--insecure"])
    s.add_argument("--ca", help=tls["--ca"])
    s.set_defaults(func=cmd_conflicts)
