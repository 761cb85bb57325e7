"""Which districts this PC shows: its own district (district roles), every district of its
province (province officer), or every district of a region officer's provinces plus its
single districts (e.g. SBPAC: Yala, Pattani, Narathiwat and four districts of Songkhla).
Province and region officers only read: the app and the server refuse their writes."""

from __future__ import annotations

from tambon_desktop.core import geo
from tambon_desktop.core.errors import KnownError
from tambon_desktop.protocol.lifecycle import READ_ONLY_ROLES

PROVINCE_ROLE = "province_officer"
REGION_ROLE = "region_officer"


def read_only(role: str) -> bool:
    return role in READ_ONLY_ROLES


def districts_of(codes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """District codes of 2-digit province codes (all their districts) and 4-digit district
    codes, in code order, each once."""
    out: set[str] = set()
    for code in codes:
        if len(code) == 2:
            out.update(d.code for d in geo.districts(code))
        elif len(code) == 4:
            out.add(code)
    return tuple(sorted(out))


def scope_districts(role: str, district: str, codes: list[str]) -> tuple[str, ...]:
    """The district codes a PC of `role`, set up for `district`, shows. A region officer's
    PC not yet signed in (no codes) shows the province of its district."""
    if role == REGION_ROLE:
        return districts_of(codes or [district[:2]])
    if role == PROVINCE_ROLE:
        return districts_of([district[:2]])
    return (district,)


def scope_label(role: str, district: str, codes: list[str]) -> str:
    """The scope in Thai: 'อำเภอเมืองยะลา', 'จังหวัดยะลา', 'ยะลา ปัตตานี และ 4 อำเภอของสงขลา'."""
    if role not in (REGION_ROLE, PROVINCE_ROLE):
        return f"อำเภอ{geo.name_of(district) or district}"
    if role == PROVINCE_ROLE or not codes:
        return f"จังหวัด{geo.name_of(district[:2]) or district[:2]}"
    provinces = [c for c in codes if len(c) == 2]
    parts = [f"จังหวัด{geo.name_of(p) or p}" for p in provinces]
    singles: dict[str, int] = {}
    for code in codes:
        if len(code) == 4 and code[:2] not in provinces:
            singles[code[:2]] = singles.get(code[:2], 0) + 1
    parts += [f"{n} อำเภอของจังหวัด{geo.name_of(p) or p}" for p, n in sorted(singles.items())]
    return " ".join(parts)


def refuse_write(role: str) -> None:
    """KnownError on a province or region officer's PC: it reads what districts send."""
    if read_only(role):
        from tambon_desktop.protocol.lifecycle import ROLE_LABELS

        raise KnownError(f"เครื่องของ{ROLE_LABELS.get(role, role)}ใช้ดูข้อมูลเท่านั้น "
                         f"แก้ไขหรือสร้างระเบียนไม่ได้",
                         f"a {role} PC only reads records; it cannot create or change them")
