"""The official minutes, แบบที่ ๑๑ (ระเบียบงานสารบรรณ ข้อ ๒๕), from a meeting's plain data."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Table
from reportlab.platypus.flowables import HRFlowable

from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.thai import be_year, meeting_date_line, meeting_no, thai_time
from tambon_desktop.pdf import fonts
from tambon_desktop.pdf.flow import KeepHeading, PStyle, ThaiPara, line_width
from tambon_desktop.pdf.linebreak import Breaker
from tambon_desktop.pdf.styles import (
    INDENT,
    TEXT_WIDTH,
    WATERMARK,
    OfficialDoc,
    Styles,
    make_styles,
)
from tambon_desktop.pdf.tables import Col, layout_table
from tambon_desktop.pdf.text import clean, one_line, paragraphs, render_digits
from tambon_desktop.pdf.words import area_names

LABELS = {
    "heading": "รายงานการประชุม",
    "number": "ครั้งที่",
    "date": "เมื่อ",
    "date_no_weekday": "วันที่",
    "venue": "ณ",
    "electronic": "(ประชุมผ่านสื่ออิเล็กทรอนิกส์)",
    "attendees": "ผู้มาประชุม",
    "absentees": "ผู้ไม่มาประชุม",
    "participants": "ผู้เข้าร่วมประชุม",
    "substitute": "มาประชุมแทน",
    "start": "เริ่มประชุมเวลา",
    "end": "เลิกประชุมเวลา",
    "agenda": "ระเบียบวาระที่",
    "resolution": "มติที่ประชุม",
    "none": "ไม่มี",
    "signed": "(ลงชื่อ)",
    "recorder": "ผู้จดรายงานการประชุม",
    "checker": "ผู้ตรวจรายงานการประชุม",
    "certifier": "ผู้รับรองการประชุม",
    "reporter": "ผู้รายงาน",
    "cancelled": "(การประชุมครั้งนี้ยกเลิก)",
}
CANCELLED = "cancelled"  # the record's status (lifecycle) when the meeting was called off
CANCELLED_MARK = "ยกเลิก"  # the watermark of a cancelled meeting's print (instead of ร่าง)
DEFAULT_OPENING = "เมื่อที่ประชุมพร้อม ประธานกล่าวเปิดประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้"
MAX_AGENDA_ITEMS = 2000
LONG_NAME = 0.36  # share of the text width: a longer name gets a line of its own in the table
MAX_DEPTH = 4


@dataclass
class MinutesOptions:
    """Per-committee print options."""

    thai_digits: bool = True
    be_label: bool = False  # "พ.ศ." before the year
    weekday: bool = True  # "เมื่อวันพฤหัสบดีที่ ..." instead of "เมื่อวันที่ ..."
    labels: dict[str, str] = field(default_factory=dict)  # overrides of LABELS
    font_size: float = 16.0
    page_numbers: bool = True
    continuation: bool = False  # คำต่อ: the next page's first word(s) at each page's foot
    justify: bool = True  # Thai distributed justification of body paragraphs
    template: str | None = None  # standard5 | standard6 | sbpac_mct02: its label wording and,
    # for a meeting without agenda items, its agenda (a blank form to fill in by hand)

    def label(self, key: str) -> str:
        if key in self.labels and self.labels[key]:
            return self.labels[key]
        if self.template:
            from tambon_desktop.forms.agenda import template_labels

            return template_labels(self.template).get(key) or LABELS[key]
        return LABELS[key]


class _Builder:
    def __init__(self, meeting: dict, options: MinutesOptions, draft: bool):
        if not isinstance(meeting, dict):
            raise KnownError("ข้อมูลการประชุมไม่ถูกต้อง", "meeting must be a dict (the record's data)")
        from tambon_desktop.pdf.warmup import prepare

        prepare(wait=False)
        self.m = meeting
        self.o = options
        self.draft = draft
        self.cancelled = str(meeting.get("status") or "") == CANCELLED
        self.s: Styles = make_styles(options.font_size, justify=options.justify)
        self.breaker = Breaker(names=self._names(), places=area_names(meeting.get("area")),
                               learned=self._learned(),
                               units=[v for v in (*LABELS.values(), *options.labels.values()) if v])
        self.story: list = []

    # -- text helpers --------------------------------------------------------------------------
    def t(self, value: object, th: str, en: str) -> str:
        return render_digits(one_line(clean(value, th, en)), self.o.thai_digits)

    def long(self, value: object, th: str, en: str) -> list[str]:
        return [render_digits(p, self.o.thai_digits) for p in paragraphs(clean(value, th, en))]

    def _people(self) -> list[dict]:
        people = []
        for key in ("attendees", "absentees", "participants"):
            people += [p for p in (self.m.get(key) or []) if isinstance(p, dict)]
        people += [p for p in (self.m.get(k) for k in ("recorder", "checker", "certifier"))
                   if isinstance(p, dict)]
        return people

    def _names(self) -> list[str]:
        out = []
        for p in self._people():
            name = one_line(str(p.get("name") or ""))
            if name:
                out += [name, *name.split(), one_line(f"{p.get('prefix') or ''}{name}")]
        return out

    def _learned(self) -> list[str]:
        chunks = []
        for p in self._people():
            for key in ("position", "substitute_for"):
                chunks += [c for c in str(p.get(key) or "").split() if 2 <= len(c) <= 15]
        return chunks

    def para(self, text: str | list, style: PStyle) -> ThaiPara:
        return ThaiPara(text, style, self.breaker)

    def heading(self, text: str | list, style: PStyle, follow=None) -> None:
        """A heading that never ends a page: with it go two lines of what follows (or the
        start of `follow`, e.g. a table's first row, when given)."""
        para = self.para(text, style)
        self.story += [KeepHeading(para, follow if follow is not None else 2 * style.leading), para]

    # -- sections ------------------------------------------------------------------------------
    def header(self) -> None:
        s, o, m = self.s, self.o, self.m
        committee = self.t(m.get("committee"), "ชื่อคณะกรรมการ", "committee")
        if not committee:
            raise KnownError("ไม่ได้ระบุชื่อคณะกรรมการหรือชื่อการประชุม", "meeting.committee is missing")
        self.story.append(self.para(o.label("heading") + committee, s.title))
        day = self._date()
        year_be = m.get("year_be") or be_year(day.year)
        number = m.get("number")
        if number in (None, ""):
            number_text = f"{o.label('number')} ........./{self.t(year_be, 'ปี', 'year_be')}"
        else:
            try:
                number_text = f"{o.label('number')} {meeting_no(int(number), int(year_be), thai_digits=o.thai_digits)}"
            except (TypeError, ValueError):
                raise KnownError(f"ครั้งที่ของการประชุมไม่ถูกต้อง '{number}'",
                                 f"meeting.number/year_be invalid: {number!r}/{year_be!r}") from None
        self.story.append(self.para(number_text, s.title.but(size=s.body.size, leading=s.body.leading)))
        line = meeting_date_line(day, weekday=o.weekday, be_label=o.be_label,
                                 thai_digits=o.thai_digits, on=o.label("date"),
                                 day_word=o.label("date_no_weekday"))
        self.story.append(self.para(line, s.center.but(font=fonts.BOLD)))
        venue = self.t(m.get("venue"), "สถานที่ประชุม", "venue")
        if not venue:
            if not self.draft:
                raise KnownError("ไม่ได้ระบุสถานที่ประชุม (ณ) จึงพิมพ์ฉบับจริงไม่ได้",
                                 "meeting.venue is missing: cannot print the final minutes")
            venue = "." * 40
        self.story.append(self.para(f"{o.label('venue')} {venue}", s.center.but(font=fonts.BOLD)))
        if m.get("electronic"):
            self.story.append(self.para(o.label("electronic"), s.center))
        if self.cancelled:
            self.story.append(self.para(o.label("cancelled"), s.title.but(space_before=4)))
        self.story.append(HRFlowable(width="35%", thickness=0.6, spaceBefore=4, spaceAfter=10))

    def _date(self) -> dt.date:
        raw = self.m.get("date")
        try:
            return dt.date.fromisoformat(str(raw))
        except (TypeError, ValueError):
            raise KnownError(f"วันที่ประชุมไม่ถูกต้องหรือไม่ได้ระบุ '{raw or ''}'",
                             f"meeting.date missing or not an ISO date: {raw!r}") from None

    def people(self, key: str, columns: int) -> None:
        rows = [p for p in (self.m.get(key) or []) if isinstance(p, dict)]
        if not rows and key != "attendees":
            return
        s, o = self.s, self.o
        data = []
        for i, p in enumerate(rows, 1):
            num = render_digits(f"{i}.", o.thai_digits)
            name = self.t(f"{p.get('prefix') or ''}{p.get('name') or ''}", f"{o.label(key)} ลำดับ {i}", f"{key}[{i}]")
            position = self.t(p.get("position"), f"ตำแหน่ง ลำดับ {i}", f"{key}[{i}].position")
            sub = self.t(p.get("substitute_for"), f"มาประชุมแทน ลำดับ {i}", f"{key}[{i}].substitute_for")
            if sub:
                position = f"{position} {o.label('substitute')} {sub}".strip()
            last = self.t(p.get("role" if key == "attendees" else "reason"), f"ลำดับ {i}", f"{key}[{i}]")
            cells = [num, name, position] + ([last] if columns == 4 else [])
            if not name:  # only a position: let it use the name column too (None: no name)
                cells = [num, position, None] + ([last] if columns == 4 else [])
            data.append(cells)
        if not data:
            self.heading(o.label(key), s.label)
            self.story.append(self.para(f"- {o.label('none')} -", s.body.but(left_indent=INDENT)))
            return
        table = self._table(data, columns)
        self.heading(o.label(key), s.label, follow=table)
        self.story.append(table)

    def _table(self, data: list[list[str]], columns: int) -> Table:
        """Number | name | position | role, widths from the content (tables.py). A name much
        longer than the others (a representative written without spaces) spans the name and
        position columns on a line of its own, its position going on the line below."""
        s = self.s
        cells, style, skip = [], [], set()
        for row in data:
            r = len(cells)
            line = [self.para(row[0], s.cell.but(align="right")), self.para(row[1], s.cell),
                    self.para(row[2], s.cell) if row[2] else ""]
            last = [self.para(row[3], s.cell)] if columns == 4 else []
            if row[2] is not None and line[1].natural_width() > LONG_NAME * TEXT_WIDTH:
                # a line of its own across the row, the position and role on the line below
                style += [("SPAN", (1, r), (-1, r)), ("NOSPLIT", (0, r), (-1, r + 1))]
                skip.update((r, c) for c in range(1, columns))
                cells.append([line[0], line[1], "", *[""] * len(last)])
                line = ["", "", line[2]]
                if not row[2]:
                    line[2] = ""
            elif not row[2]:
                style.append(("SPAN", (1, r), (2, r)))
                skip.add((r, 1))
            cells.append([*line, *last])
        # list numbers whole, then names (whole when they fit), roles, and positions take the rest
        cols = [Col(priority=0, whole=True), Col(priority=1, whole=True), Col(priority=3, rest=True)]
        if columns == 4:
            cols.append(Col(priority=2))
        return layout_table(cells, cols, TEXT_WIDTH, style=[
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0), *style,
        ], skip=skip, size=s.body.size, balanced=(3, 2) if columns == 4 else None)

    def times(self, key: str, label: str) -> None:
        raw = self.m.get(key)
        if raw:
            try:
                value = thai_time(str(raw), thai_digits=self.o.thai_digits)
            except ValueError as exc:
                raise KnownError(f"{self.o.label(label)}: {exc}", f"meeting.{key}: {exc}") from None
        elif self.draft:
            value = "......... น."
        else:
            raise KnownError(f"ไม่ได้ระบุ{self.o.label(label)}", f"meeting.{key} is missing")
        # เลิกประชุมเวลา is a paragraph of its own, apart from the last resolution (แบบที่ ๑๑)
        para = self.para([(self.o.label(label) + " ", fonts.BOLD), (value, fonts.REGULAR)],
                         self.s.body.but(space_before=6 if key == "start_time" else self.s.body.size * 0.8))
        # the end time keeps the first signature block with it (no page of signatures alone)
        keep = 2 if key == "start_time" else 5
        self.story += [KeepHeading(para, keep * self.s.body.leading), para]

    def body(self) -> None:
        s, m = self.s, self.m
        opening = m.get("opening")
        for text in self.long(opening or DEFAULT_OPENING, "การเปิดประชุม", "opening"):
            self.story.append(self.para(text, s.para))
        agenda = m.get("agenda") or []
        if not agenda and self.o.template:
            from tambon_desktop.forms.agenda import load_template

            agenda = load_template(self.o.template)
        if not isinstance(agenda, list):
            raise KnownError("ระเบียบวาระการประชุมไม่ถูกต้อง", "meeting.agenda must be a list")
        if len(agenda) > MAX_AGENDA_ITEMS:
            raise KnownError(f"ระเบียบวาระมากเกินไป ({len(agenda)} วาระ; สูงสุด {MAX_AGENDA_ITEMS})",
                             f"too many agenda items ({len(agenda)}; limit {MAX_AGENDA_ITEMS})")
        for i, item in enumerate(agenda, 1):
            self.item(item, depth=0, fallback=str(i))
        closing = m.get("closing")
        for k, text in enumerate(self.long(closing, "การปิดประชุม", "closing")):
            self.story.append(self.para(text, s.para.but(space_before=s.body.size * 0.8 if k == 0 else 0.0)))

    def item(self, item: dict, depth: int, fallback: str) -> None:
        if not isinstance(item, dict):
            raise KnownError(f"ระเบียบวาระที่ {fallback} ไม่ถูกต้อง", f"agenda item {fallback} is not an object")
        s, o = self.s, self.o
        raw_number = one_line(str(item.get("number") or fallback))
        number = self.t(raw_number, "เลขวาระ", "agenda.number")
        where = f"ระเบียบวาระที่ {raw_number}"
        title = self.t(item.get("title"), f"{where} ชื่อเรื่อง", f"agenda {raw_number}.title")
        indent = 0.0 if depth == 0 else INDENT + 1.0 * cm * (min(depth, MAX_DEPTH) - 1)
        if depth == 0:
            label = f"{o.label('agenda')} {number}"
        else:
            label = number
        head_runs = [(label + "  ", fonts.BOLD), (title, fonts.BOLD)]
        hang = min(line_width([(label + "  ", fonts.BOLD)], s.body.size), 6 * cm)
        self.heading(head_runs, s.heading.but(
            left_indent=indent + hang, first_indent=-hang,
            space_before=s.body.size * (0.5 if depth == 0 else 0.2)))
        reporter = self.t(item.get("reporter"), f"{where} ผู้รายงาน", f"agenda {raw_number}.reporter")
        if reporter:
            self.story.append(self.para(f"({o.label('reporter')}: {reporter})", s.body.but(left_indent=indent + hang)))
        show_discussion = str(self.m.get("recording_style") or "summary") != "resolutions_only"
        texts = self.long(item.get("discussion"), f"{where} การพิจารณา", f"agenda {raw_number}.discussion")
        subs = item.get("items") or []
        if show_discussion:
            for text in texts:
                self.story.append(self.para(text, s.para))
        for j, sub in enumerate(subs, 1):
            self.item(sub, depth + 1, f"{fallback}.{j}")
        resolution = self.t(item.get("resolution"), f"{where} มติ", f"agenda {raw_number}.resolution")
        if resolution:
            lab = o.label("resolution") + "  "
            hang = line_width([(lab, fonts.BOLD)], s.body.size)
            self.story.append(self.para([(lab, fonts.BOLD), (resolution, fonts.REGULAR)], s.body.but(
                justify=s.para.justify, slack_weight=s.para.slack_weight, left_indent=min(indent, INDENT) + hang, first_indent=-hang, space_before=2)))
        elif not subs and not (texts and show_discussion):
            self.story.append(self.para(f"- {o.label('none')} -", s.body.but(left_indent=indent + INDENT)))

    def signatures(self) -> None:
        s, o = self.s, self.o
        blocks = [("recorder", self.m.get("recorder") or {})]
        blocks += [(k, self.m.get(k)) for k in ("checker", "certifier") if isinstance(self.m.get(k), dict)]
        left = 5.5 * cm
        style = s.center.but(left_indent=left)
        avail = 16 * cm - left - 6
        for key, person in blocks:
            if not isinstance(person, dict):
                person = {}
            role = o.label(key)
            fixed = line_width([(f"{o.label('signed')}  {role}", fonts.REGULAR)], s.body.size)
            dot = line_width([(".", fonts.REGULAR)], s.body.size)
            sign = f"{o.label('signed')} {'.' * max(8, min(60, int((avail - fixed) / dot)))} {role}"
            name = self.t(f"{person.get('prefix') or ''}{person.get('name') or ''}", role, key)
            position = self.t(person.get("position"), f"ตำแหน่ง{role}", f"{key}.position")
            lines = [self.para(sign, style.but(space_before=s.body.size * 1.6)),
                     self.para(f"({name})" if name else f"({'.' * 45})", style)]
            if position:
                lines.append(self.para(position, style))
            self.story.append(KeepTogether(lines))

    def build(self) -> list:
        self.header()
        self.people("attendees", 4)
        self.people("absentees", 4)
        self.people("participants", 3)
        self.times("start_time", "start")
        self.body()
        self.times("end_time", "end")
        self.signatures()
        return self.story


def build_story(meeting: dict, options: MinutesOptions | None = None, draft: bool = True) -> list:
    return _Builder(meeting, options or MinutesOptions(), draft).build()


def render_minutes(meeting: dict, *, options: MinutesOptions | None = None, draft: bool = True) -> bytes:
    """The minutes as PDF bytes. `meeting` is the `data` dict of a tambon-record/1 meeting."""
    from tambon_desktop.pdf.warmup import prepare

    prepare(wait=False)
    options = options or MinutesOptions()
    story = build_story(meeting, options, draft)
    buffer = io.BytesIO()
    title = "รายงานการประชุม" + one_line(str(meeting.get("committee") or ""))
    cancelled = str(meeting.get("status") or "") == CANCELLED
    doc = OfficialDoc(buffer, thai_digits=options.thai_digits, draft=draft or cancelled, title=title,
                      watermark=CANCELLED_MARK if cancelled else WATERMARK,
                      page_numbers=options.page_numbers, continuation=options.continuation)
    doc.build(story)
    return buffer.getvalue()
