from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol.messages import (
    ErrorBody,
    LoginChallenge,
    LoginRequest,
    LoginResponse,
)
from tambon_desktop.server import auth, scope
from tambon_desktop.server.deps import ProtocolDep, SessionDep

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/challenge", response_model=LoginChallenge)
def challenge(request: Request, _protocol: ProtocolDep) -> LoginChallenge:
    """A fresh login challenge (stateless: signed by the server, valid five minutes)."""
    return LoginChallenge(challenge=auth.make_challenge(request.app.state.challenge_secret),
                          expires_in=auth.CHALLENGE_TTL_SECONDS)


@router.post("/login", response_model=LoginResponse,
             responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}})
async def login(body: LoginRequest, session: SessionDep, _protocol: ProtocolDep,
                request: Request):
    """At most LOGIN_THREADS logins hold a worker thread at once; the rest wait here, on the
    event loop, so a storm of logins never takes the threads pushes and pulls run on."""
    wait = auth.blocked(request.client.host if request.client else "",
                        device_id=body.device_id, public_key=body.public_key)
    if wait:  # a slowed-down address: answered at once, no thread, no database
        return JSONResponse({"detail": f"too many failed logins; try again in {wait} s"},
                            status_code=429, headers={"Retry-After": str(wait)})
    async with request.app.state.login_gate:
        return await run_in_threadpool(_login, body, session, request)


def _login(body: LoginRequest, session, request: Request):
    try:
        with Session(request.app.state.read_engine, expire_on_commit=False) as reader:
            enrolment = auth.login(
                session, reader=reader, name=body.user, password=body.password,
                device_id=body.device_id, device_name=body.device_name,
                public_key=body.public_key, challenge=body.challenge, proof=body.proof,
                address=request.client.host if request.client else "",
                secret=request.app.state.challenge_secret, ttl=request.app.state.token_ttl,
            )
    except auth.AuthError as exc:
        session.commit()  # keep the failure count
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        if exc.status == 429:
            return JSONResponse({"detail": exc.detail}, status_code=429, headers=headers)
        raise HTTPException(exc.status, exc.detail) from None
    session.commit()  # before the answer leaves: the token must work the moment it arrives
    import datetime as dt

    expires = dt.datetime.fromtimestamp(enrolment.expires_at, dt.UTC)
    return LoginResponse(
        device_id=enrolment.device.id, token=enrolment.token, user=enrolment.user.name,
        role=enrolment.user.role, district=enrolment.user.district,
        province=enrolment.user.province, expires_at=expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        server_time=utc_now_iso(), scope=scope.codes_of(session, enrolment.user.id),
    )
