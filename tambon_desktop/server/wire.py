"""HTTP plumbing under the routes: gunzip of request bodies with size limits, one-line errors."""

from __future__ import annotations

import json
import zlib

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tambon_desktop.protocol.messages import MAX_BODY_BYTES, MAX_INFLATED_BYTES


class BodyLimit:
    """Refuse request bodies over the limit (413) and inflate gzip ones (bomb-safe)."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY_BYTES,
                 max_inflated: int = MAX_INFLATED_BYTES, overrides: dict[str, int] | None = None):
        self.app, self.max_body, self.max_inflated = app, max_body, max_inflated
        self.overrides = overrides or {}  # path -> its own body limit (e.g. bundle relay)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.overrides.get(scope.get("path", ""))
        if limit is not None and limit != self.max_body:
            inner = BodyLimit(self.app, max_body=limit, max_inflated=max(limit, self.max_inflated))
            await inner(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _drain(receive, limit=4 * self.max_body)
            await _reply(send, 413, f"request body over {self.max_body} bytes")
            return
        encoding = headers.get(b"content-encoding", b"identity").lower()
        if encoding not in (b"identity", b"gzip"):
            await _reply(send, 415, "only gzip request bodies are accepted")
            return
        if encoding == b"identity" and length is not None:
            await self.app(scope, receive, send)  # the length is checked: stream it as it is
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                if message.get("more_body"):
                    await _drain(receive, limit=4 * self.max_body)
                await _reply(send, 413, f"request body over {self.max_body} bytes")
                return
            if not message.get("more_body"):
                break
        if encoding == b"gzip":
            inflater = zlib.decompressobj(wbits=31)
            try:
                data = inflater.decompress(bytes(body), self.max_inflated + 1)
            except zlib.error:
                await _reply(send, 400, "request body is not valid gzip")
                return
            if len(data) > self.max_inflated or inflater.unconsumed_tail:
                await _reply(send, 413, f"request body inflates to over {self.max_inflated} bytes")
                return
            if not inflater.eof:
                await _reply(send, 400, "request body is truncated gzip")
                return
            body = bytearray(data)
        new_headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        scope = dict(scope, headers=new_headers)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _drain(receive: Receive, *, limit: int) -> None:
    """Read and drop what the client is still sending (up to a bound), so the refusal reaches
    it instead of a reset connection."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body"):
            return


async def _reply(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            parts.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
        return JSONResponse({"detail": "invalid request: " + "; ".join(parts)}, status_code=422)
