"""Benchmark the minutes PDF: seed warm and cold, a 30-page minutes, against plain ReportLab
(no shaping, no Thai segmentation: Paragraphs in the same fonts, sizes and layout).

    uv run python bench/bench_pdf.py

Targets: seed minutes < 150 ms warm, 30 pages < 2 s, at most 3x the unshaped baseline."""

from __future__ import annotations

import copy
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "pdf" / "data" / "seed-meeting.json"
sys.path.insert(0, str(REPO))


def seed() -> dict:
    return json.loads(SEED.read_text("utf-8"))["data"]


def long_meeting(items: int) -> dict:
    m = copy.deepcopy(seed())
    text = m["agenda"][0]["discussion"]
    m["agenda"] = [{"number": str(i + 1), "title": f"เรื่องที่ {i + 1} การขับเคลื่อนโครงการตำบลมั่นคง มั่งคั่ง ยั่งยืน",
                    "discussion": text, "resolution": "ที่ประชุมรับทราบ"} for i in range(items)]
    return m


def plain_story(meeting: dict) -> list:
    """The same document through plain ReportLab: shaping=0, breaking only at spaces."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Table

    from tambon_desktop.pdf.flow import KeepHeading, ThaiPara
    from tambon_desktop.pdf.minutes import build_story

    align = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
    styles: dict = {}

    def convert(item):
        if isinstance(item, ThaiPara):
            st = item.style
            key = (item.runs[0][1] if item.runs else st.font, st)
            if key not in styles:
                styles[key] = ParagraphStyle(
                    "p", fontName=key[0], fontSize=st.size, leading=st.leading, shaping=0,
                    firstLineIndent=st.first_indent, leftIndent=st.left_indent,
                    alignment=align[st.align], spaceBefore=st.space_before)
            return Paragraph(escape(item.text), styles[key])
        if isinstance(item, KeepTogether):
            return KeepTogether([convert(x) for x in item._content])
        if isinstance(item, Table):
            rows = [[convert(c) if c else "" for c in row] for row in item._cellvalues]
            table = Table(rows, colWidths=item._colWidths, hAlign="LEFT")
            return table
        if isinstance(item, KeepHeading):
            return None
        return item

    return [x for x in (convert(i) for i in build_story(meeting, draft=True)) if x is not None]


def build_plain(story: list) -> bytes:
    from tambon_desktop.pdf.styles import OfficialDoc

    buf = io.BytesIO()
    OfficialDoc(buf, thai_digits=True, draft=False, title="baseline", page_numbers=False).build(story)
    return buf.getvalue()


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def cold_ms() -> tuple[float, float]:
    code = (
        f"import time; t0 = time.perf_counter(); import json, sys; sys.path.insert(0, {str(REPO)!r});"
        "from tambon_desktop.pdf import render_minutes;"
        f"m = json.load(open({str(SEED)!r}, encoding='utf-8'))['data']; t1 = time.perf_counter();"
        "render_minutes(m); t2 = time.perf_counter();"
        "print((t2 - t0) * 1000, (t2 - t1) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total, render = (float(x) for x in out.stdout.split())
    return total, render


def pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ") or data.count(b"/Type /Page")


def main() -> None:
    from tambon_desktop.pdf import prepare, render_minutes

    cold_total, cold_render = cold_ms()
    prepare()
    meeting = seed()
    render_minutes(meeting)  # warm up caches
    big = long_meeting(58)
    big_pdf = render_minutes(big)
    n_pages = pages(big_pdf) - 1  # minus /Type /Pages
    rows = []
    for name, m, repeat in (("seed minutes (warm)", meeting, 15), (f"{n_pages}-page minutes (warm)", big, 3)):
        ours = timed(lambda m=m: render_minutes(m), repeat)
        stories = [plain_story(m) for _ in range(repeat)]
        base = timed(lambda stories=stories: build_plain(stories.pop()), repeat)
        rows.append((name, ours, base))
    from tambon_desktop.pdf import flow, fonts

    def no_cache():
        flow._shaped.clear()  # noqa: SLF001 - measure first-time shaping of every word
        fonts._widths.clear()  # noqa: SLF001
        render_minutes(meeting)

    ours = timed(no_cache, 10)
    rows.insert(1, ("seed minutes (warm, no word cache)", ours, rows[0][2]))
    print(f"{'document':36} {'ours ms':>10} {'plain RL ms':>12} {'ratio':>7}")
    for name, ours, base in rows:
        print(f"{name:36} {ours:10.1f} {base:12.1f} {ours / base:7.2f}x")
    print(f"{'seed minutes (cold, subprocess)':36} {cold_total:10.1f} {'':>12} {'':>7}"
          f"  (imports+first render; render alone {cold_render:.1f} ms)")
    seed_warm, big_warm = rows[1][1], rows[2][1]
    print()
    print(f"targets: seed warm < 150 ms: {'OK' if seed_warm < 150 else 'MISSED'}; "
          f"{n_pages} pages < 2000 ms: {'OK' if big_warm < 2000 else 'MISSED'}; "
          f"warm <= 3x baseline: {'OK' if max(o / b for n, o, b in rows if 'no word' not in n) <= 3 else 'MISSED'}"
          f"; (the no-word-cache row, a first render of new words, is reported, not a target)")


if __name__ == "__main__":
    main()
