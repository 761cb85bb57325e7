"""The op envelope: one immutable change a device made to one record.

Written to the local outbox in the same transaction as the record, pushed online or carried
in a USB bundle, and applied on the server by the same `apply_ops`. The hash covers every
field but `hash` and `signature`, and chains to the device's previous op.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from tambon_desktop.core import canonical

OpKind = Literal["create", "update", "delete", "transition", "resolve"]
OP_KINDS: tuple[str, ...] = ("create", "update", "delete", "transition", "resolve")


@dataclass(frozen=True)
class Op:
    op_id: str
    device_id: str
    device_seq: int  # gap-free from 1 per device
    record_id: str
    form_id: str
    form_version: int
    kind: str
    base_version: int  # the server_version this change was made on (0 for create)
    fields: dict[str, Any]  # create: the whole data; update/resolve: changed top-level fields
    area: dict[str, str]  # changwat/amphoe/tambon DOPA codes of the record
    author: str
    hlc: str  # hybrid logical clock stamp (core.clock)
    prev_hash: str  # hash of this device's previous op, "" for the first
    status: str | None = None  # the new lifecycle status for create/transition
    comment: str = ""  # transition comment (e.g. why minutes were returned)
    hash: str = ""
    signature: str = ""  # Ed25519 over `hash`, hex; added when the op leaves the PC
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("hash")
        data.pop("signature")
        return data

    def compute_hash(self) -> str:
        return canonical.sha256_hex(self.body())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Op:
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown op fields: {sorted(unknown)}")
        return cls(**data)


def seal(op: Op) -> Op:
    """The op with its hash filled in."""
    from dataclasses import replace

    return replace(op, hash=op.compute_hash())
