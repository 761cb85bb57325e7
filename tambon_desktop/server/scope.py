"""Which districts a device may read: its own district (district roles), every district of a
province (province officers), or a list of provinces and single districts (region officers,
e.g. SBPAC). Pull, attachments and USB relay all ask here."""

from __future__ import annotations

from sqlalchemy import false, or_
from sqlmodel import Session, col, delete, select

from tambon_desktop.server.tables import Device, User, UserScope

REGION_ROLE = "region_officer"


def parse_codes(provinces: str | None, districts: str | None) -> list[str]:
    """A region officer's scope from `--provinces 94,95,96 --districts 9003,9004`: real DOPA
    codes (geothai), sorted, districts inside a listed province dropped; else ValueError."""
    from tambon_desktop.core import geo

    codes: set[str] = set()
    for text, size, label in ((provinces, 2, "province"), (districts, 4, "district")):
        for code in (c.strip() for c in (text or "").split(",")):
            if not code:
                continue
            if not (code.isdigit() and len(code) == size):
                raise ValueError(f"{code!r} is not a {size}-digit DOPA {label} code")
            if geo.name_of(code) is None:
                raise ValueError(f"{label} {code} does not exist (no such DOPA {label} code)")
            codes.add(code)
    if not codes:
        raise ValueError("a region officer needs --provinces CODE,CODE,... (2-digit codes) "
                         "and/or --districts CODE,... (4-digit codes)")
    return sorted(c for c in codes if len(c) == 2 or c[:2] not in codes)


def codes_of(session: Session, user_id: int | None) -> list[str]:
    if user_id is None:
        return []
    return sorted(session.exec(select(UserScope.code).where(UserScope.user_id == user_id)))


def set_codes(session: Session, user: User, codes: list[str]) -> None:
    session.execute(delete(UserScope).where(UserScope.user_id == user.id))
    for code in codes:
        session.add(UserScope(user_id=user.id, code=code))


def codes_for(session: Session, device: Device) -> list[str]:
    """The codes a device reads: [district], [province] or a region officer's list."""
    if device.district:
        return [device.district]
    if device.province:
        return [device.province]
    if device.role == REGION_ROLE:
        return codes_of(session, device.user_id)
    return []


def covers(codes: list[str], district: str) -> bool:
    return any(district == c or (len(c) == 2 and district.startswith(c)) for c in codes)


def where_district(column, codes: list[str]):
    """A SQL condition: `column` (a district code) lies in the scope."""
    if not codes:
        return false()
    return or_(*[column == c if len(c) > 2 else col(column).startswith(c) for c in codes])
