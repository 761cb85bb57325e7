"""SQLModel mappings of the local schema (the schema itself is made by migrations.py)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Device(SQLModel, table=True):
    id: int = Field(default=1, primary_key=True)
    device_id: str
    district: str
    user_name: str
    role: str
    last_seq: int = 0
    last_hash: str = ""
    hlc_ms: int = 0
    hlc_counter: int = 0
    created_at: str


class Record(SQLModel, table=True):
    id: str = Field(primary_key=True)
    form_id: str
    form_version: int
    changwat: str = ""
    amphoe: str = ""
    tambon: str = ""
    status: str
    data: str  # canonical JSON of the validated data
    title: str = ""
    title_key: str = ""  # Thai collation key of the title (core.thai_sort)
    record_date: str = ""
    author: str
    created_at: str
    updated_at: str
    server_version: int = 0
    deleted: bool = False


class Outbox(SQLModel, table=True):
    op_id: str = Field(primary_key=True)
    device_seq: int
    record_id: str = Field(foreign_key="record.id")
    kind: str
    body: str  # canonical JSON of protocol.ops.Op
    hash: str
    state: str = "pending"
    reject_reason: str = ""
    created_at: str


class Audit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: str
    user_name: str
    action: str
    record_id: str = ""
    detail: str = ""


class Transition(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(foreign_key="record.id")
    at: str
    user_name: str
    from_status: str
    to_status: str
    comment: str = ""


class Village(SQLModel, table=True):
    tambon: str = Field(primary_key=True)
    moo: int = Field(primary_key=True)
    name_th: str
    active: bool = True


class Meta(SQLModel, table=True):
    key: str = Field(primary_key=True)
    value: str
