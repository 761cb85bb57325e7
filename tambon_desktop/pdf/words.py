"""The segmentation dictionary: pythainlp's word list plus what a district office writes.

Loaded once, lazily, and cached: pythainlp's ~62k words, the government abbreviations in
resources/words/abbreviations.txt, the compounds in resources/words/compounds.txt, and the real
place names from geothai (all provinces, districts and tambons). Per document, `learning(words)`
adds the names, positions and agencies of the meeting for the time of one render.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from tambon_desktop.core.paths import resource_path

SBPAC_PROVINCES = ("94", "95", "96")
SBPAC_SONGKHLA_DISTRICTS = ("9003", "9004", "9005", "9006")

_lock = threading.RLock()
_trie = None


def read_word_file(name: str) -> list[str]:
    path = resource_path("resources", "words", name)
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


@lru_cache(maxsize=1)
def abbreviations() -> tuple[str, ...]:
    return tuple(read_word_file("abbreviations.txt"))


@lru_cache(maxsize=1)
def compounds() -> tuple[str, ...]:
    return tuple(read_word_file("compounds.txt"))


_LEVEL_PREFIX = re.compile(r"^(?:จังหวัด|อำเภอ|ตำบล|แขวง|เขต|กิ่งอำเภอ)")


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """Every province, district and tambon name in geothai (about 8,400, with duplicates removed)."""
    import geothai

    names: set[str] = set()
    for province in geothai.provinces():
        names.add(province.name_th)
        for district in geothai.districts(province.code):
            names.add(district.name_th)
            for tambon in geothai.subdistricts(district.code):
                names.add(tambon.name_th)
    return tuple(sorted(n for n in (_LEVEL_PREFIX.sub("", x).strip() for x in names) if n))


@lru_cache(maxsize=1)
def sbpac_place_names() -> tuple[str, ...]:
    """Province, district and tambon names of the SBPAC area: never split, even if newmm would."""
    import geothai

    names: set[str] = set()
    districts = [d for p in SBPAC_PROVINCES for d in geothai.districts(p)]
    districts += [geothai.district(code) for code in SBPAC_SONGKHLA_DISTRICTS]
    names.update(geothai.province(p).name_th for p in (*SBPAC_PROVINCES, "90"))
    for district in districts:
        names.add(district.name_th)
        names.update(t.name_th for t in geothai.subdistricts(district.code))
    return tuple(sorted(n for n in names if len(n) >= 3))


def area_names(area: dict | None) -> list[str]:
    """Names of the meeting's own changwat/amphoe/tambon codes (unknown codes are ignored)."""
    import geothai

    names = []
    for key, lookup in (("changwat", geothai.province), ("amphoe", geothai.district),
                        ("tambon", geothai.subdistrict)):
        code = str((area or {}).get(key) or "").strip()
        if not code:
            continue
        try:
            item = lookup(code)
        except Exception:  # noqa: BLE001 - an unknown code is not an error for printing
            item = None
        if item is not None:
            names.append(item.name_th)
    return names


def base_trie():
    """The shared pythainlp Trie (built once: about 0.5 s)."""
    global _trie
    if _trie is None:
        with _lock:
            if _trie is None:
                from pythainlp.corpus import thai_words
                from pythainlp.util import Trie

                words = set(thai_words())
                words.update(w for w in abbreviations() if " " not in w)
                words.update(w for w in compounds() if " " not in w)
                words.update(w for w in place_names() if " " not in w)
                _trie = Trie(words)
    return _trie


@contextmanager
def learning(words: Iterable[str]) -> Iterator[object]:
    """Add the document's own words (names, positions, agencies) to the dictionary while
    rendering it; they are removed afterwards so documents do not leak into each other."""
    trie = base_trie()
    with _lock:
        added = []
        for word in {w.strip() for w in words}:
            if word and " " not in word and word not in trie:
                trie.add(word)
                added.append(word)
        try:
            yield trie
        finally:
            for word in added:
                trie.remove(word)


def sub_boundaries(text: str, long: int = 6) -> list[int]:
    """Word boundaries inside `text` by the base dictionary alone (no document names), with
    each word of `long` characters or more split once more into the words it is made of
    (นายกองค์การบริหารส่วนตำบล → นายก|องค์การ|บริหาร|ส่วน|ตำบล): the places where a unit
    wider than its cell may break before falling back to grapheme clusters."""
    from pythainlp.tokenize import newmm

    trie = base_trie()
    out: set[int] = set()
    with _lock:
        pos = 0
        for token in newmm.segment(text, custom_dict=trie):
            if pos:
                out.add(pos)
            if len(token) >= long and token in trie:
                trie.remove(token)
                try:
                    inner = 0
                    for part in newmm.segment(token, custom_dict=trie)[:-1]:
                        inner += len(part)
                        out.add(pos + inner)
                finally:
                    trie.add(token)
            pos += len(token)
    return sorted(out)
