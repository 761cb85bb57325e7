"""A record sheet (a project, for one): a title and labelled sections of plain lines, with the
minutes' building blocks (OfficialDoc, ThaiPara, Breaker, the same styles). Plain data in."""

from __future__ import annotations

import io

from tambon_desktop.pdf.flow import KeepHeading, ThaiPara
from tambon_desktop.pdf.linebreak import Breaker
from tambon_desktop.pdf.styles import INDENT, OfficialDoc, make_styles
from tambon_desktop.pdf.text import one_line, paragraphs, render_digits


def render_sheet(title: str, sections: list[tuple[str, list[str]]], *, thai_digits: bool = True,
                 draft: bool = True) -> bytes:
    """`sections`: (label, lines) in order; a section without lines is left out."""
    from tambon_desktop.pdf.warmup import prepare

    prepare()
    styles = make_styles()
    breaker = Breaker()
    story: list = [ThaiPara(render_digits(one_line(title), thai_digits), styles.title, breaker)]
    for label, lines in sections:
        lines = [p for line in lines for p in paragraphs(str(line))]
        if not lines:
            continue
        head = ThaiPara(render_digits(one_line(label), thai_digits), styles.label, breaker)
        story += [KeepHeading(head, 2 * styles.label.leading), head]
        story += [ThaiPara(render_digits(line, thai_digits),
                           styles.body.but(left_indent=INDENT), breaker) for line in lines]
    buffer = io.BytesIO()
    OfficialDoc(buffer, thai_digits=thai_digits, draft=draft, title=one_line(title)).build(story)
    return buffer.getvalue()
