"""The server's tables. The schema itself is made by the Alembic migrations in migrations/;
keep both in step by hand (no autogenerate comparison test yet)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class ServerModel(SQLModel, registry=registry()):
    """Own registry and metadata, so the server's tables never mix with the desktop's."""


class User(ServerModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    password_hash: str
    role: str = Field(max_length=32)
    district: str | None = Field(default=None, max_length=8)
    province: str | None = Field(default=None, max_length=4)
    disabled: bool = False
    created_at: str


class UserScope(ServerModel, table=True):
    """A region officer's scope: a 2-digit province code (the whole province) or a 4-digit
    district code (that district alone), one row each."""

    __tablename__ = "user_scopes"
    user_id: int = Field(foreign_key="users.id", primary_key=True)
    code: str = Field(primary_key=True, max_length=8)


class Device(ServerModel, table=True):
    __tablename__ = "devices"
    id: str = Field(primary_key=True, max_length=36)
    user_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(default="", max_length=100)
    district: str | None = Field(default=None, max_length=8)  # copied from the user at enrolment
    province: str | None = Field(default=None, max_length=4)
    role: str = Field(max_length=32)
    public_key: str = Field(max_length=64)
    created_at: str
    revoked_at: str | None = None
    last_seq: int = 0  # highest device_seq settled with no gap below it
    last_hash: str = ""  # hash of that op: the next op's prev_hash
    last_seen_at: str | None = None


class DeviceToken(ServerModel, table=True):
    __tablename__ = "device_tokens"
    token_hash: str = Field(primary_key=True, max_length=64)  # sha256 of the bearer token
    device_id: str = Field(foreign_key="devices.id", index=True)
    created_at: str
    expires_at: float  # unix time
    revoked: bool = False
    user_id: int | None = None  # the user signed in (None: issued before 0003, the device's)


class HealthProbe(ServerModel, table=True):
    """One row /healthz rewrites: proof that the database takes writes."""

    __tablename__ = "health_probe"
    id: int = Field(primary_key=True)
    at: str


class LoginFailure(ServerModel, table=True):
    __tablename__ = "login_failures"
    name: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    last_failed_at: float = 0.0


class Record(ServerModel, table=True):
    __tablename__ = "records"
    id: str = Field(primary_key=True, max_length=36)
    district: str = Field(index=True, max_length=8)  # from the writing device, never the payload
    form_id: str = Field(max_length=64)
    form_version: int
    area: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str | None = Field(default=None, max_length=40)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    field_meta: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    version: int
    deleted: bool = False
    hlc: str = Field(max_length=21)
    created_by: str = Field(max_length=36)
    updated_at: str


class RecordVersion(ServerModel, table=True):
    __tablename__ = "record_versions"
    record_id: str = Field(primary_key=True, max_length=36)
    version: int = Field(primary_key=True)
    status: str | None = Field(default=None, max_length=40)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    deleted: bool = False
    op_id: str = Field(max_length=36)
    device_id: str = Field(max_length=36)
    hlc: str = Field(max_length=21)
    created_at: str


class AppliedOp(ServerModel, table=True):
    __tablename__ = "applied_ops"
    __table_args__ = (UniqueConstraint("device_id", "device_seq"),)
    op_id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(max_length=36)
    device_seq: int
    hash: str = Field(max_length=64)
    status: str = Field(max_length=16)  # applied | rejected
    reason: str = ""
    record_id: str = Field(max_length=36)
    version: int = 0
    conflicts: int = 0
    district: str | None = Field(default=None, max_length=8)
    channel: str = Field(max_length=8)
    received_at: str


class DistrictCounter(ServerModel, table=True):
    __tablename__ = "district_counters"
    district: str = Field(primary_key=True, max_length=8)
    last_seq: int = 0


class ChangeLog(ServerModel, table=True):
    __tablename__ = "change_log"
    district: str = Field(primary_key=True, max_length=8)
    seq: int = Field(primary_key=True)
    record_id: str = Field(max_length=36)
    version: int
    op_id: str = Field(max_length=36)
    committed_at: str


class ConflictRow(ServerModel, table=True):
    __tablename__ = "conflicts"
    id: str = Field(primary_key=True, max_length=36)
    record_id: str = Field(index=True, max_length=36)
    district: str = Field(max_length=8)
    path: str = Field(max_length=200)
    candidates: list[Any] = Field(sa_column=Column(JSON, nullable=False))
    winner: int
    status: str = Field(default="open", max_length=16)
    op_id: str = Field(max_length=36)  # the op that found it
    resolved_by: str | None = Field(default=None, max_length=36)
    created_at: str


class Attachment(ServerModel, table=True):
    __tablename__ = "attachments"
    sha256: str = Field(primary_key=True, max_length=64)
    district: str = Field(primary_key=True, max_length=8)
    received: int = 0
    size: int | None = None
    complete: bool = False
    device_id: str = Field(max_length=36)
    created_at: str


class AttachmentChunk(ServerModel, table=True):
    __tablename__ = "attachment_chunks"
    sha256: str = Field(primary_key=True, max_length=64)
    district: str = Field(primary_key=True, max_length=8)
    offset: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class AuditEntry(ServerModel, table=True):
    """Append-only: the migration adds triggers that refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    actor: str = Field(max_length=100)  # "device:<id>", "user:<name>", "cli"
    action: str = Field(max_length=40)
    district: str | None = Field(default=None, max_length=8)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class ServerKey(ServerModel, table=True):
    """The server's own key pairs, made on first start: "bundle" (X25519, up-bundles are
    sealed to it) and "signing" (Ed25519, down-bundles are signed with it)."""

    __tablename__ = "server_keys"
    name: str = Field(primary_key=True, max_length=16)
    private_key: str = Field(max_length=64)  # raw, hex
    public_key: str = Field(max_length=64)
    created_at: str


class BundleLedger(ServerModel, table=True):
    """USB bundles received (direction "in": up-bundles) and written ("out": down-bundles)."""

    __tablename__ = "bundle_ledger"
    __table_args__ = (UniqueConstraint("bundle_id", "direction"),)
    id: int | None = Field(default=None, primary_key=True)
    bundle_id: str = Field(max_length=36)
    direction: str = Field(max_length=4)
    kind: str = Field(max_length=4)
    district: str | None = Field(default=None, index=True, max_length=8)
    device_id: str = Field(index=True, max_length=36)
    created_at: str  # when the bundle was written (the writer's clock)
    file_sha256: str = Field(max_length=64)
    size: int
    seq_first: int = 0
    seq_last: int = 0
    op_count: int = 0
    change_count: int = 0
    attachment_count: int = 0
    encrypted: bool = False
    cursor: str = ""  # up: the device's pull cursor; down: the cursor it brings the device to
    via: str = Field(max_length=100)  # "cli" or "relay:<device id>"
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    imports: int = 1
    first_at: str
    last_at: str
