"""Canonical JSON: the one byte form of a value that gets hashed or signed.

Sorted keys, no insignificant white space, UTF-8, and every string in Unicode NFC so that
the same Thai text typed on two keyboards hashes the same.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any


def nfc(value: Any) -> Any:
    """The value with every string (keys too) in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [nfc(v) for v in value]
    return value


def dumps(value: Any) -> bytes:
    """Already NFC text (nearly always) is written without copying the value first: between
    strings there is only JSON punctuation, which composes with nothing, so the whole text is
    NFC exactly when every string in it is."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    if not unicodedata.is_normalized("NFC", text):
        text = json.dumps(nfc(value), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(dumps(value)).hexdigest()
