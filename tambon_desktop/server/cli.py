"""tambon-server: run the sync server and administer users and devices.

Messages are English, one line; errors exit non-zero."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from sqlmodel import select

ENV_URL = "TAMBON_SERVER_DATABASE_URL"
ENV_DIR = "TAMBON_SERVER_DATA_DIR"


class CliError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tambon-server", description=__doc__)
    parser.add_argument("--data-dir", help=f"server data folder (or ${ENV_DIR})")
    parser.add_argument("--database-url",
                        help=f"postgresql+psycopg://... (or ${ENV_URL}); default SQLite in data dir")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP(S) server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile serves HTTPS")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument("--token-ttl", type=float, default=None, help="token lifetime in seconds")
    serve.add_argument("--log-level", default="warning")

    sub.add_parser("init", help="create the data folder (0700) and its database")
    sub.add_parser("migrate", help="bring the database schema up to date")

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="action", required=True)
    add = user.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True,
                     help="clerk, checker, district-chief, province-officer, region-officer "
                          "or admin")
    add.add_argument("--district", help="4-digit DOPA district code")
    add.add_argument("--province", help="2-digit province code (province officers)")
    _scope_args(add)
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of standard input")
    disable = user.add_parser("disable", help="disable a user and revoke their tokens")
    disable.add_argument("name")
    enable = user.add_parser("enable", help="enable a disabled user (and clear failed logins)")
    enable.add_argument("name")
    reset = user.add_parser("password", help="set a new password; the user's tokens are revoked")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", required=True,
                       help="read the password from the first line of standard input")
    role = user.add_parser("role", help="change a user's role (within the same scope)")
    role.add_argument("name")
    role.add_argument("role", help="clerk, checker, district-chief (district users); "
                                   "province-officer, region-officer (read-only users)")
    role.add_argument("--province", help="a province officer's 2-digit province code")
    _scope_args(role)

    device = sub.add_parser("device", help="manage devices").add_subparsers(
        dest="action", required=True)
    device.add_parser("list", help="list enrolled devices")
    revoke = device.add_parser("revoke", help="revoke a device and its tokens")
    revoke.add_argument("id")
    reassign = device.add_parser(
        "reassign", help="bind a device to another user of its district (it changed hands)")
    reassign.add_argument("id")
    reassign.add_argument("--user", required=True)

    imp = sub.add_parser("import-bundle", help="import a district's USB up-bundle (preview first)")
    imp.add_argument("file")
    imp.add_argument("--preview", action="store_true", help="show what it would do; change nothing")
    imp.add_argument("--json", action="store_true")
    down = sub.add_parser("export-down", help="write a signed down-bundle for a device")
    down.add_argument("--device", required=True, help="device id (see 'device list')")
    down.add_argument("--from-start", action="store_true",
                      help="every change of the district, not only those after its cursor")
    down.add_argument("dir")
    led = sub.add_parser("bundle-ledger", help="list USB bundles received and written")
    led.add_argument("--district")
    led.add_argument("--json", action="store_true")
    sub.add_parser("keys", help="print the server's public bundle keys")
    return parser


def _scope_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--provinces", help="region officers: 2-digit province codes, comma "
                        "separated; each means every district of the province")
    parser.add_argument("--districts", help="region officers: 4-digit district codes, comma "
                        "separated, for single districts (SBPAC's programme area: --provinces "
                        "94,95,96 --districts 9003,9004,9005,9006)")


def _scope_codes(args: argparse.Namespace) -> list[str] | None:
    from tambon_desktop.server import scope

    if not (args.provinces or args.districts):
        return None
    return scope.parse_codes(args.provinces, args.districts)


def _bundles(args: argparse.Namespace) -> str:
    import json

    from tambon_desktop.server import bundles
    from tambon_desktop.server.db import session_scope

    engine = _engine(args)
    bundles.ensure_keys(engine)
    with session_scope(engine) as session:
        try:
            if args.command == "keys":
                keys = bundles.public_keys(session)
                return (f"bundle (X25519) {keys.bundle_public_key}\n"
                        f"signing (Ed25519) {keys.signing_public_key}")
            if args.command == "bundle-ledger":
                return _ledger_text(bundles.ledger(session, district=args.district), args.json)
            if args.command == "export-down":
                Path(args.dir).mkdir(parents=True, exist_ok=True)
                path, m = bundles.export_down(session, device_id=args.device,
                                              target_dir=Path(args.dir),
                                              from_start=args.from_start)
                return (f"wrote {path}: {m.change_count} changes, acknowledged through "
                        f"#{m.acked_through}, {m.rejected_count} rejected, "
                        f"{m.attachment_count} attachments")
            bundle, device = bundles.read_up(session, Path(args.file))
            view = bundles.preview(session, bundle, device)
            text = _preview_text(view)
            if args.json and args.preview:
                return json.dumps(bundles.preview_dict(view), ensure_ascii=False, indent=2)
            if args.preview:
                return text
            receipt = bundles.import_up(session, Path(args.file), via="cli")
        except bundles.BundleError as exc:
            raise CliError(exc.message_en) from None
    if args.json:
        return receipt.model_dump_json(indent=2)
    return (text + f"\nimported: {receipt.applied} applied, {receipt.duplicate} already known, "
            f"{receipt.rejected} rejected, {receipt.deferred} waiting; device acknowledged "
            f"through #{receipt.acked_through} (import #{receipt.imports} of this bundle)")


def _preview_text(p) -> str:
    lines = [
        f"bundle {p.bundle_id} ({'encrypted' if p.encrypted else 'not encrypted'}), "
        f"written {p.created_at}",
        f"district {p.district}; signed by {p.signer}",
        f"ops #{p.seq_first}..#{p.seq_last}: {p.op_count} ops, {p.attachment_count} attachments",
        f"new {p.new}, already known {p.known}, would conflict {p.conflict}, "
        f"waiting for earlier ops {p.waiting}",
    ]
    if p.imported_before:
        lines.append(f"this bundle was imported {p.imported_before} time(s) before")
    return "\n".join(lines)


def _ledger_text(rows, as_json: bool) -> str:
    import json

    cols = ("last_at", "direction", "kind", "district", "device_id", "bundle_id", "seq_first",
            "seq_last", "op_count", "change_count", "attachment_count", "encrypted", "via",
            "imports", "result")
    data = [{c: getattr(r, c) for c in cols} for r in rows]
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = ["at\tdir\tdistrict\tdevice\tbundle\tops\tchanges\tvia\timports\tresult"]
    for r in data:
        ops = f"#{r['seq_first']}..#{r['seq_last']} ({r['op_count']})" if r["kind"] == "up" else "-"
        result = " ".join(f"{k}={v}" for k, v in r["result"].items())
        lines.append("\t".join([r["last_at"], r["direction"], r["district"] or "-",
                                r["device_id"][:8], r["bundle_id"], ops, str(r["change_count"]),
                                r["via"], str(r["imports"]), result]))
    return "\n".join(lines)


def _data_dir(args: argparse.Namespace) -> Path:
    chosen = args.data_dir or os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("tambon-server", appauthor=False))


def _engine(args: argparse.Namespace):
    from tambon_desktop.server import db

    url = args.database_url or os.environ.get(ENV_URL)
    if not url:
        folder = _data_dir(args)
        if args.command == "init":
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        elif not folder.is_dir():  # a mistyped --data-dir must not make a new, empty server
            raise CliError(f"no data folder {folder}; create it with 'tambon-server "
                           f"--data-dir {folder} init' (or fix --data-dir)")
        url = db.default_url(folder)
    engine = db.make_engine(url)
    db.migrate(engine)
    return engine


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from tambon_desktop.server import auth
    from tambon_desktop.server.app import create_app

    if bool(args.certfile) != bool(args.keyfile):
        raise CliError("give both --certfile and --keyfile for TLS, or neither")
    app = create_app(_engine(args), token_ttl=args.token_ttl or auth.TOKEN_TTL_SECONDS)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level=args.log_level, ssl_certfile=args.certfile, ssl_keyfile=args.keyfile,
        timeout_keep_alive=30, access_log=False,
    )
    scheme = "https" if args.certfile else "http"
    print(f"tambon-server listening on {scheme}://{args.host}:{port}", flush=True)
    uvicorn.Server(config).run(sockets=[sock])


def _user(args: argparse.Namespace) -> str:
    from tambon_desktop.server import auth
    from tambon_desktop.server.db import session_scope

    engine = _engine(args)
    with session_scope(engine) as session:
        try:
            if args.action == "add":
                password = sys.stdin.readline().rstrip("\r\n")
                user = auth.add_user(session, name=args.name, password=password, role=args.role,
                                     district=args.district, province=args.province, actor="cli",
                                     scope_codes=_scope_codes(args))
                return f"added user {user.name} ({user.role}, {_scope_text(session, user)})"
            if args.action == "enable":
                user = auth.enable_user(session, name=args.name, actor="cli")
                return f"enabled user {user.name}"
            if args.action == "password":
                password = sys.stdin.readline().rstrip("\r\n")
                user = auth.reset_password(session, name=args.name, password=password,
                                           actor="cli")
                return f"set a new password for {user.name} and revoked their tokens"
            if args.action == "role":
                user = auth.set_role(session, name=args.name, role=args.role, actor="cli",
                                     scope_codes=_scope_codes(args), province=args.province)
                return f"user {user.name} is now {user.role} ({_scope_text(session, user)})"
            auth.disable_user(session, name=args.name, actor="cli")
        except ValueError as exc:
            raise CliError(str(exc)) from None
        return f"disabled user {args.name} and revoked their tokens"


def _scope_text(session, user) -> str:
    from tambon_desktop.server import scope

    codes = scope.codes_of(session, user.id)
    if codes:
        return "scope " + ",".join(codes)
    return user.district or (f"province {user.province}" if user.province else "all")


def _device(args: argparse.Namespace) -> str:
    from tambon_desktop.server import auth
    from tambon_desktop.server.db import session_scope
    from tambon_desktop.server.tables import Device, User

    engine = _engine(args)
    with session_scope(engine) as session:
        if args.action == "revoke":
            try:
                auth.revoke_device(session, device_id=args.id, actor="cli")
            except ValueError as exc:
                raise CliError(str(exc)) from None
            return f"revoked device {args.id}"
        if args.action == "reassign":
            try:
                auth.reassign_device(session, device_id=args.id, name=args.user, actor="cli")
            except ValueError as exc:
                raise CliError(str(exc)) from None
            return f"device {args.id} now belongs to {args.user}; they sign in on it next"
        rows = session.exec(select(Device, User).where(Device.user_id == User.id)
                            .order_by(Device.created_at))
        lines = ["id\tuser\tdistrict\trole\tacked_seq\tlast_seen\tstate"]
        for device, user in rows:
            lines.append("\t".join([
                device.id, user.name, device.district or device.province or "-", device.role,
                str(device.last_seq), device.last_seen_at or "-",
                "revoked" if device.revoked_at else "active",
            ]))
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.umask(0o077)  # the database, its -wal and any key the server writes: owner only
    try:
        if args.command == "serve":
            _serve(args)
            return 0
        if args.command in ("init", "migrate"):
            _engine(args)
            print("database schema is up to date")
            return 0
        if args.command in ("import-bundle", "export-down", "bundle-ledger", "keys"):
            print(_bundles(args))
            return 0
        print(_user(args) if args.command == "user" else _device(args))
        return 0
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line for the admin, never a traceback
        from sqlalchemy.exc import SQLAlchemyError

        first = (str(exc).splitlines() or [""])[0][:300]
        if isinstance(exc, SQLAlchemyError):
            print(f"error: database: {first}", file=sys.stderr)
            return 1
        print(f"error: unexpected {type(exc).__name__}: {first} (please report this)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
