"""Numbers of agenda items and their sub-items (วาระที่ 1, 2 …; ข้อ 4.1, 4.2 …): a new item
gets the next one, and a list numbered in sequence stays so when an item is removed or moved.
A list the clerk numbered otherwise (3 ก, 3 ข) is left alone."""

from __future__ import annotations

from tambon_desktop.core import thai


def numbered(fields) -> bool:
    return bool(fields) and fields[0].id == "number" and fields[0].type == "text"


def _parent_number(repeat) -> str:
    """The number of the item a sub-item list belongs to ("4" for the items of วาระที่ 4)."""
    group = repeat.parentWidget()
    holder = group.parentWidget() if group is not None else None
    if holder is None or holder.objectName() != "repeatItem":
        return ""  # a top-level list (the form's own "number" is the meeting's)
    widgets = getattr(group, "widgets", {})
    number = widgets.get("number")
    return thai.to_arabic_digits(str(number.value() or "")).strip() if number else ""


def sequence(repeat, n: int) -> list[str]:
    head = _parent_number(repeat)
    return [f"{head}.{k}" if head else str(k) for k in range(1, n + 1)]


def in_sequence(repeat, numbers: list[str]) -> bool:
    plain = [thai.to_arabic_digits(str(x or "")).strip() for x in numbers]
    return plain == sequence(repeat, len(plain))


def next_number(repeat, numbers: list[str]) -> str:
    """The number after the last one: 4 after 3, 4.3 after 4.2; the sequence when unsure."""
    plain = [thai.to_arabic_digits(str(x or "")).strip() for x in numbers]
    last = plain[-1] if plain else ""
    head, _, tail = last.rpartition(".")
    if tail.isdigit():
        return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    return sequence(repeat, len(plain) + 1)[-1]
