"""The sync client: enrol this PC, push the outbox, pull the district's changes, keep the
conflict inbox. `SyncEngine.run_round` is one full round (the CLI's `tambon sync`);
`BackgroundSync` runs rounds on a worker thread with backoff and jitter for the desktop app.

Nothing is lost on a crash: ops leave the outbox only when the server has settled them
(a lost answer means the next push comes back "duplicate"), and each pulled page is applied
in one transaction with its cursor (a killed pull resumes after the last page committed).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tambon_desktop.core import ids
from tambon_desktop.core.errors import KnownError, NotFound
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.lifecycle import split_reason
from tambon_desktop.protocol.messages import (
    PROTOCOL_CURRENT,
    LoginResponse,
    batch_message,
)
from tambon_desktop.protocol.ops import Op
from tambon_desktop.services import attachments, lifecycle
from tambon_desktop.services.changes import Changes
from tambon_desktop.services.records import Saved
from tambon_desktop.services.sync_common import (
    ProgressFn,
    SyncProgress,
    apply_page,
    apply_staged,
    attachment_refs,
    change_dict,
    check_cancel,
    quiet,
    title_of,
)
from tambon_desktop.services.sync_transport import SyncOffline, Transport
from tambon_desktop.store import conflict_inbox, outbox_state, sync_meta
from tambon_desktop.store import records as store_records

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

BATCH_OPS = 500
PAGE_SIZE = 1000

@dataclass
class SyncReport:
    pushed: int = 0
    acked: int = 0
    rejected: int = 0
    deferred: int = 0
    pulled: int = 0
    attachments: int = 0
    conflicts: int = 0
    relayed: int = 0  # USB bundles a province PC passed on to the server
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)
    forms: frozenset[str] = frozenset()  # the forms of the records changed

    @property
    def op_changes(self) -> Changes:
        return Changes(tuple(self.changed), self.forms, outbox=bool(self.pushed))


@dataclass(frozen=True)
class SyncStatus:
    server: str | None
    user: str | None
    counts: dict[str, int]  # pending, sent, acked, rejected, conflicts
    last_push_at: str | None
    last_pull_at: str | None


@dataclass(frozen=True)
class RejectedChange:
    """A change of this PC the server refused, for the clerk (the sync page's list)."""

    op_id: str
    seq: int
    record_id: str
    form_id: str
    form_th: str  # the form's label ("รายงานการประชุม")
    form_en: str
    title: str  # the record's title on this PC ("" if it has none)
    kind: str  # create / update / delete / transition / resolve
    target_status: str | None  # the status a refused transition would have set
    made_at: str  # when the change was made on this PC (UTC ISO)
    reason: str  # the server's whole line: "code: English — Thai"
    code: str  # "lifecycle.changed" ("" for reasons without a code)
    reason_th: str  # the part for the clerk (after " — "; the whole line without one)
    reason_en: str
    refused: tuple[tuple[str, str, Any], ...]  # (Thai label, English label, value) not kept
    can_open: bool  # the record is on this PC and not deleted


class SyncEngine:
    def __init__(self, ws: Workspace, *, transport: Transport | None = None, verify: bool | str = True,
                 timeout: float = 30.0):
        self.ws = ws
        with ws.db.read() as s:
            meta = {k: sync_meta.get_meta(s, k)
                    for k in ("server_url", "token", "private_key", "ca_file")}
        self.server_url, self._token, self._key = (
            meta["server_url"], meta["token"], meta["private_key"])
        self._transport = transport
        if verify is True and meta["ca_file"]:  # the CA given at login stays trusted
            verify = meta["ca_file"]
        self._verify, self._timeout = verify, timeout
        self._lock = threading.Lock()
        self._pulled_forms: set[str] = set()  # forms of the records the last round pulled

    # -- enrolment -----------------------------------------------------------------------
    def login(self, *, server: str, user: str, password: str,
              device_name: str | None = None) -> LoginResponse:
        """Enrol this PC: make its key pair (once), register the public key, keep the token."""
        with self._lock:  # never in the middle of a background round
            return self._login(server=server, user=user, password=password,
                               device_name=device_name)

    def _login(self, *, server: str, user: str, password: str,
               device_name: str | None) -> LoginResponse:
        server = server.rstrip("/")
        with self.ws.db.write() as s:
            private = sync_meta.get_meta(s, "private_key")
            if private is None:
                private, public = signing.generate_keypair()
                sync_meta.set_meta(s, private_key=private, public_key=public)
        with Transport(server, verify=self._verify, timeout=self._timeout) as http:
            health = http.health()
            if not health.protocol_min <= PROTOCOL_CURRENT <= health.protocol_max:
                raise KnownError(
                    "โปรแกรมรุ่นนี้ใช้กับเซิร์ฟเวอร์นี้ไม่ได้ กรุณาปรับปรุงโปรแกรม",
                    f"server speaks protocol {health.protocol_min}..{health.protocol_max}, "
                    f"this program {PROTOCOL_CURRENT}")
            answer = http.login(user=user, password=password, device_id=self.ws.device_id,
                                device_name=device_name or socket.gethostname()[:100],
                                private_key=private)
            keys = http.server_keys()  # for USB bundles: seal up-bundles, check down-bundles
        if answer.district and answer.district != self.ws.district:
            raise KnownError(
                f"ผู้ใช้นี้สังกัดอำเภอ {answer.district} แต่เครื่องนี้ตั้งค่าไว้สำหรับ {self.ws.district}",
                f"user belongs to district {answer.district}, this workspace to {self.ws.district}")
        with self.ws.db.write() as s:
            sync_meta.set_meta(s, server_url=server, token=answer.token, user=answer.user,
                               role=answer.role, token_expires=answer.expires_at,
                               ca_file=str(Path(self._verify).resolve())
                               if isinstance(self._verify, str) else None)
            if keys is not None:
                sync_meta.set_meta(s, server_bundle_key=keys.bundle_public_key,
                                   server_signing_key=keys.signing_public_key)
        self.server_url, self._token, self._key = server, answer.token, private
        if answer.scope or answer.role == "region_officer":
            self.ws.set_scope(answer.scope)  # a region officer's provinces (services.scope)
        return answer

    def _http(self) -> Transport:
        if self._transport is not None:
            return self._transport
        if not (self.server_url and self._token and self._key):
            raise KnownError("ยังไม่ได้ลงชื่อเข้าเซิร์ฟเวอร์ (ใช้คำสั่ง tambon login)",
                             "not signed in to a server: run 'tambon login --server URL --user NAME'")
        self._transport = Transport(self.server_url, token=self._token, verify=self._verify,
                                    timeout=self._timeout)
        return self._transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    # -- one round -----------------------------------------------------------------------
    def run_round(self, *, progress: ProgressFn | None = None,
                  cancel: threading.Event | None = None) -> SyncReport:
        """Push everything unsent, then pull everything new. Raises SyncOffline when the
        link fails (call again: it resumes), SyncRefused when the server says no."""
        with self._lock:
            started = time.monotonic()
            report = SyncReport()
            self._pulled_forms = set()
            http = self._http()
            self._relay(http, report, progress or quiet, cancel)
            self._push(http, report, progress or quiet, cancel)
            self._pull(http, report, progress or quiet, cancel)
            with self.ws.db.read() as s:
                report.conflicts = outbox_state.status_counts(s)["conflicts"]
            report.seconds = time.monotonic() - started
        return report

    def _push(self, http: Transport, report: SyncReport, progress: ProgressFn,
              cancel: threading.Event | None) -> None:
        with self.ws.db.read() as s:
            total = sum(v for k, v in outbox_state.status_counts(s).items() if k in outbox_state.UNSENT)
        while True:
            _check(cancel)
            with self.ws.db.read() as s:
                ops = outbox_state.ops_to_send(s, limit=BATCH_OPS)
            if not ops:
                return
            report.attachments += self._upload_attachments(http, ops, progress, cancel)
            signed = [signing.sign_op(op, self._key) for op in ops]
            body = _push_body(signed, device_id=self.ws.device_id, private_key=self._key)
            with self.ws.db.write() as s:
                outbox_state.mark_sent(s, op_ids=[op.op_id for op in ops])
            answer = http.push(body)
            with self.ws.db.write() as s:
                counts = outbox_state.settle(s, results=[r.model_dump() for r in answer.results],
                                          title_of=title_of)
                sync_meta.set_meta(s, last_push_at=answer.server_time,
                                   acked_through=str(answer.acked_through))
            report.pushed += len(ops)
            report.acked += counts["acked"]
            report.rejected += counts["rejected"]
            report.deferred += counts["deferred"]
            progress(SyncProgress("push", report.acked + report.rejected, total))
            if counts["acked"] + counts["rejected"] == 0:
                return  # the server is waiting for an earlier op: nothing more to do now

    def _relay(self, http: Transport, report: SyncReport, progress: ProgressFn,
               cancel: threading.Event | None) -> None:
        """Up-bundles this (province) PC imported go to the server as they are."""
        from tambon_desktop.services import usb

        _check(cancel)
        report.relayed = usb.relay_queued(self.ws, http, progress=progress)

    def _upload_attachments(self, http: Transport, ops: list[Op], progress: ProgressFn,
                            cancel: threading.Event | None) -> int:
        wanted = sorted({sha for op in ops for sha in attachment_refs(op.fields)})
        uploaded = 0
        for n, sha in enumerate(wanted):
            _check(cancel)
            with self.ws.db.read() as s:
                done = sync_meta.get_meta(s, f"uploaded:{sha}")
            data = None if done else attachments.read(self.ws.folder, sha)
            if data is None:
                continue
            http.upload_attachment(sha, data)
            with self.ws.db.write() as s:
                sync_meta.set_meta(s, **{f"uploaded:{sha}": "1"})
            uploaded += 1
            progress(SyncProgress("attachments", n + 1, len(wanted)))
        return uploaded

    def _pull(self, http: Transport, report: SyncReport, progress: ProgressFn,
              cancel: threading.Event | None) -> None:
        """Page after page, each applied with its cursor in one short transaction: a kill or
        a cut link resumes after the last page committed, and the record list reads between
        pages. Progress: records received of the total the server estimates."""
        with self.ws.db.write() as s:  # a pull an older version of this program staged
            if sync_meta.get_meta(s, "staging_cursor"):
                report.changed, forms = apply_staged(s, cursor=sync_meta.get_meta(
                    s, "staging_cursor"))
                self._pulled_forms.update(forms)
        with self.ws.db.read() as s:
            cursor = sync_meta.get_meta(s, "pull_cursor", "")
        changed: dict[str, None] = dict.fromkeys(report.changed)
        while True:
            _check(cancel)
            page = http.pull(cursor=cursor or "", limit=PAGE_SIZE)
            changes = [change_dict(c) for c in page.changes]
            self._pulled_forms.update(c["form_id"] for c in changes)
            with self.ws.db.write() as s:
                changed.update(dict.fromkeys(apply_page(s, changes=changes, cursor=page.cursor)))
            cursor = page.cursor
            report.pulled += len(changes)
            if not page.more:
                total = report.pulled
            elif page.remaining is not None:  # an estimate: a record edited twice counts twice
                total = report.pulled + page.remaining
            else:  # a server that does not tell
                total = 0
            progress(SyncProgress("pull", report.pulled, total))
            if not page.more:
                break
        report.changed = list(changed)
        report.forms = frozenset(self._pulled_forms)

    # -- status, conflicts, attachments --------------------------------------------------
    def status(self) -> SyncStatus:
        with self.ws.db.read() as s:
            return SyncStatus(
                server=sync_meta.get_meta(s, "server_url"), user=sync_meta.get_meta(s, "user"),
                counts=outbox_state.status_counts(s),
                last_push_at=sync_meta.get_meta(s, "last_push_at"),
                last_pull_at=sync_meta.get_meta(s, "last_pull_at"))

    def rejected(self) -> list[outbox_state.RejectedOp]:
        with self.ws.db.read() as s:
            return outbox_state.rejected_ops(s)

    def rejected_changes(self) -> list[RejectedChange]:
        """The refused changes, newest first, with the record's title and form and the
        values that were not kept."""
        from tambon_desktop.forms.registry import get_form

        with self.ws.db.read() as s:
            rows = outbox_state.rejected_details(s)
        out = []
        for row in rows:
            body, kind, reason, title = row.body, row.kind, row.reason, row.title
            form_id = row.form_id or body.get("form_id", "")
            try:
                form = get_form(form_id)
            except (KnownError, KeyError, FileNotFoundError):
                form = None
            refused = []
            for name, value in (body.get("fields") or {}).items():
                try:
                    field_label = form.field(name).label if form else None
                except (KeyError, KnownError):
                    field_label = None
                refused.append((field_label.th if field_label else name,
                                field_label.en if field_label else name, value))
            code, english, thai = split_reason(reason or "")
            out.append(RejectedChange(
                op_id=row.op_id, seq=row.seq, record_id=row.record_id, form_id=form_id,
                form_th=form.title.th if form else form_id,
                form_en=form.title.en if form else form_id, title=title or "", kind=kind,
                target_status=body.get("status") if kind == "transition" else None,
                made_at=row.made_at, reason=reason or "", code=code, reason_th=thai,
                reason_en=english, refused=tuple(refused),
                can_open=form is not None and title is not None and not row.deleted))
        return out

    def conflicts(self) -> list[conflict_inbox.InboxEntry]:
        with self.ws.db.read() as s:
            return conflict_inbox.inbox(s)

    def resolve(self, conflict_id: str, *, choice: int | None = None,
                value: Any = None) -> Saved:
        """Settle a conflict with candidate `choice` or an edited `value`; writes a "resolve"
        op that syncs like any edit. Returns the record as it now is."""
        from tambon_desktop.forms.registry import get_form
        from tambon_desktop.forms.validate import validate

        with self.ws.db.write() as s:
            entry = next((e for e in conflict_inbox.inbox(s) if e.conflict_id == conflict_id), None)
            if entry is None:
                raise NotFound(f"ไม่พบรายการขัดแย้ง {conflict_id}", f"no open conflict {conflict_id}")
            if choice is not None:
                if not 0 <= choice < len(entry.candidates):
                    raise KnownError("ไม่มีตัวเลือกนี้", f"choice must be 0..{len(entry.candidates) - 1}")
                value = entry.candidates[choice]["value"]
            row = store_records.get_row(s, entry.record_id)
            if row is None or row.deleted:
                raise NotFound("ไม่พบระเบียน", f"no record {entry.record_id}")
            data = json.loads(row.data)
            name, new_value = set_path(data, entry.path, value)
            form = get_form(row.form_id)
            clean = validate(form, {**data, name: new_value}, villages=lambda _t, _m: True)
            locked = lifecycle.check_edit(form.lifecycle, current=row.status)
            if locked is not None and clean.get(name) != data.get(name):
                # the server refuses it too (lifecycle.locked): keeping the value the locked
                # record shows closes the conflict, changing it needs the record unlocked
                raise KnownError(f"เลือกได้เฉพาะค่าที่ระเบียนแสดงอยู่: {locked.message_th}",
                                 f"only the value it shows can be kept: {locked.message_en}")
            store_records.changed_row(row, data=clean, title=title_of(row.form_id, clean)[0])
            store_records.write(s, row=row, kind="resolve", fields={name: clean.get(name)},
                                base_version=row.server_version)
            conflict_inbox.mark_resolving(s, conflict_ids=[
                e.conflict_id for e in conflict_inbox.inbox(s)
                if e.record_id == entry.record_id and _top(e.path) == name])
            view = store_records.view(row)
        return Saved.of(view, Changes((entry.record_id,), frozenset({form.id}), outbox=True))

    def fetch_attachment(self, sha256: str) -> Path:
        """The local file of an attachment, downloaded (and verified) on first use."""
        path = attachments.path_for(self.ws.folder, sha256)
        if path.exists():
            return path
        data = self._http().download_attachment(sha256)
        if not attachments.verify(data, sha256):
            raise SyncOffline("ไฟล์แนบที่ได้รับเสียหาย จะลองใหม่", f"attachment {sha256} corrupt")
        attachments.save(self.ws.folder, sha256, data)
        return path


def _push_body(ops: list[Op], *, device_id: str, private_key: str) -> dict[str, Any]:
    batch_id = ids.uuid7()
    message = batch_message(device_id=device_id, batch_id=batch_id,
                            op_hashes=[op.hash for op in ops])
    return {"protocol": PROTOCOL_CURRENT, "device_id": device_id, "batch_id": batch_id,
            "ops": [op.to_dict() for op in ops], "signature": signing.sign(private_key, message)}


def _top(path: str) -> str:
    return path.split("[", 1)[0].split(".", 1)[0]


def set_path(data: dict[str, Any], path: str, value: Any) -> tuple[str, Any]:
    """(top-level field, its new value) for a conflict path "field" or "field[item].key"."""
    name = _top(path)
    if "[" not in path:
        return name, value
    item_id, _, key = path[len(name) + 1:].partition("].")
    items = [dict(item) for item in data.get(name) or []]
    for item in items:
        if str(item.get("id")) == item_id:
            item[key] = value
    return name, items


def _check(cancel: threading.Event | None) -> None:
    check_cancel(cancel, "ยกเลิกการซิงค์แล้ว", "sync cancelled")
