"""Wire shapes shared by the desktop sync client and the server: one model per shape.

Every request carries the protocol version in the `X-Tambon-Protocol` header (push bodies carry
it too, because a USB bundle holds the same body with no header around it). A server accepts
any version in [PROTOCOL_MIN, PROTOCOL_MAX]; a client refuses a server whose range does not
contain its own version. Never change a shape in place: add a field with a default and raise
PROTOCOL_MAX, or make a new model.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tambon_desktop.core import canonical
from tambon_desktop.protocol import jsonprofile, lifecycle
from tambon_desktop.protocol.ops import OP_KINDS, Op

# Oldest protocol this code still accepts. 1 = first release: login, push, pull, attachments.
PROTOCOL_MIN = 1
# Newest protocol this code speaks. Raise it when a shape gains a field the other side must know.
PROTOCOL_MAX = 1
# What this client sends.
PROTOCOL_CURRENT = PROTOCOL_MAX

PROTOCOL_HEADER = "X-Tambon-Protocol"

# Limits both sides agree on (the server enforces them; the client batches under them).
MAX_BODY_BYTES = 8 * 1024 * 1024  # compressed request body
MAX_INFLATED_BYTES = 32 * 1024 * 1024  # request body after gunzip
MAX_OPS_PER_PUSH = 2000
MAX_CHUNK_BYTES = 1024 * 1024  # one attachment chunk
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
MAX_PULL_LIMIT = 2000
MAX_RELAY_BYTES = 64 * 1024 * 1024  # a USB bundle a province PC relays (POST /v1/bundles)

_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_HEX64 = r"^[0-9a-f]{64}$"
_HEX128 = r"^[0-9a-f]{128}$"
_CODE = r"^[0-9]{2,8}$"
_FORM_ID = r"^[a-z][a-z0-9_]{0,63}$"
# a name a person typed: printable, no control characters (PostgreSQL refuses NUL in text)
_NAME = r"^[^\x00-\x1f\x7f]*$"
MAX_CURSOR_CHARS = 8192
MAX_SEQ = 2**53
MAX_EXTRA_BYTES = 64 * 1024

ROLES: tuple[str, ...] = lifecycle.ROLES
READ_ONLY_ROLES: tuple[str, ...] = lifecycle.READ_ONLY_ROLES


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ErrorBody(Wire):
    detail: str


class Health(Wire):
    status: Literal["ok"]
    protocol_min: int
    protocol_max: int


class LoginRequest(Wire):
    user: str = Field(min_length=1, max_length=64, pattern=_NAME)
    password: str = Field(min_length=1, max_length=256, pattern=_NAME)
    device_id: str = Field(pattern=_UUID)
    device_name: str = Field(default="", max_length=100, pattern=_NAME)
    public_key: str = Field(pattern=_HEX64)  # Ed25519 raw public key, hex
    # proof of possession of the device key (required by servers since issue 13): a challenge
    # from POST /v1/auth/challenge and the device's Ed25519 signature over login_message(...)
    challenge: str = Field(default="", max_length=200, pattern=r"^[A-Za-z0-9_.-]*$")
    proof: str = Field(default="", pattern=r"^([0-9a-f]{128})?$")


def login_message(*, challenge: str, user: str, device_id: str, public_key: str) -> bytes:
    """What a device signs to prove at login that it holds the private half of `public_key`."""
    return canonical.dumps({"challenge": challenge, "device_id": device_id,
                            "public_key": public_key, "purpose": "tambon-login", "user": user})


class LoginChallenge(Wire):
    challenge: str
    expires_in: int  # seconds


class LoginResponse(Wire):
    device_id: str
    token: str
    user: str
    role: str
    district: str | None
    province: str | None
    expires_at: str  # ISO 8601 UTC
    server_time: str
    scope: list[str] = []  # a region officer's codes: 2-digit provinces, 4-digit districts


class ServerKeys(Wire):
    """GET /v1/keys (no sign-in needed; the PC fetches it at login over HTTPS): the public
    halves of the server's bundle keys."""

    bundle_public_key: str = Field(pattern=_HEX64)  # X25519: up-bundles are sealed to it
    signing_public_key: str = Field(pattern=_HEX64)  # Ed25519: down-bundles are signed with it


class BundleReceipt(Wire):
    """The answer to POST /v1/bundles: what importing a relayed up-bundle did."""

    bundle_id: str
    district: str
    device_id: str
    op_count: int
    applied: int
    duplicate: int
    rejected: int
    deferred: int
    acked_through: int
    imports: int  # how many times this bundle has now been imported (1 = first time)


class OpWire(Wire):
    """An Op on the wire: the same fields as protocol.ops.Op, checked by type."""

    op_id: str = Field(pattern=_UUID)
    device_id: str = Field(pattern=_UUID)
    device_seq: int = Field(ge=1, le=2**53)
    record_id: str = Field(pattern=_UUID)
    form_id: str = Field(pattern=_FORM_ID)
    form_version: int = Field(ge=0, le=10_000)
    kind: Literal["create", "update", "delete", "transition", "resolve"]
    base_version: int = Field(ge=0, le=2**53)
    fields: dict[str, Any]
    area: dict[str, str]
    author: str = Field(max_length=100)
    hlc: str = Field(pattern=r"^[0-9]{15}-[0-9]{5}$")
    prev_hash: str = Field(pattern=r"^([0-9a-f]{64})?$")
    status: str | None = Field(default=None, max_length=40)
    comment: str = Field(default="", max_length=4000)
    hash: str = Field(pattern=_HEX64)
    signature: str = Field(pattern=_HEX128)
    extra: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _profile(self) -> OpWire:
        check_op_content(self)
        return self

    def to_op(self) -> Op:
        return Op(**self.model_dump())

    @classmethod
    def from_op(cls, op: Op) -> OpWire:
        return cls.model_validate(op.to_dict(), strict=False)


assert set(OpWire.model_fields) == set(Op.__dataclass_fields__)  # noqa: S101 - keep in step
assert set(OP_KINDS) == {"create", "update", "delete", "transition", "resolve"}  # noqa: S101


def check_op_content(op: Op | OpWire) -> None:
    """An op's free parts within the strict JSON profile (jsonprofile), its fields within the
    record size: checked by the server on every op it reads and by the PC before an op enters
    its outbox. Raises jsonprofile.ProfileError (a ValueError) with the reason."""
    for name in ("author", "status", "comment", "area"):
        jsonprofile.check(getattr(op, name), where=name, max_depth=1)
    jsonprofile.check(op.fields, where="fields")
    jsonprofile.check(op.extra, where="extra", max_depth=4)
    if len(canonical.dumps(op.fields)) > jsonprofile.MAX_RECORD_BYTES:
        raise jsonprofile.ProfileError(f"fields over {jsonprofile.MAX_RECORD_BYTES} bytes")
    if len(canonical.dumps(op.extra)) > MAX_EXTRA_BYTES:
        raise jsonprofile.ProfileError(f"extra over {MAX_EXTRA_BYTES} bytes")


class PushRequest(Wire):
    protocol: int
    device_id: str = Field(pattern=_UUID)
    batch_id: str = Field(pattern=_UUID)
    ops: list[OpWire] = Field(max_length=MAX_OPS_PER_PUSH)
    signature: str = Field(pattern=_HEX128)  # over batch_message(...)


def batch_message(*, device_id: str, batch_id: str, op_hashes: list[str]) -> bytes:
    """What the device signs for a push batch: who, which batch, which ops in which order."""
    return canonical.dumps({"batch_id": batch_id, "device_id": device_id, "ops": op_hashes})


OpStatus = Literal["applied", "duplicate", "rejected", "deferred"]


class OpResult(Wire):
    op_id: str
    device_seq: int
    status: OpStatus
    reason: str = ""
    record_id: str = ""
    version: int = 0  # the record's server version after this op (0 when not applied)
    conflicts: int = 0  # conflict-inbox entries this op opened


class PushResponse(Wire):
    acked_through: int  # every op of this device with device_seq <= this is settled on the server
    results: list[OpResult]
    server_time: str


class ConflictCandidate(Wire):
    value: Any
    hlc: str
    device_id: str
    op_id: str


class ConflictInfo(Wire):
    conflict_id: str
    record_id: str
    path: str  # "field" or "field[item_id].key"
    candidates: list[ConflictCandidate]
    winner: int  # index into candidates of the provisional winner
    status: Literal["open", "resolved"]


class ChangeOrigin(Wire):
    """The PC whose op made a record's current version (pull with `extended=true` only)."""

    device_id: str = Field(max_length=36)
    device_name: str = Field(default="", max_length=100)
    user: str = Field(default="", max_length=64)  # the user that PC is enrolled for


class RecordChange(Wire):
    seq: int
    district: str
    record_id: str
    form_id: str
    form_version: int
    area: dict[str, str]
    status: str | None
    data: dict[str, Any]
    version: int
    deleted: bool
    hlc: str  # the greatest clock stamp written into this record
    conflicts: list[ConflictInfo] = Field(default_factory=list)  # open ones only
    origin: ChangeOrigin | None = None  # only when the client asked (extended=true)


class PullResponse(Wire):
    """A pull page. `remaining` (change-log entries after this page: an estimate of the
    records still to come, for a progress bar) and each change's `origin` are sent only to a
    client that asks with `extended=true`, and left out otherwise, so a program that does not
    know them still reads the page; a server that does not know them ignores the parameter."""

    changes: list[RecordChange]
    cursor: str
    more: bool
    server_time: str
    remaining: int | None = None


class AttachmentState(Wire):
    sha256: str
    received: int  # bytes stored so far, contiguous from 0: resume from here
    complete: bool
    size: int | None = None


class AttachmentComplete(Wire):
    size: int = Field(ge=0, le=MAX_ATTACHMENT_BYTES)


# -- the pull cursor: opaque to the client, a map district -> last seq seen for the server --


def encode_cursor(positions: dict[str, int]) -> str:
    raw = canonical.dumps({"v": 1, "d": positions})
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


_CURSOR_TEXT = re.compile(r"[A-Za-z0-9_-]*")
_CURSOR_KEY = re.compile(r"[0-9]{2,8}")


def decode_cursor(text: str) -> dict[str, int]:
    """The positions in a cursor; "" is the start. Raises ValueError (with the reason) on
    anything this server could not have issued: too long, not base64url, not strict JSON,
    a position that is not an integer in 0..2^53 (`true`, 2^63, 4,001 digits, nested)."""
    if not text:
        return {}
    if not isinstance(text, str) or len(text) > MAX_CURSOR_CHARS:
        raise ValueError(f"cursor over {MAX_CURSOR_CHARS} characters")
    if not _CURSOR_TEXT.fullmatch(text):
        raise ValueError("cursor is not one this server issued (not base64url)")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = jsonprofile.loads(raw, where="cursor", max_depth=2)
    except (binascii.Error, ValueError):
        raise ValueError("cursor is not one this server issued (not JSON)") from None
    if not isinstance(value, dict) or value.get("v") != 1 or not isinstance(value.get("d"), dict):
        raise ValueError("cursor is not one this server issued")
    positions = value["d"]
    if len(positions) > 1000:
        raise ValueError("cursor names too many districts")
    for key, seq in positions.items():
        if not _CURSOR_KEY.fullmatch(key):
            raise ValueError("cursor names a district code that is not 2-8 digits")
        if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
            raise ValueError("cursor position is not an integer in 0..2^53")
    return positions


class DeviceState(Wire):
    device_id: str
    role: str
    district: str | None
    province: str | None
    acked_through: int  # the server has settled this device's ops up to this device_seq
