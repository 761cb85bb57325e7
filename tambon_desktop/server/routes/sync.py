from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import (
    MAX_CURSOR_CHARS,
    MAX_PULL_LIMIT,
    ErrorBody,
    PullResponse,
    PushRequest,
    PushResponse,
    batch_message,
)
from tambon_desktop.server import apply, changelog
from tambon_desktop.server.deps import CurrentDevice, SessionDep, check_protocol_version
from tambon_desktop.server.refusals import refusal

router = APIRouter(prefix="/v1/sync", tags=["sync"])


@router.post("/push", response_model=PushResponse, response_model_exclude_defaults=True,
             responses={400: {"model": ErrorBody}, 403: {"model": ErrorBody}})
def push(body: PushRequest, session: SessionDep, device: CurrentDevice) -> PushResponse:
    check_protocol_version(body.protocol)
    if body.device_id != device.id:
        raise HTTPException(403, refusal("batch.wrong_device").reason)
    message = batch_message(device_id=body.device_id, batch_id=body.batch_id,
                            op_hashes=[op.hash for op in body.ops])
    if not signing.verify(device.public_key, message, body.signature):
        raise HTTPException(400, refusal("batch.signature").reason)
    try:
        outcome = apply.apply_ops(session, device=device, ops=[w.to_op() for w in body.ops],
                                  channel="online")
    except apply.BadBatch as exc:
        raise HTTPException(exc.status, exc.detail) from None
    return PushResponse(acked_through=outcome.acked_through, results=outcome.results,
                        server_time=utc_now_iso())


@router.get("/pull", response_model=PullResponse, response_model_exclude_defaults=True,
            responses={400: {"model": ErrorBody}})
def pull(
    session: SessionDep,
    device: CurrentDevice,
    cursor: Annotated[str, Query(max_length=MAX_CURSOR_CHARS)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
    extended: bool = False,
) -> PullResponse:
    """`extended`: also each change's origin and the entries remaining (left out otherwise,
    for programs that do not know them)."""
    try:
        return changelog.pull(session, device=device, cursor=cursor, limit=limit,
                              extended=extended)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
