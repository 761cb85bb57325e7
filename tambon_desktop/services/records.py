"""Records: create, edit, delete, find. Every write validates against the form, checks the
lifecycle, and goes through store.records.write (record + op + audit in one transaction)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from tambon_desktop.core import thai
from tambon_desktop.core.errors import FieldError, KnownError, NotFound, ValidationFailed
from tambon_desktop.forms.model import FormDef
from tambon_desktop.forms.registry import get_form
from tambon_desktop.forms.validate import validate
from tambon_desktop.protocol import jsonprofile
from tambon_desktop.services import lifecycle, scope
from tambon_desktop.services.changes import Changes
from tambon_desktop.store import queries
from tambon_desktop.store import records as store

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

RecordView = store.RecordView
ListQuery = queries.ListQuery
COUNT_CAP = queries.COUNT_CAP  # a text search counts no further than this


@dataclass(frozen=True)
class Saved(RecordView):
    """A record as a write left it, with what the write changed."""

    op_changes: Changes = Changes()

    @classmethod
    def of(cls, view: RecordView, changes: Changes) -> Saved:
        return cls(**{f.name: getattr(view, f.name) for f in fields(RecordView)},
                   op_changes=changes)


class RecordIds(list):
    """The ids of records a write made, with what it changed."""

    def __init__(self, ids, changes: Changes):
        super().__init__(ids)
        self.op_changes = changes


class Records:
    def __init__(self, ws: Workspace):
        self._ws = ws
        self.samples = False  # the demo's sample records go in whatever the role

    def _may_write(self) -> None:
        """A province or region officer's PC reads what districts send: no writes."""
        if not self.samples:
            scope.refuse_write(self._ws.role)

    # -- reading -------------------------------------------------------------------------
    def get(self, record_id: str) -> RecordView:
        with self._ws.db.read() as s:
            row = store.get_row(s, record_id)
            if row is None:
                raise NotFound(f"ไม่พบระเบียน {record_id}", f"no record {record_id}")
            return store.view(row)

    def list(self, query: ListQuery) -> list[tuple]:
        with self._ws.db.read() as s:
            return queries.list_page(s, query)

    def count(self, query: ListQuery) -> int:
        with self._ws.db.read() as s:
            return queries.count(s, query)

    def count_and_list(self, query: ListQuery) -> tuple[int, list[tuple]]:
        """count and list in one read: a text search asks the index once for both."""
        with self._ws.db.read() as s:
            return queries.count_and_page(s, query)

    def search(self, text: str, *, form_id: str | None = None, limit: int = 100) -> list[tuple]:
        with self._ws.db.read() as s:
            return queries.search(s, text, form_id=form_id, limit=limit)

    def history(self, record_id: str) -> list[tuple]:
        with self._ws.db.read() as s:
            return queries.history(s, record_id)

    def people(self, text: str = "") -> list[tuple[str, str, str, str]]:
        """(prefix, name, position, role) used before, names holding `text` anywhere."""
        with self._ws.db.read() as s:
            return queries.people(s, text)

    def suggest_meeting_number(self, committee: str, date_iso: str) -> int:
        """The next free number of a committee in the calendar year of `date_iso`."""
        year = thai.be_year(dt.date.fromisoformat(date_iso).year)
        with self._ws.db.read() as s:
            used = [n for _, n in queries.meeting_numbers(s, committee.strip(), year)
                    if isinstance(n, int)]
        return max(used, default=0) + 1

    def last_meetings(self, limit: int = 30) -> list[tuple]:
        """(id, committee, date, number, year_be) of each committee's latest meeting, the
        most recent first."""
        with self._ws.db.read() as s:
            return queries.last_meetings(s, limit)

    def next_meeting_data(self, record_id: str) -> dict:
        """A new meeting from the last meeting of `record_id`'s committee (forms.carry)."""
        from tambon_desktop.forms.carry import next_meeting

        committee = self.get(record_id).title
        with self._ws.db.read() as s:
            last = queries.last_meeting_id(s, committee) or record_id
        return next_meeting(self.get(last).data)

    # -- writing -------------------------------------------------------------------------
    def create(self, form_id: str, data: Any, *, record_id: str | None = None) -> Saved:
        self._may_write()
        with self._ws.db.write() as s:
            if record_id and store.get_row(s, record_id) is not None:
                raise KnownError(f"มีระเบียน {record_id} อยู่แล้ว", f"record {record_id} already exists")
            row = self._insert(s, form_id, data, record_id)
            result = store.view(row)
        return Saved.of(result, Changes((row.id,), frozenset({form_id}), outbox=True))

    def create_many(self, items: list[tuple[str, Any]]) -> RecordIds:
        """Create many records in one transaction: all of them or, on any error, none."""
        self._may_write()
        with self._ws.db.write() as s:
            ids = [self._insert(s, form_id, data, None).id for form_id, data in items]
        return RecordIds(ids, Changes(tuple(ids), frozenset(f for f, _ in items), outbox=True))

    def _insert(self, s, form_id: str, data: Any, record_id: str | None):
        form = get_form(form_id)
        clean = self._prepare(s, form, data, record_id=None)
        row = store.new_row(
            form_id=form.id, form_version=form.version, area=self._area(clean),
            status="draft", data=clean, **_heading(form, clean),
            author=self._ws.user, record_id=record_id,
        )
        store.write(s, row=row, kind="create", fields=clean, base_version=0, status="draft")
        return row

    def update(self, record_id: str, data: Any) -> Saved:
        self._may_write()
        with self._ws.db.write() as s:
            row = self._row(s, record_id)
            form = get_form(row.form_id)
            lifecycle.refuse(lifecycle.check_edit(form.lifecycle, current=row.status))
            clean = self._prepare(s, form, data, record_id=record_id)
            old = json.loads(row.data)
            changed = {k: v for k, v in clean.items() if old.get(k) != v}
            if not changed:
                return Saved.of(store.view(row), Changes())
            store.changed_row(row, data=clean, area=self._area(clean), **_heading(form, clean))
            store.write(s, row=row, kind="update", fields=changed, base_version=row.server_version)
            result = store.view(row)
        return Saved.of(result, Changes((record_id,), frozenset({form.id}), outbox=True))

    def delete(self, record_id: str) -> Changes:
        self._may_write()
        with self._ws.db.write() as s:
            row = self._row(s, record_id)
            form = get_form(row.form_id)
            lifecycle.refuse(lifecycle.check_edit(form.lifecycle, current=row.status, delete=True))
            row.deleted = True
            store.write(s, row=row, kind="delete", fields={}, base_version=row.server_version)
        return Changes((record_id,), frozenset({form.id}), outbox=True)

    def transition(self, record_id: str, action_name: str, *, comment: str = "") -> Saved:
        with self._ws.db.write() as s:
            row = self._row(s, record_id)
            form = get_form(row.form_id)
            action = lifecycle.find_action(form.lifecycle, action_name)
            if action is None:
                names = ", ".join(lifecycle.LIFECYCLES[form.lifecycle])
                raise KnownError(f"ไม่มีขั้นตอน '{action_name}' สำหรับแบบฟอร์มนี้ (มี: {names})",
                                 f"unknown transition '{action_name}' (known: {names})")
            lifecycle.refuse(lifecycle.check_transition(
                form.lifecycle, role=self._ws.role, current=row.status, target=action.target,
                again=False))
            if action.needs_comment and not comment.strip():
                raise KnownError("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข", "a comment is required")
            before = row.status
            row.status = action.target
            store.write(s, row=row, kind="transition", fields={}, base_version=row.server_version,
                        status=action.target, comment=comment.strip(), from_status=before)
            result = store.view(row)
        return Saved.of(result, Changes((record_id,), frozenset({form.id}), outbox=True))

    # -- helpers -------------------------------------------------------------------------
    def _row(self, s, record_id: str):
        row = store.get_row(s, record_id)
        if row is None or row.deleted:
            raise NotFound(f"ไม่พบระเบียน {record_id}", f"no record {record_id}")
        return row

    def _area(self, clean: dict) -> dict:
        area = clean.get("area") or {}
        if not area.get("changwat"):
            district = self._ws.district
            area = {"changwat": district[:2], "amphoe": district}
        return area

    def _prepare(self, s, form: FormDef, data: Any, *, record_id: str | None) -> dict:
        try:  # the strict JSON profile first: the form's checks assume valid Unicode
            jsonprofile.check(data, where="data")
        except jsonprofile.ProfileError as exc:
            raise KnownError("บันทึกไม่ได้: ข้อมูลมีอักขระที่ใช้ไม่ได้ ซ้อนกันลึกเกินไป หรือใหญ่เกินกำหนด",
                             f"cannot save: {exc}") from None
        clean = validate(form, data, villages=lambda t, moo: self._village_ok(s, t, moo))
        derive = _DERIVE.get(form.id)
        if derive:
            derive(self, s, form, clean, record_id)
        return clean

    def _village_ok(self, s, tambon: str, moo: int) -> bool:
        listed = queries.villages(s, tambon)
        return not listed or any(m == moo for m, _ in listed)


def title_and_date(form: FormDef, data: dict[str, Any]) -> tuple[str, str]:
    """(title, record date) of a record's data, as its form names them: the one rule for a
    record made here, pulled, restored after a refusal or shown in a bundle preview."""
    title = str(data.get(form.title_field) or "")
    date = str(data.get(form.date_field) or "") if form.date_field else ""
    return title, date


def _heading(form: FormDef, data: dict[str, Any]) -> dict[str, str]:
    title, date = title_and_date(form, data)
    return {"title": title, "record_date": date}


def title_of(form_id: str, data: dict[str, Any]) -> tuple[str, str]:
    """title_and_date by form id; a form this PC does not have gives data["title"]."""
    try:
        form = get_form(form_id)
    except (KnownError, KeyError, FileNotFoundError):
        return str(data.get("title") or ""), ""
    return title_and_date(form, data)


def _meeting(records: Records, s, form: FormDef, clean: dict, record_id: str | None) -> None:
    year = thai.be_year(dt.date.fromisoformat(clean["date"]).year)
    if clean.get("year_be") is None:
        clean["year_be"] = year
    elif clean["year_be"] != year:
        label = form.field("year_be").label.th
        raise ValidationFailed([FieldError("year_be", label,
                                           f"ต้องตรงกับปีของวันที่ประชุม ({year})",
                                           f"must match the year of the date ({year})")])
    taken = [rid for rid, n in queries.meeting_numbers(s, clean["committee"], clean["year_be"])
             if n == clean["number"] and rid != record_id]
    if taken:
        no = f"{clean['number']}/{clean['year_be']}"
        raise ValidationFailed([FieldError(
            "number", form.field("number").label.th,
            f"ครั้งที่ {no} ของคณะนี้มีอยู่แล้ว (เลขครั้งที่ไม่ซ้ำกันในปีปฏิทิน)",
            f"meeting {no} of this committee already exists")])


def _project(records: Records, s, form: FormDef, clean: dict, record_id: str | None) -> None:
    if clean.get("fiscal_year_be") is None and clean.get("start_date"):
        clean["fiscal_year_be"] = thai.fiscal_year_be(clean["start_date"])


def _report(records: Records, s, form: FormDef, clean: dict, record_id: str | None) -> None:
    project = store.get_row(s, clean["project"])
    label = form.field("project").label.th
    if project is None or project.deleted or project.form_id != "project":
        raise ValidationFailed([FieldError("project", label, "ไม่พบโครงการนี้", "no such project")])
    period = clean["period"]
    try:
        year, month = (int(x) for x in thai.to_arabic_digits(period).split("-"))
        year = year - thai.BE_OFFSET if year >= 2400 else year
        dt.date(year, month, 1)
    except ValueError:
        raise ValidationFailed([FieldError("period", form.field("period").label.th,
                                           "ต้องเป็น ปปปป-ดด เช่น 2565-01",
                                           "must be YYYY-MM")]) from None
    clean["period"] = f"{year:04d}-{month:02d}"


_DERIVE = {"meeting": _meeting, "project": _project, "progress_report": _report}
