"""Thai line breaking done by the app (ReportLab only breaks at spaces).

1. `Breaker.analyze(text)` finds the break opportunities of a paragraph once:
   newmm word boundaries (nlpo3 with our dictionary, see words.py) and spaces, minus
   positions inside glued units (dates, times, พ.ศ. + year, meeting numbers, list numbers,
   money, abbreviations, people's names, place names) and positions where a line would start
   with a following vowel, a mark, ๆ, ฯ or closing punctuation, or end with an opening bracket.
   Each opportunity has a penalty: a space is best, a word boundary next, a boundary inside a
   known compound (ขับ|เคลื่อน) or next to a one- or two-letter fragment is expensive.
2. `fill(...)` chooses the breaks for a width: a greedy fill that, when a line is full,
   takes the candidate with the lowest cost = penalty + raggedness (squared slack), so it
   prefers a space or a whole compound over the last possible word boundary.
3. A unit longer than a whole line is split only between grapheme clusters.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from tambon_desktop.core.thai import MONTHS, MONTHS_SHORT
from tambon_desktop.pdf import words

D = "[0-9๐-๙]"
_MONTHS = "|".join(sorted((*MONTHS, *(re.escape(m) for m in MONTHS_SHORT)), key=len, reverse=True))
_ERA = r"(?:พ\.ศ\.|ค\.ศ\.|พ\.ศ|ค\.ศ)"
GLUE_PATTERNS = [
    rf"{D}{{1,2}}\s?(?:{_MONTHS})(?:\s?(?:{_ERA}\s?)?{D}{{2,4}})?",  # ๒๐ มกราคม พ.ศ. ๒๕๖๕
    rf"(?:{_MONTHS})\s?(?:{_ERA}\s?)?{D}{{4}}",  # มกราคม ๒๕๖๕
    rf"{_ERA}\s?{D}{{2,4}}",  # พ.ศ. ๒๕๖๕
    rf"{D}{{1,2}}[.:]{D}{{2}}(?:\s?(?:-|–|ถึง)\s?{D}{{1,2}}[.:]{D}{{2}})?(?:\s?(?:น\.|นาฬิกา))?",
    rf"{D}+\s?/\s?{D}{{2,4}}",  # ๑/๒๕๖๕, 1 / 2565
    rf"{D}+(?:[.,]{D}+)+\.?",  # ๔.๑, 300,000.00
    rf"{D}[{D[1:-1]},.]*\s?(?:บาท|คน|ราย|ครัวเรือน|กิโลเมตร|ไร่)",  # 300,000 บาท
    rf"(?:ครั้งที่|วาระที่|ข้อ|หมู่ที่|ที่|ม\.)\s?{D}+",  # ที่ ๑, หมู่ที่ ๓
    r"ฯลฯ",
    r"(?<![\u0E01-\u0E2E])(?:[\u0E01-\u0E4E]{1,4}\.){2,}",  # ผอ.รพ.สต.
    r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+",
    r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*",  # a Latin word never breaks inside
]
FOLLOWING = set("ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ")  # never start a line (or a cluster) with these
NO_START = FOLLOWING | set("ๆฯ)]}”’»,.;:!?%…/")
NO_END = set("([{“‘«")
LEADING_VOWELS = set("เแโใไ")
NOMINALISERS = {"การ", "ความ", "นัก", "ผู้", "ชาว"}
THAI = re.compile(r"[\u0E01-\u0E4E]")

PEN_SPACE, PEN_WORD, PEN_MIXED, PEN_FRAGMENT, PEN_COMPOUND, PEN_NAME_SPACE = 0, 10, 14, 40, 50, 25
SLACK_WEIGHT = 400.0


@dataclass(frozen=True)
class Candidate:
    end: int  # the line ends here (before any spaces)
    next: int  # the next line starts here (after the spaces)
    penalty: float


@dataclass
class Analysis:
    text: str
    candidates: list[Candidate]  # sorted by end, the last one is (len, len, 0)
    ends: list[int]
    words: list[int] = field(default_factory=list)  # every dictionary-word boundary, glued or not
    hard: list[tuple[int, int]] = field(default_factory=list)  # glued spans: names, places, numbers
    fills: dict = field(default_factory=dict)  # laid-out lines by widths and style (flow.ThaiPara)


def _protect(units) -> list[re.Pattern]:
    """A lookahead alternation (overlapping units are all found), longest first."""
    alternation = "|".join(re.escape(p) for p in sorted(units, key=len, reverse=True) if p)
    return [re.compile(f"(?=({alternation}))")] if alternation else []


@lru_cache(maxsize=8)
def _static_glue(units: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    abbreviations = [a for a in words.abbreviations() if "." in a or " " in a]
    return (*(re.compile(p) for p in GLUE_PATTERNS),
            *_protect({*words.sbpac_place_names(), *abbreviations, *units}))


@lru_cache(maxsize=1)
def _soft_compounds() -> re.Pattern | None:
    soft = sorted(set(words.compounds()), key=len, reverse=True)
    return re.compile("(?=(" + "|".join(re.escape(c) for c in soft) + "))") if soft else None


_ANALYSES: dict[tuple, dict[str, Analysis]] = {}
# texts kept per configuration: every cell of a 100-page province report (~20,000) stays
# analysed for the next print of it
_CACHE_TEXTS = 40_000


class Breaker:
    """Line breaking for one document: the static glue rules plus the document's own names."""

    def __init__(self, names: Iterable[str] = (), places: Iterable[str] = (), learned: Iterable[str] = (),
                 units: Iterable[str] = ()):
        places, learned, units = tuple(places), tuple(learned), tuple(units)
        self.names = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
        # a name part never splits; between given name and surname a break is only discouraged
        parts = {n for n in self.names if " " not in n}
        # one regex per rule: matches of different rules may overlap (ครั้งที่ ๑ / ๒๕๖๕); the
        # static ones are compiled once per process, the document's names and places each time
        self._glue = [*_static_glue(tuple(sorted(set(units)))), *_protect({*parts, *places})]
        self._soft = _soft_compounds()
        self._name_spaces = re.compile(
            "|".join(re.escape(n) for n in self.names if " " in n)) if any(" " in n for n in self.names) else None
        self.learned = {*(w for n in self.names for w in n.split()), *learned}
        self._segmenter = words.Segmenter(self.learned)
        # analyses are shared by every Breaker with the same names, places and units (a
        # document printed again, its preview then its print): one cache per configuration
        key = (tuple(self.names), tuple(sorted(places)), tuple(sorted(self.learned)), tuple(sorted(set(units))))
        self._cache = _ANALYSES.setdefault(key, {})
        if len(_ANALYSES) > 32:
            _ANALYSES.clear()
            self._cache = _ANALYSES.setdefault(key, {})

    def tokens(self, text: str) -> list[str]:
        return self._segmenter(text)

    def analyze(self, text: str) -> Analysis:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        n = len(text)
        forbidden = bytearray(n + 1)
        hard = []
        for rule in self._glue:
            for match in rule.finditer(text):
                a, b = match.span(match.lastindex or 0)
                hard.append((a, b))
                for i in range(a + 1, b):
                    forbidden[i] = 1
        extra = [0.0] * (n + 1)
        if self._soft:
            for match in self._soft.finditer(text):
                for i in range(match.start(1) + 1, match.end(1)):
                    extra[i] = max(extra[i], PEN_COMPOUND)
        if self._name_spaces:
            for match in self._name_spaces.finditer(text):
                for i in range(match.start() + 1, match.end()):
                    extra[i] = max(extra[i], PEN_NAME_SPACE)
        boundaries: dict[int, float] = {}
        pos = 0
        toks = self.tokens(text) if text else []
        for prev, tok in zip([""] + toks, toks, strict=False):
            if pos and not tok.isspace() and not prev.isspace():
                if THAI.search(prev[-1]) and THAI.search(tok[0]):
                    pen = PEN_WORD
                    if prev in NOMINALISERS:
                        pen = PEN_COMPOUND
                    elif (len(prev) <= 2 or len(tok) <= 2) and not prev.endswith("."):
                        pen = PEN_FRAGMENT
                    elif prev.endswith("."):
                        pen = PEN_FRAGMENT
                    boundaries[pos] = pen
                elif THAI.search(prev[-1]) or THAI.search(tok[0]):
                    boundaries[pos] = PEN_MIXED
                # two non-Thai tokens without a space between: no break (1/2565, e-mail)
            pos += len(tok)
        words_at = sorted(pos for pos in boundaries
                          if text[pos] not in NO_START and text[pos - 1] not in LEADING_VOWELS)
        candidates = []
        for match in re.finditer(r"\s+", text):
            s, e = match.span()
            if s == 0 or e >= n:
                continue
            boundaries.pop(e, None)
            if forbidden[s] or forbidden[e] or text[e] in NO_START or text[s - 1] in NO_END:
                continue
            candidates.append(Candidate(s, e, PEN_SPACE + extra[s]))
        for pos, pen in boundaries.items():
            if forbidden[pos] or text[pos] in NO_START or text[pos - 1] in NO_END:
                continue
            if text[pos - 1] in LEADING_VOWELS or text[pos].isspace():
                continue
            candidates.append(Candidate(pos, pos, pen + extra[pos]))
        candidates.sort(key=lambda c: c.end)
        candidates.append(Candidate(n, n, 0.0))
        analysis = Analysis(text, candidates, [c.end for c in candidates], words_at, hard)
        if len(self._cache) > _CACHE_TEXTS:
            self._cache.clear()
        self._cache[text] = analysis
        return analysis


def cluster_starts(text: str, start: int, end: int) -> list[int]:
    """Positions in (start, end) where a grapheme cluster begins (safe emergency breaks)."""
    return [i for i in range(start + 1, end)
            if text[i] not in FOLLOWING and text[i] not in "ๆฯ" and text[i - 1] not in LEADING_VOWELS]


def _emergency_cut(analysis: Analysis, width_of, s: int, unit_end: int, avail: float) -> int:
    """Where to cut a unit wider than the line: at the last dictionary-word boundary that fits
    (ผู้แทนกำนันตำบล|คอลอตันหยง), then inside a long word at the words it is made of, first
    outside names, places and numbers and only then inside them, and only failing all that
    between grapheme clusters."""
    text = analysis.text
    inner = [p for p in analysis.words if s < p < unit_end]
    subs = {depth: [s + p for p in words.sub_boundaries(text[s:unit_end], depth=depth)] for depth in (1, 2, 3)}
    hard = [(a, b) for a, b in analysis.hard if a < unit_end and b > s]

    def last_fit(positions, allow_hard: bool) -> int | None:
        cut = None
        for pos in positions:
            if text[pos] in NO_START or text[pos - 1] in LEADING_VOWELS:
                continue
            if not allow_hard and any(a < pos < b for a, b in hard):
                continue
            if width_of(s, pos) > avail + 0.01:
                break
            cut = pos
        return cut

    for allow_hard in (False, True):
        for positions in (inner, subs[1], subs[2], subs[3]):
            cut = last_fit(positions, allow_hard)
            if cut is not None:
                return cut
    cut = s + 1
    for pos in cluster_starts(text, s, unit_end):
        if width_of(s, pos) > avail:
            break
        cut = pos
    while cut < len(text) and (text[cut] in FOLLOWING or text[cut] in "ๆฯ"):
        cut += 1  # a single cluster wider than the line stays whole
    return cut


def fill(
    analysis: Analysis,
    width_of: Callable[[int, int], float],
    first_width: float,
    width: float,
    start: int = 0,
    slack_weight: float = SLACK_WEIGHT,
) -> list[tuple[int, int]]:
    """Lines as (start, end) index pairs into analysis.text for the given widths."""
    text, cands, ends = analysis.text, analysis.candidates, analysis.ends
    n = len(text)
    lines: list[tuple[int, int]] = []
    s = start
    while s < n and text[s].isspace():
        s += 1
    while s < n:
        avail = first_width if not lines and start == 0 else width
        best: Candidate | None = None
        best_cost = 0.0
        i = bisect_right(ends, s)
        while i < len(cands):
            cand = cands[i]
            i += 1
            w = width_of(s, cand.end)
            if w > avail + 0.01:
                break
            if cand.end == n:
                best, best_cost = cand, -1.0
                break
            slack = (avail - w) / avail if avail > 0 else 0.0
            cost = cand.penalty + slack_weight * slack * slack
            if best is None or cost <= best_cost:
                best, best_cost = cand, cost
        if best is None:  # the first unit is longer than the line: split it
            cut = _emergency_cut(analysis, width_of, s, cands[bisect_right(ends, s)].end, avail)
            lines.append((s, cut))
            s = cut
            continue
        lines.append((s, best.end))
        s = best.next
    return lines


def fill_optimal(
    analysis: Analysis,
    width_of: Callable[[int, int], float],
    first_width: float,
    width: float,
    start: int = 0,
    slack_weight: float = SLACK_WEIGHT,
) -> list[tuple[int, int]]:
    """Lines chosen by the least total cost over the whole paragraph (Knuth–Plass style):
    each line costs its break penalty plus `slack_weight` × (slack / width)², the last line
    nothing, so a break near the margin beats a space far back and one loose line is not
    bought with several. Same lines format as `fill`."""
    text, cands, ends = analysis.text, analysis.candidates, analysis.ends
    n = len(text)
    s0 = start
    while s0 < n and text[s0].isspace():
        s0 += 1
    if s0 >= n:
        return []
    best: dict[int, float] = {s0: 0.0}
    back: dict[int, tuple[int, int]] = {}
    frontier = [s0]
    seen = set()
    while frontier:
        s = heapq.heappop(frontier)
        if s in seen or s >= n:
            continue
        seen.add(s)
        avail = first_width if (s == s0 and start == 0) else width
        base = best[s]
        i = bisect_right(ends, s)
        fitted = False
        while i < len(cands):
            cand = cands[i]
            i += 1
            w = width_of(s, cand.end)
            if w > avail + 0.01:
                break
            fitted = True
            if cand.end == n:
                cost = cand.penalty
            else:
                slack = (avail - w) / avail if avail > 0 else 0.0
                cost = cand.penalty + slack_weight * slack * slack
            nxt = cand.next if cand.end < n else n
            if nxt not in best or base + cost < best[nxt]:
                best[nxt] = base + cost
                back[nxt] = (s, cand.end)
                heapq.heappush(frontier, nxt)
        if not fitted:  # a unit longer than the line: cut it (words, then clusters)
            cut = _emergency_cut(analysis, width_of, s, cands[bisect_right(ends, s)].end, avail)
            cost = base + 1000.0
            if cut not in best or cost < best[cut]:
                best[cut] = cost
                back[cut] = (s, cut)
                heapq.heappush(frontier, cut)
    lines = []
    pos = n
    while pos != s0:
        prev, end = back[pos]
        lines.append((prev, end))
        pos = prev
    return lines[::-1]
