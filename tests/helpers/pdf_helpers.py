"""Helpers for the PDF tests: real PDFs read back with poppler and qpdf.

The tools are required: when one is missing the tests FAIL with a message (CI installs
poppler-utils and qpdf); nothing is skipped silently."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from reportlab.platypus import KeepTogether, Table

from tambon_desktop.core.thai import to_thai_digits
from tambon_desktop.pdf.flow import ThaiPara

DATA = Path(__file__).resolve().parents[1] / "pdf" / "data"
TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm", "qpdf")


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: install poppler-utils and qpdf (apt-get install -y poppler-utils qpdf)")
    return path


def run(*args: str) -> str:
    proc = subprocess.run([tool(args[0]), *args[1:]], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0 and args[0] != "qpdf":
        raise AssertionError(f"{args[0]} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout + proc.stderr if args[0] == "qpdf" else proc.stdout


def write_pdf(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    assert data.startswith(b"%PDF-"), "not a PDF"
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdftotext(path: Path, *flags: str) -> str:
    return run("pdftotext", *flags, str(path), "-")


def squash(text: str) -> str:
    """NFC and no whitespace: how extracted text is compared with the source."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def page_count(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path)))[1])


def story_paragraphs(story) -> list[ThaiPara]:
    """Every ThaiPara of a story, in order, including table cells and kept-together groups."""
    out: list[ThaiPara] = []
    for item in story:
        if isinstance(item, ThaiPara):
            out.append(item)
        elif isinstance(item, KeepTogether):
            out += story_paragraphs(item._content)
        elif isinstance(item, Table):
            for row in item._cellvalues:
                out += story_paragraphs([c for c in row if c])
        elif isinstance(item, (list, tuple)):  # a laid-out table cell (ReportLab's cell tuple)
            out += story_paragraphs(list(item))
    return out




def strip_page_numbers(pages: list[str]) -> str:
    """The text of pdftotext pages without the '- n -' line that tops pages 2 onwards."""
    out = []
    for number, page in enumerate(pages, 1):
        if number >= 2 and page.strip():
            head = squash(page)[: 2 + len(str(number))]
            assert head == f"-{to_thai_digits(number)}-", f"page {number} starts with {head!r}"
            page = page.split("\n", 1)[1]
        out.append(page)
    return "".join(out)


def long_meeting(seed: dict, pages: int) -> dict:
    """About `pages` pages of minutes: the seed's discussions repeated (with names inside)."""
    m = copy.deepcopy(seed)
    text = m["agenda"][0]["discussion"]
    items = []
    for i in range(pages * 2):
        items.append({"number": str(i + 1), "title": f"เรื่องที่ {i + 1} การขับเคลื่อนโครงการตำบลมั่นคง มั่งคั่ง ยั่งยืน",
                      "discussion": text, "resolution": "ที่ประชุมรับทราบ"})
    m["agenda"] = items
    return m
