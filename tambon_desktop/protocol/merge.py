"""Field-level merge of concurrent edits: pure functions, no I/O, shared by server and client.

The server keeps, for every top-level field of a record, who last wrote it (`Stamp`: clock
stamp, device, op, and the record version that write produced). An incoming edit of a field is
*sequential* when the device had seen that write (the write is its own, or its version is at or
below the op's `base_version`); it is *concurrent* otherwise. Sequential edits simply apply.
Concurrent edits are merged three ways against the base version:

- equal values: nothing to merge;
- repeat groups (lists of dicts that all have an "id") merge per item and, inside an item, per
  key: additions on either side are kept, an item deleted on one side and untouched on the
  other goes, a modified item beats a deletion;
- anything else is a conflict: both candidates are kept, and the provisional winner is the
  greater (clock stamp, device id) — never the arrival order, so every server and every
  replay picks the same one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_KEY = "@status"  # the lifecycle status is stamped like a field
_MISSING = object()


@dataclass(frozen=True)
class Stamp:
    hlc: str
    device_id: str
    op_id: str = ""
    version: int = 0

    def key(self) -> tuple[str, str]:
        return (self.hlc, self.device_id)

    def to_dict(self) -> dict[str, Any]:
        return {"hlc": self.hlc, "device_id": self.device_id, "op_id": self.op_id,
                "version": self.version}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stamp:
        return cls(data["hlc"], data["device_id"], data.get("op_id", ""), data.get("version", 0))


@dataclass(frozen=True)
class Candidate:
    value: Any
    stamp: Stamp


@dataclass
class FieldConflict:
    path: str
    candidates: list[Candidate]  # sorted by stamp key, so the list is the same in any order
    winner: int


@dataclass
class MergeResult:
    data: dict[str, Any]
    meta: dict[str, Stamp]
    conflicts: list[FieldConflict] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)


def is_repeat_group(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) and isinstance(item.get("id"), (str, int)) for item in value
    )


def is_sequential(current: Stamp | None, *, writer: Stamp, base_version: int) -> bool:
    """Had the device that made `writer` seen the write `current`?"""
    return (
        current is None
        or current.device_id == writer.device_id
        or current.version <= base_version
    )


def conflict_of(path: str, mine: Candidate, theirs: Candidate) -> FieldConflict:
    ordered = sorted([mine, theirs], key=lambda c: c.stamp.key())
    return FieldConflict(path=path, candidates=ordered, winner=1)


def merge_fields(
    *,
    current: dict[str, Any],
    meta: dict[str, Stamp],
    base: dict[str, Any],
    incoming: dict[str, Any],
    writer: Stamp,
    base_version: int,
) -> MergeResult:
    """Apply the changed fields of one op to the server's current data."""
    data = dict(current)
    new_meta = dict(meta)
    result = MergeResult(data=data, meta=new_meta)
    for name, value in incoming.items():
        cur_value = current.get(name, _MISSING)
        cur_stamp = meta.get(name)
        if is_sequential(cur_stamp, writer=writer, base_version=base_version):
            if cur_value != value:
                data[name] = value
                result.changed.add(name)
            new_meta[name] = writer
            continue
        assert cur_stamp is not None
        if cur_value == value:
            new_meta[name] = max(cur_stamp, writer, key=Stamp.key)
            continue
        base_value = base.get(name, _MISSING)
        if is_repeat_group(value) and is_repeat_group(cur_value) and (
            base_value is _MISSING or is_repeat_group(base_value)
        ):
            merged, item_conflicts = merge_items(
                base=[] if base_value is _MISSING else base_value,
                current=cur_value,
                incoming=value,
                current_stamp=cur_stamp,
                incoming_stamp=writer,
                path=name,
            )
            result.conflicts.extend(item_conflicts)
            if merged != cur_value:
                data[name] = merged
                result.changed.add(name)
            new_meta[name] = max(cur_stamp, writer, key=Stamp.key)
            continue
        if base_value is not _MISSING and base_value == value:
            continue  # the op did not really change it; the server's edit stands
        conflict = conflict_of(
            name, Candidate(cur_value if cur_value is not _MISSING else None, cur_stamp),
            Candidate(value, writer),
        )
        result.conflicts.append(conflict)
        if writer.key() > cur_stamp.key():
            data[name] = value
            new_meta[name] = writer
            result.changed.add(name)
    return result


def merge_items(
    *,
    base: list[dict],
    current: list[dict],
    incoming: list[dict],
    current_stamp: Stamp,
    incoming_stamp: Stamp,
    path: str,
) -> tuple[list[dict], list[FieldConflict]]:
    """Three-way merge of a repeat group by item id, then by key inside an item."""
    b = {item["id"]: item for item in base}
    c = {item["id"]: item for item in current}
    i = {item["id"]: item for item in incoming}
    order = [item["id"] for item in current] + [x["id"] for x in incoming if x["id"] not in c]
    conflicts: list[FieldConflict] = []
    merged: list[dict] = []
    for item_id in order:
        bi, ci, ii = b.get(item_id), c.get(item_id), i.get(item_id)
        if ci is None and ii is None:
            continue
        if ci is None:
            if bi is None or ii != bi:
                merged.append(ii)  # added by the op, or modified by it while deleted here
            continue
        if ii is None:
            if bi is None or ci != bi:
                merged.append(ci)
            continue
        item, item_conflicts = _merge_dict(
            base=bi or {}, current=ci, incoming=ii, current_stamp=current_stamp,
            incoming_stamp=incoming_stamp, path=f"{path}[{item_id}]",
        )
        conflicts.extend(item_conflicts)
        merged.append(item)
    if any("order" in item for item in merged):
        position = {id(item): n for n, item in enumerate(merged)}
        merged.sort(key=lambda item: (_order_key(item.get("order")), position[id(item)]))
    return merged, conflicts


def _order_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value))


def _merge_dict(
    *, base: dict, current: dict, incoming: dict, current_stamp: Stamp, incoming_stamp: Stamp,
    path: str,
) -> tuple[dict, list[FieldConflict]]:
    out: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for key in list(current) + [k for k in incoming if k not in current]:
        bv, cv, iv = base.get(key, _MISSING), current.get(key, _MISSING), incoming.get(key, _MISSING)
        if cv == iv or iv == bv:
            value = cv
        elif cv == bv:
            value = iv
        else:
            conflict = conflict_of(
                f"{path}.{key}",
                Candidate(None if cv is _MISSING else cv, current_stamp),
                Candidate(None if iv is _MISSING else iv, incoming_stamp),
            )
            conflicts.append(conflict)
            value = iv if incoming_stamp.key() > current_stamp.key() else cv
        if value is not _MISSING:
            out[key] = value
    return out, conflicts


def replay_pending(
    *, server: dict[str, Any], base: dict[str, Any] | None, edits: list[dict[str, Any]]
) -> dict[str, Any]:
    """The client's view of a record after a pull: the server's data with this PC's unsent
    edits on top. Repeat groups keep the server's new items (merged against `base`, the
    server copy the edits were made on); every other edited field shows the local value."""
    data = dict(server)
    for fields in edits:
        for name, value in fields.items():
            theirs = data.get(name, _MISSING)
            base_value = (base or {}).get(name, _MISSING)
            if (
                base is not None
                and is_repeat_group(value)
                and is_repeat_group(theirs)
                and (base_value is _MISSING or is_repeat_group(base_value))
            ):
                mine = Stamp("~", "~")  # local edits always show on top
                data[name], _ = merge_items(
                    base=[] if base_value is _MISSING else base_value, current=theirs,
                    incoming=value, current_stamp=Stamp("", ""), incoming_stamp=mine, path=name,
                )
            else:
                data[name] = value
    return data
