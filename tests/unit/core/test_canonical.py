"""canonical.dumps writes already-NFC values without copying them first: the bytes must be
exactly those of the value normalised string by string (they are hashed and signed)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tambon_desktop.core import canonical

# Thai with its marks, Latin letters with combining accents (e + ́ composes to é), Hangul
# jamo (compose across characters), and the JSON punctuation a string can hold.
ALPHABET = st.sampled_from(list("กขเแำ่้๊๋็ัิ ea\u0301\u0300\u0323\u1100\u1161\u11a8\"\\:,{}[]")
                           + ["\u00e9", "\u0e33", "\u212b", "\u0041\u030a"])
TEXT = st.lists(ALPHABET, max_size=8).map("".join)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20)


def reference(value) -> bytes:
    return json.dumps(canonical.nfc(value), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), allow_nan=False).encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_dumps_is_the_value_normalised_string_by_string(value):
    assert canonical.dumps(value) == reference(value)


def test_decomposed_text_is_normalised_and_keys_sorted_after_it():
    value = {"e\u0301": "a\u030a", "f": ["\u0e4d\u0e32"]}
    out = canonical.dumps(value).decode()
    assert out == reference(value).decode()
    assert unicodedata.is_normalized("NFC", out) and "\u00e9" in out and "\u00e5" in out
