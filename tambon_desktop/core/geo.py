"""Thai administrative areas by DOPA code (province 2, district 4, tambon 6 digits), from
geothai (data CC BY 4.0, "GeoThai"). Always keyed by code: 795 tambon names repeat.
Villages are not here: each district keeps its own list in the local store."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ATTRIBUTION = "ข้อมูลเขตการปกครอง: GeoThai (CC BY 4.0)"

# The SBPAC working area: Yala, Pattani, Narathiwat and four districts of Songkhla.
SBPAC_PROVINCES = ("95", "94", "96")
SBPAC_SONGKHLA_DISTRICTS = ("9003", "9004", "9005", "9006")


@dataclass(frozen=True)
class Area:
    code: str
    name_th: str
    name_en: str


def _geothai():
    import geothai

    return geothai


@lru_cache(maxsize=1)
def provinces() -> tuple[Area, ...]:
    return tuple(Area(p.code, p.name_th, p.name_en) for p in _geothai().provinces())


@lru_cache(maxsize=128)
def districts(province_code: str) -> tuple[Area, ...]:
    return tuple(Area(d.code, d.name_th, d.name_en) for d in _geothai().districts(province_code))


@lru_cache(maxsize=1024)
def tambons(district_code: str) -> tuple[Area, ...]:
    return tuple(
        Area(t.code, t.name_th, t.name_en) for t in _geothai().subdistricts(district_code)
    )


def name_of(code: str) -> str | None:
    """Thai name of a province, district or tambon code; None if unknown."""
    if not code or not code.isdigit():
        return None
    pool = {2: lambda: provinces(), 4: lambda: districts(code[:2]), 6: lambda: tambons(code[:4])}
    getter = pool.get(len(code))
    if getter is None:
        return None
    for area in getter():
        if area.code == code:
            return area.name_th
    return None


def check_area(changwat: str, amphoe: str = "", tambon: str = "") -> str | None:
    """None if the codes exist and nest; else a Thai message naming the bad code."""
    if not name_of(changwat) or len(changwat) != 2:
        return f"ไม่พบรหัสจังหวัด '{changwat}'"
    if amphoe:
        if len(amphoe) != 4 or not amphoe.startswith(changwat) or not name_of(amphoe):
            return f"ไม่พบรหัสอำเภอ '{amphoe}' ในจังหวัด{name_of(changwat)}"
    if tambon:
        if not amphoe:
            return "ระบุตำบลแล้วต้องระบุอำเภอด้วย"
        if len(tambon) != 6 or not tambon.startswith(amphoe) or not name_of(tambon):
            return f"ไม่พบรหัสตำบล '{tambon}' ในอำเภอ{name_of(amphoe)}"
    return None


def sbpac_districts() -> tuple[Area, ...]:
    """The 37 districts of the SBPAC area."""
    out = [d for p in SBPAC_PROVINCES for d in districts(p)]
    out += [d for d in districts("90") if d.code in SBPAC_SONGKHLA_DISTRICTS]
    return tuple(out)
