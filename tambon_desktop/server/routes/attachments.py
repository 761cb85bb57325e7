from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from tambon_desktop.protocol.messages import (
    MAX_ATTACHMENT_BYTES,
    MAX_CHUNK_BYTES,
    AttachmentComplete,
    AttachmentState,
    ErrorBody,
)
from tambon_desktop.server import attachments
from tambon_desktop.server.deps import CurrentDevice, SessionDep

router = APIRouter(prefix="/v1/attachments", tags=["attachments"])
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


def _fail(exc: attachments.AttachmentError) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


@router.get("/{sha256}/state", response_model=AttachmentState)
def state(sha256: Sha, session: SessionDep, device: CurrentDevice) -> AttachmentState:
    try:
        return attachments.state(session, device=device, sha256=sha256)
    except attachments.AttachmentError as exc:
        raise _fail(exc) from None


@router.put("/{sha256}/chunks/{offset}", response_model=AttachmentState,
            responses={409: {"model": ErrorBody}, 413: {"model": ErrorBody}})
async def put_chunk(
    sha256: Sha, offset: Annotated[int, Path(ge=0, le=MAX_ATTACHMENT_BYTES)], request: Request, session: SessionDep,
    device: CurrentDevice,
) -> AttachmentState:
    data = await request.body()
    if len(data) > MAX_CHUNK_BYTES:
        raise HTTPException(413, f"chunk over {MAX_CHUNK_BYTES} bytes")

    def store() -> AttachmentState:  # the request's own session: SQLite has one writer
        state = attachments.put_chunk(session, device=device, sha256=sha256, offset=offset,
                                      data=data)
        session.commit()
        return state

    try:
        return await run_in_threadpool(store)
    except attachments.AttachmentError as exc:
        raise _fail(exc) from None


@router.post("/{sha256}/complete", response_model=AttachmentState,
             responses={422: {"model": ErrorBody}})
def complete(sha256: Sha, body: AttachmentComplete, session: SessionDep,
             device: CurrentDevice) -> AttachmentState:
    try:
        result = attachments.complete(session, device=device, sha256=sha256, size=body.size)
        session.commit()
        return result
    except attachments.AttachmentError as exc:
        if exc.status == 422:
            session.commit()  # the bad upload is discarded so it can start again
        raise _fail(exc) from None


@router.get("/{sha256}", responses={404: {"model": ErrorBody}})
def download(sha256: Sha, session: SessionDep, device: CurrentDevice) -> Response:
    try:
        data = attachments.read(session, device=device, sha256=sha256)
    except attachments.AttachmentError as exc:
        raise _fail(exc) from None
    return Response(data, media_type="application/octet-stream")
