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

    sub.add_parser("migrate", help="bring the database schema up to date")

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="action", required=True)
    add = user.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True,
                     help="clerk, checker, district-chief, province-officer or admin")
    add.add_argument("--district", help="4-digit DOPA district code")
    add.add_argument("--province", help="2-digit province code (province officers)")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of standard input")
    disable = user.add_parser("disable", help="disable a user and revoke their tokens")
    disable.add_argument("name")

    device = sub.add_parser("device", help="manage devices").add_subparsers(
        dest="action", required=True)
    device.add_parser("list", help="list enrolled devices")
    revoke = device.add_parser("revoke", help="revoke a device and its tokens")
    revoke.add_argument("id")
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    chosen = args.data_dir or os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("tambon-server", appauthor=False))


def _engine(args: argparse.Namespace):
    from tambon_desktop.server import db

    url = args.database_url or os.environ.get(ENV_URL) or db.default_url(_data_dir(args))
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
        if args.action == "add":
            password = sys.stdin.readline().rstrip("\r\n")
            try:
                user = auth.add_user(session, name=args.name, password=password, role=args.role,
                                     district=args.district, province=args.province, actor="cli")
            except ValueError as exc:
                raise CliError(str(exc)) from None
            scope = user.district or (f"province {user.province}" if user.province else "all")
            return f"added user {user.name} ({user.role}, {scope})"
        try:
            auth.disable_user(session, name=args.name, actor="cli")
        except ValueError as exc:
            raise CliError(str(exc)) from None
        return f"disabled user {args.name} and revoked their tokens"


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
    try:
        if args.command == "serve":
            _serve(args)
            return 0
        if args.command == "migrate":
            _engine(args)
            print("database schema is up to date")
            return 0
        print(_user(args) if args.command == "user" else _device(args))
        return 0
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line for the admin; the database says why
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            print(f"error: database: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
