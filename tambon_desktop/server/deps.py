"""Dependencies of the routes, as Annotated aliases: SessionDep, CurrentDevice, ProtocolDep."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from sqlmodel import Session

from tambon_desktop.protocol.messages import PROTOCOL_HEADER, PROTOCOL_MAX, PROTOCOL_MIN
from tambon_desktop.server import auth
from tambon_desktop.server.db import session_scope
from tambon_desktop.server.tables import Device


def get_session(request: Request) -> Iterator[Session]:
    """A session per request. Routes that write commit before they return: the code after
    `yield` may run after the answer has left."""
    with session_scope(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def check_protocol_version(value: int | str | None) -> int:
    try:
        version = int(value) if value is not None else None
    except ValueError:
        version = None
    if version is None:
        raise HTTPException(400, f"missing or malformed {PROTOCOL_HEADER} header")
    if not PROTOCOL_MIN <= version <= PROTOCOL_MAX:
        raise HTTPException(
            426, f"protocol version {version} is not supported; this server speaks "
            f"{PROTOCOL_MIN}..{PROTOCOL_MAX}; update the program")
    return version


def protocol_version(
    x_tambon_protocol: Annotated[str | None, Header(alias=PROTOCOL_HEADER)] = None,
) -> int:
    return check_protocol_version(x_tambon_protocol)


ProtocolDep = Annotated[int, Depends(protocol_version)]


def current_device(
    session: SessionDep,
    _protocol: ProtocolDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Device:
    if not authorization or not authorization.startswith("Bearer ") or len(authorization) > 200:
        raise HTTPException(401, "missing bearer token; sign in with 'tambon login'",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        return auth.device_for_token(session, authorization.removeprefix("Bearer ").strip())
    except auth.AuthError as exc:
        raise HTTPException(exc.status, exc.detail,
                            headers={"WWW-Authenticate": "Bearer"}) from None


CurrentDevice = Annotated[Device, Depends(current_device)]
