"""The strict JSON profile every op, record, cursor and bundle part must fit (docs/sync.md,
"Limits"). The server checks it before any work, the PC before an op enters its outbox, and
every bundle reader on reading: a value outside it is refused with a reason, never stored, so
no stored value can later break hashing (canonical JSON), serialising a pull page or
PostgreSQL (which refuses NUL in text).

- objects and arrays nest at most MAX_DEPTH deep;
- strings (keys too) are valid Unicode without lone surrogates, without NUL, at most
  MAX_STRING_BYTES in UTF-8;
- numbers are integers within +-MAX_INT or finite floats (no NaN, Infinity, 1e400);
- at most MAX_ITEMS members in one object or array, MAX_NODES values in all.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 16
MAX_STRING_BYTES = 1024 * 1024  # one field's text
MAX_ITEMS = 5_000
MAX_NODES = 200_000
MAX_INT = 2**53  # what every JSON reader (and JavaScript) reads exactly
MAX_RECORD_BYTES = 4 * 1024 * 1024  # one record's data (or one op's fields), canonical UTF-8


class ProfileError(ValueError):
    """A value outside the profile; the message says where and why (English)."""


def check(value: Any, *, where: str = "value", max_depth: int = MAX_DEPTH) -> None:
    """Raise ProfileError if `value` (as json.loads returns it) is outside the profile."""
    nodes = 0
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ProfileError(f"{where}: more than {MAX_NODES} values")
        if isinstance(item, str):
            check_text(item, path)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT <= item <= MAX_INT:
                raise ProfileError(f"{path}: integer outside +-2^53")
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise ProfileError(f"{path}: NaN or Infinity is not allowed")
        elif isinstance(item, dict | list | tuple):
            if depth >= max_depth:
                raise ProfileError(f"{path}: nested deeper than {max_depth}")
            if len(item) > MAX_ITEMS:
                raise ProfileError(f"{path}: more than {MAX_ITEMS} members")
            if isinstance(item, dict):
                for key, member in item.items():
                    if not isinstance(key, str):
                        raise ProfileError(f"{path}: object keys must be text")
                    check_text(key, path)
                    stack.append((member, f"{path}.{key[:40]}", depth + 1))
            else:
                for n, member in enumerate(item):
                    stack.append((member, f"{path}[{n}]", depth + 1))
        else:
            raise ProfileError(f"{path}: {type(item).__name__} is not a JSON value")


def check_text(text: str, where: str = "text", *, max_bytes: int = MAX_STRING_BYTES) -> None:
    if "\x00" in text:
        raise ProfileError(f"{where}: NUL character is not allowed")
    if len(text) > max_bytes:
        raise ProfileError(f"{where}: text over {max_bytes} bytes")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ProfileError(f"{where}: lone surrogate (not valid Unicode)") from None
    if size > max_bytes:
        raise ProfileError(f"{where}: text over {max_bytes} bytes")


def _no_constant(name: str) -> Any:
    raise ProfileError(f"{name} is not allowed in JSON")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 16:
        raise ProfileError("integer outside +-2^53")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ProfileError("number overflows (e.g. 1e400)")
    return value


def loads(data: bytes | str, *, where: str = "JSON", max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON and check it against the profile; ProfileError on anything else."""
    try:
        value = json.loads(data, parse_constant=_no_constant, parse_int=_bounded_int,
                           parse_float=_finite_float)
    except ProfileError as exc:
        raise ProfileError(f"{where}: {exc}") from None
    except RecursionError:
        raise ProfileError(f"{where}: nested too deep") from None
    except (ValueError, TypeError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise ProfileError(f"{where}: not JSON ({str(exc)[:80]})") from None
    check(value, where=where, max_depth=max_depth)
    return value
