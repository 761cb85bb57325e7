from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol.messages import (
    ErrorBody,
    LoginChallenge,
    LoginRequest,
    LoginResponse,
)
from tambon_desktop.server import auth
from tambon_desktop.server.deps import ProtocolDep, SessionDep

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/challenge", response_model=LoginChallenge)
def challenge(request: Request, _protocol: ProtocolDep) -> LoginChallenge:
    """A fresh login challenge (stateless: signed by the server, valid five minutes)."""
    return LoginChallenge(challenge=auth.make_challenge(request.app.state.challenge_secret),
                          expires_in=auth.CHALLENGE_TTL_SECONDS)


@router.post("/login", response_model=LoginResponse,
             responses={401: {"model": ErrorBody}, 429: {"model": ErrorBody}})
def login(body: LoginRequest, session: SessionDep, _protocol: ProtocolDep, request: Request):
    try:
        enrolment = auth.login(
            session, name=body.user, password=body.password, device_id=body.device_id,
            device_name=body.device_name, public_key=body.public_key,
            challenge=body.challenge, proof=body.proof,
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
        server_time=utc_now_iso(),
    )
