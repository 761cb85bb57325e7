import datetime as dt
import random
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tambon_desktop.core import thai


def test_seed_meeting_date_in_official_styles():
    day = dt.date(2022, 1, 20)
    assert thai.thai_date(day) == "๒๐ มกราคม ๒๕๖๕"
    assert thai.thai_date(day, weekday=True) == "วันพฤหัสบดีที่ ๒๐ มกราคม ๒๕๖๕"
    assert thai.thai_date(day, weekday=True, be_label=True) == "วันพฤหัสบดีที่ ๒๐ มกราคม พ.ศ. ๒๕๖๕"
    assert thai.thai_date(day, thai_digits=False) == "20 มกราคม 2565"
    assert thai.thai_time("09:30") == "๐๙.๓๐ น."
    assert thai.meeting_no(1, 2565) == "๑/๒๕๖๕"
    assert thai.fiscal_year_be(day) == 2565
    assert thai.fiscal_quarter(day) == 2


@pytest.mark.parametrize(
    ("day", "year", "quarter"),
    [("2021-10-01", 2565, 1), ("2021-09-30", 2564, 4), ("2022-04-01", 2565, 3),
     ("2022-07-31", 2565, 4), ("2021-12-31", 2565, 1)],
)
def test_fiscal_year_turns_on_1_october(day, year, quarter):
    assert thai.fiscal_year_be(day) == year
    assert thai.fiscal_quarter(day) == quarter


def test_matches_pythainlp_on_many_dates():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pythainlp.util import thai_strftime
    rng = random.Random(2565)
    start = dt.date(1900, 1, 1).toordinal()
    for _ in range(5000):
        day = dt.date.fromordinal(rng.randint(start, dt.date(2200, 12, 31).toordinal()))
        stamp = dt.datetime(day.year, day.month, day.day)
        expected = thai_strftime(stamp, "%A ที่ %-d %B พ.ศ. %Y", thaidigit=True)
        ours = thai.thai_date(day, weekday=True, be_label=True)
        # pythainlp puts a space before ที่; the official style writes วันพฤหัสบดีที่
        assert ours == expected.replace(" ที่", "ที่")
        assert thai.thai_date(day) == thai_strftime(stamp, "%-d %B %Y", thaidigit=True)


@pytest.mark.parametrize(
    "text",
    ["2022-01-20", "2565-01-20", "20/01/2565", "20/1/2022", "๒๐/๐๑/๒๕๖๕", "20 มกราคม 2565",
     "วันพฤหัสบดีที่ ๒๐ มกราคม พ.ศ. ๒๕๖๕", "20 ม.ค. 2565"],
)
def test_parse_date_accepts_be_ce_and_thai_digits(text):
    assert thai.parse_date(text) == dt.date(2022, 1, 20)


@pytest.mark.parametrize("text", ["2565-02-30", "31/04/2565", "hello", "", "20 มกรา 2565"])
def test_parse_date_refuses_with_thai_message(text):
    with pytest.raises(ValueError) as err:
        thai.parse_date(text)
    assert any("\u0e00" <= c <= "\u0e7f" for c in str(err.value))


@pytest.mark.parametrize(("text", "out"), [("9.30", "09:30"), ("๐๙.๓๐ น.", "09:30"), ("13:05", "13:05")])
def test_parse_time(text, out):
    assert thai.parse_time(text) == out


def test_parse_time_refuses_impossible():
    for bad in ("24:00", "9.60", "noon"):
        with pytest.raises(ValueError):
            thai.parse_time(bad)


def test_money_and_digits():
    assert str(thai.parse_money("๓๐๐,๐๐๐")) == "300000.00"
    assert thai.format_money("300000") == "300,000.00"
    assert thai.to_arabic_digits("๑๒๓") == "123"


def test_citizen_id_checksum_and_mask():
    assert thai.citizen_id_ok("1101700207030")
    assert not thai.citizen_id_ok("1101700207031")
    assert thai.mask_citizen_id("1101700207030") == "1-1017-xxxxx-xx-0"


def test_thai_sort_key_orders_like_a_dictionary():
    names = ["ไก่", "เกษม", "ขวัญ", "กมล", "โชติ", "คำ", "ก้อง", "กอง"]
    ordered = sorted(names, key=thai.sort_key)
    assert ordered == ["กมล", "กอง", "ก้อง", "เกษม", "ไก่", "ขวัญ", "คำ", "โชติ"]


def _sort_key_by_loop(text: str) -> str:
    """sort_key as first written, one character at a time: the reference."""
    import unicodedata

    leading, secondary_marks = "เแโใไ", "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
    chars = unicodedata.normalize("NFC", text.strip())
    primary: list[str] = []
    secondary: list[str] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        if c in leading and i + 1 < len(chars) and "ก" <= chars[i + 1] <= "ฮ":
            primary += [chars[i + 1], c]
            i += 2
            continue
        if c in secondary_marks:
            secondary.append(c)
        else:
            primary.append(c.lower())
        i += 1
    return "".join(primary) + "\x01" + "".join(secondary)


_SORT_ALPHABET = list("เแโใไกขฮฯะาำิ็่้๊๋์ํ๎ aZΣİ ") + ["\u0e4f", "\u0e2e", "\u0e01"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SORT_ALPHABET), max_size=12).map("".join))
def test_thai_sort_key_is_the_character_loop(text):
    assert thai.sort_key(text) == _sort_key_by_loop(text)
