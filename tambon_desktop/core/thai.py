"""Thai dates, digits and numbers: stored as ISO Gregorian and Arabic digits, shown in the
Buddhist Era and (by default) Thai digits only when rendered. Stdlib only (see DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BE_OFFSET = 543
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
# Monday first, as datetime.weekday() counts.
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


def to_thai_digits(text: object) -> str:
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def digits(text: object, thai: bool) -> str:
    return to_thai_digits(text) if thai else str(text)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def thai_date(
    day: dt.date | str,
    *,
    weekday: bool = False,
    be_label: bool = False,
    thai_digits: bool = True,
    short_month: bool = False,
) -> str:
    """'๒๐ มกราคม ๒๕๖๕'; with weekday 'วันพฤหัสบดีที่ ๒๐ มกราคม ๒๕๖๕'; with be_label '... พ.ศ. ๒๕๖๕'."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    month = (MONTHS_SHORT if short_month else MONTHS)[day.month - 1]
    year = f"พ.ศ. {be_year(day.year)}" if be_label else str(be_year(day.year))
    text = f"{day.day} {month} {year}"
    if weekday:
        text = f"วัน{WEEKDAYS[day.weekday()]}ที่ {text}"
    return digits(text, thai_digits)


def meeting_date_line(day: dt.date | str, *, weekday: bool = True, be_label: bool = False,
                      thai_digits: bool = True, on: str = "เมื่อ", day_word: str = "วันที่") -> str:
    """The minutes' date line: 'เมื่อวันพฤหัสบดีที่ ๒๐ มกราคม ๒๕๖๕', or without the weekday
    'เมื่อวันที่ ๒๐ มกราคม ๒๕๖๕' (`on` and `day_word` are the form's labels)."""
    date = thai_date(day, weekday=weekday, be_label=be_label, thai_digits=thai_digits)
    return on + date if weekday else f"{on}{day_word} {date}"


def thai_time(hhmm: str, *, thai_digits: bool = True) -> str:
    """'09:30' → '๐๙.๓๐ น.'"""
    hour, minute = parse_time(hhmm).split(":")
    return digits(f"{hour}.{minute} น.", thai_digits)


def meeting_no(number: int, year_be: int, *, thai_digits: bool = True) -> str:
    """'๑/๒๕๖๕'"""
    return digits(f"{number}/{year_be}", thai_digits)


def fiscal_year_be(day: dt.date | str) -> int:
    """Thai fiscal year: 1 Oct – 30 Sep, named by the BE year in which it ends."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_quarter(day: dt.date | str) -> int:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return ((day.month - 10) % 12) // 3 + 1


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(?:วัน\S*ที่\s*)?(\d{1,2})\s+(\S+)\s+(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?(\d{4})$")


def _year_ce(year: int) -> int:
    """A year ≥ 2400 is Buddhist Era (DOMAIN.md §4)."""
    return year - BE_OFFSET if year >= 2400 else year


def parse_date(text: str) -> dt.date:
    """Read a date as a clerk types it: ISO, d/m/y or '20 มกราคม 2565', BE or CE years,
    Thai or Arabic digits. Raises ValueError with a Thai message."""
    raw = to_arabic_digits(str(text).strip())
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _WORDS.match(raw):
        day, month_name, year = int(match[1]), match[2], int(match[3])
        names = {n: i + 1 for i, n in enumerate(MONTHS)} | {
            n: i + 1 for i, n in enumerate(MONTHS_SHORT)
        }
        if month_name not in names:
            raise ValueError(f"ไม่รู้จักชื่อเดือน '{month_name}'")
        month = names[month_name]
    else:
        raise ValueError(f"รูปแบบวันที่ไม่ถูกต้อง '{text}' (ใช้ เช่น 2022-01-20 หรือ 20/01/2565)")
    try:
        return dt.date(_year_ce(year), month, day)
    except ValueError:
        raise ValueError(f"ไม่มีวันที่นี้ในปฏิทิน '{text}'") from None


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*น\.?)?$")


def parse_time(text: str) -> str:
    """'9.30', '09:30', '๐๙.๓๐ น.' → '09:30'. Raises ValueError with a Thai message."""
    raw = to_arabic_digits(str(text).strip())
    match = _TIME.match(raw)
    if not match:
        raise ValueError(f"รูปแบบเวลาไม่ถูกต้อง '{text}' (ใช้ เช่น 09:30)")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"ไม่มีเวลานี้ '{text}'")
    return f"{hour:02d}:{minute:02d}"


def parse_money(text: object) -> Decimal:
    """'300,000.00', '๓๐๐๐๐๐' → Decimal('300000.00'), in baht to the satang."""
    raw = to_arabic_digits(str(text)).replace(",", "").replace("บาท", "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง '{text}'") from None
    if not value.is_finite():
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง '{text}'")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_money(value: Decimal | str, *, thai_digits: bool = False) -> str:
    """Decimal('300000') → '300,000.00' (Arabic digits by default: accepted in money columns)."""
    return digits(f"{Decimal(value):,.2f}", thai_digits)


def citizen_id_ok(cid: str) -> bool:
    """The 13-digit checksum. A check, not proof: it misses every error in digit 3."""
    cid = to_arabic_digits(cid).replace("-", "").replace(" ", "")
    if not re.fullmatch(r"\d{13}", cid):
        return False
    total = sum(int(cid[i]) * (13 - i) for i in range(12))
    return (11 - total % 11) % 10 == int(cid[12])


def mask_citizen_id(cid: str) -> str:
    """'1103700012342' → '1-1037-xxxxx-xx-2'"""
    cid = to_arabic_digits(cid).replace("-", "").replace(" ", "")
    if len(cid) != 13:
        return "x" * len(cid)
    return f"{cid[0]}-{cid[1:5]}-xxxxx-xx-{cid[12]}"


# leading vowels เ แ โ ใ ไ before a consonant; marks ็ ่ ้ ๊ ๋ ์ ํ ๎ sort second
_LEADING_PAIR = re.compile("([เแโใไ])([ก-ฮ])")
_SECONDARY_MARK = re.compile("[\u0e47-\u0e4e]")


def sort_key(text: str) -> str:
    """A key whose plain code-point order is Thai dictionary order: a leading vowel sorts
    after its consonant (เก sorts under ก), tone marks only break ties. SQLite's ORDER BY
    on this key gives what QCollator(th_TH) gives for names. (Regular expressions rather than
    a loop over characters: a first sync computes tens of thousands of them.)"""
    import unicodedata

    chars = _LEADING_PAIR.sub(r"\2\1", unicodedata.normalize("NFC", text.strip()))
    primary = "".join(map(str.lower, _SECONDARY_MARK.sub("", chars)))
    return primary + "\x01" + "".join(_SECONDARY_MARK.findall(chars))
