"""The sync client's HTTP side: one httpx client, gzip request bodies, errors classified into
"try again later" (offline, server trouble) and "act on this" (sign in again, bad request)."""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, Any

from tambon_desktop.core import canonical
from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.lifecycle import split_reason
from tambon_desktop.protocol.messages import (
    MAX_CHUNK_BYTES,
    PROTOCOL_CURRENT,
    PROTOCOL_HEADER,
    AttachmentState,
    BundleReceipt,
    DeviceState,
    Health,
    LoginChallenge,
    LoginResponse,
    PullResponse,
    PushResponse,
    ServerKeys,
    login_message,
)

if TYPE_CHECKING:
    import httpx

GZIP_OVER = 1024  # bytes: smaller bodies are not worth compressing


class SyncOffline(KnownError):
    """No answer, or the server is in trouble: retry later with backoff."""


class SyncServerError(SyncOffline):
    """The server answered 5xx (a request it failed on; another may still work)."""

    def __init__(self, status: int, message_th: str, message_en: str):
        super().__init__(message_th, message_en)
        self.status = status


class SyncRefused(KnownError):
    """The server answered 4xx: retrying the same request will not help."""

    def __init__(self, status: int, detail: str):
        code, english, thai = split_reason(detail)  # a coded refusal: Thai for the clerk
        super().__init__(f"เซิร์ฟเวอร์ไม่รับคำขอ ({status}): {thai}",
                         f"server refused ({status}): {code + ': ' if code else ''}{english}")
        self.status = status
        self.detail = detail


class SyncAuthError(SyncRefused):
    """401/403: sign in again (`tambon login`) or ask the administrator."""


class Transport:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0,
                 verify: bool | str = True, transport: httpx.BaseTransport | None = None):
        headers = {PROTOCOL_HEADER: str(PROTOCOL_CURRENT), "User-Agent": "tambon-desktop"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        import httpx  # here, not at module import: the app opens faster without it

        self.base_url = base_url.rstrip("/")
        if isinstance(verify, str):  # a CA file the office trusts (a self-signed server)
            import ssl

            verify = ssl.create_default_context(cafile=verify)
        self.http = httpx.Client(base_url=self.base_url, headers=headers, verify=verify,
                                 timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                 transport=transport)
        self.bytes_sent = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, path: str, *, body: Any = None, raw: bytes | None = None,
              params: dict | None = None) -> httpx.Response:
        headers = {}
        content = raw
        if body is not None:
            content = canonical.dumps(body)
            headers["Content-Type"] = "application/json"
            if len(content) > GZIP_OVER:
                content = gzip.compress(content, 6)
                headers["Content-Encoding"] = "gzip"
        elif raw is not None:
            headers["Content-Type"] = "application/octet-stream"
        import httpx

        try:
            response = self.http.request(method, path, content=content, headers=headers,
                                         params=params)
        except httpx.HTTPError as exc:
            raise SyncOffline("ติดต่อเซิร์ฟเวอร์ไม่ได้ จะลองใหม่ภายหลัง",
                              f"cannot reach {self.base_url}: {type(exc).__name__}: {exc}") from None
        self.bytes_sent += len(content or b"")
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise SyncServerError(response.status_code, "เซิร์ฟเวอร์ยังไม่พร้อม จะลองใหม่ภายหลัง",
                                  f"server answered {response.status_code}: {_detail(response)}")
        if response.status_code in (401, 403):
            raise SyncAuthError(response.status_code, _detail(response))
        if response.status_code >= 400:
            raise SyncRefused(response.status_code, _detail(response))
        return response

    # -- endpoints -----------------------------------------------------------------------
    def health(self) -> Health:
        return Health.model_validate_json(self._send("GET", "/healthz").content)

    def login(self, *, user: str, password: str, device_id: str, device_name: str,
              private_key: str) -> LoginResponse:
        """Sign in, proving the device key: the server's fresh challenge is signed with it."""
        public_key = signing.public_key_of(private_key)
        challenge = LoginChallenge.model_validate_json(
            self._send("POST", "/v1/auth/challenge").content).challenge
        proof = signing.sign(private_key, login_message(
            challenge=challenge, user=user, device_id=device_id, public_key=public_key))
        response = self._send("POST", "/v1/auth/login", body={
            "user": user, "password": password, "device_id": device_id,
            "device_name": device_name, "public_key": public_key, "challenge": challenge,
            "proof": proof})
        return LoginResponse.model_validate_json(response.content)

    def me(self) -> DeviceState:
        return DeviceState.model_validate_json(self._send("GET", "/v1/devices/me").content)

    def push(self, body: dict[str, Any]) -> PushResponse:
        return PushResponse.model_validate_json(
            self._send("POST", "/v1/sync/push", body=body).content)

    def pull(self, *, cursor: str, limit: int = 500) -> PullResponse:
        """A page; with each change's origin and the count still to come (`extended`: a
        server that does not know the parameter ignores it and leaves both out)."""
        response = self._send("GET", "/v1/sync/pull", params={
            "cursor": cursor, "limit": limit, "extended": "true"})
        return PullResponse.model_validate_json(response.content)

    def attachment_state(self, sha256: str) -> AttachmentState:
        response = self._send("GET", f"/v1/attachments/{sha256}/state")
        return AttachmentState.model_validate_json(response.content)

    def upload_attachment(self, sha256: str, data: bytes) -> AttachmentState:
        """Upload in chunks, resuming from what the server already holds."""
        state = self.attachment_state(sha256)
        offset = state.received
        while not state.complete and offset < len(data):
            chunk = data[offset:offset + MAX_CHUNK_BYTES]
            response = self._send("PUT", f"/v1/attachments/{sha256}/chunks/{offset}", raw=chunk)
            state = AttachmentState.model_validate_json(response.content)
            offset = state.received
        if state.complete:
            return state
        response = self._send("POST", f"/v1/attachments/{sha256}/complete",
                              body={"size": len(data)})
        return AttachmentState.model_validate_json(response.content)

    def download_attachment(self, sha256: str) -> bytes:
        return self._send("GET", f"/v1/attachments/{sha256}").content

    def server_keys(self) -> ServerKeys | None:
        """The server's public bundle keys; None from a server without USB bundles."""
        try:
            response = self._send("GET", "/v1/keys")
        except SyncRefused as exc:
            if exc.status == 404:
                return None
            raise
        return ServerKeys.model_validate_json(response.content)

    def upload_bundle(self, data: bytes) -> BundleReceipt:
        """Relay a USB up-bundle (bytes as they are: already compressed)."""
        response = self._send("POST", "/v1/bundles", raw=data)
        return BundleReceipt.model_validate_json(response.content)


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or response.reason_phrase or response.status_code)[:300]
