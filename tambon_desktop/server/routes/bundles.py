"""USB bundles over HTTP: the server's public bundle keys (read at login), and the relay of
up-bundles a province PC imported (the same code path as `tambon-server import-bundle`)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from tambon_desktop.protocol.messages import MAX_RELAY_BYTES, BundleReceipt, ErrorBody, ServerKeys
from tambon_desktop.server import bundles
from tambon_desktop.server.deps import CurrentDevice, SessionDep

router = APIRouter(tags=["bundles"])


@router.get("/v1/keys", response_model=ServerKeys)
def keys(session: SessionDep) -> ServerKeys:
    return bundles.public_keys(session)


@router.post("/v1/bundles", response_model=BundleReceipt,
             responses={403: {"model": ErrorBody}, 413: {"model": ErrorBody},
                        422: {"model": ErrorBody}})
async def relay(request: Request, session: SessionDep, device: CurrentDevice) -> BundleReceipt:
    data = await request.body()
    if len(data) > MAX_RELAY_BYTES:
        raise HTTPException(413, f"bundle over {MAX_RELAY_BYTES} bytes; import it on the server "
                                 "with 'tambon-server import-bundle'")

    def run() -> BundleReceipt:  # the request's own session: SQLite has one writer
        return bundles.import_up(session, data, via=f"relay:{device.id}", relay_by=device)

    try:
        return await run_in_threadpool(run)
    except bundles.RelayRefused as exc:
        raise HTTPException(403, exc.message_en) from None
    except bundles.BundleError as exc:
        raise HTTPException(422, exc.message_en) from None
