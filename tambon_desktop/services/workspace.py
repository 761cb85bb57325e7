"""The workspace: one local store and the services over it (Anki's Collection). The UI and
the CLI get one and pass it explicitly; nothing reaches for a global."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tambon_desktop.core import geo
from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.core.errors import KnownError
from tambon_desktop.core.ids import uuid7
from tambon_desktop.core.paths import data_dir as default_data_dir
from tambon_desktop.core.paths import resource_path
from tambon_desktop.services import lifecycle, scope
from tambon_desktop.services.attachments import Attachments
from tambon_desktop.services.changes import Changes
from tambon_desktop.services.records import Records
from tambon_desktop.store import queries
from tambon_desktop.store import records as store
from tambon_desktop.store import scope as store_scope
from tambon_desktop.store.db import DB_NAME, Database
from tambon_desktop.store.tables import Device, Village

if TYPE_CHECKING:
    from tambon_desktop.services.exchange import Exchange
    from tambon_desktop.services.printing import Printing
    from tambon_desktop.services.sync import SyncEngine

Listener = Callable[[Changes, object], None]


class Workspace:
    """One PC's store and its services: `records`, `attachments`, and, built on first use (so
    opening a workspace imports no network or PDF code), `sync`, `exchange`, `printing`."""

    def __init__(self, folder: Path, db: Database):
        self.folder = folder
        self.db = db
        self.records = Records(self)
        self.attachments = Attachments(self)
        self._sync: SyncEngine | None = None
        self._exchange: Exchange | None = None
        self._printing: Printing | None = None
        self._listeners: list[Listener] = []
        with db.read() as s:
            dev = store.device(s)
            if dev is None:
                raise KnownError(
                    "ยังไม่ได้ตั้งค่าพื้นที่ทำงาน (ใช้คำสั่ง tambon init)",
                    f"no workspace in {folder}: run 'tambon init --district CODE --user NAME'",
                )
            self.device_id, self.district = dev.device_id, dev.district
            self.user, self.role = dev.user_name, dev.role

    # -- opening -------------------------------------------------------------------------
    @staticmethod
    def path_in(folder: Path | str | None) -> Path:
        return default_data_dir(folder) / DB_NAME

    @classmethod
    def exists(cls, folder: Path | str | None = None) -> bool:
        path = cls.path_in(folder)
        if not path.exists():
            return False
        db = Database(path)
        try:
            with db.read() as s:
                return store.device(s) is not None
        finally:
            db.close()

    @classmethod
    def open(cls, folder: Path | str | None = None) -> Workspace:
        path = cls.path_in(folder)
        if not path.exists():
            raise KnownError(
                "ยังไม่ได้ตั้งค่าพื้นที่ทำงาน (ใช้คำสั่ง tambon init)",
                f"no workspace in {path.parent}: run 'tambon init --district CODE --user NAME'",
            )
        return cls(path.parent, Database(path))

    @classmethod
    def init(cls, folder: Path | str | None, *, district: str, user: str,
             role: str = "clerk") -> Workspace:
        district = district.strip()
        if len(district) != 4 or geo.check_area(district[:2], district):
            raise KnownError(f"ไม่พบรหัสอำเภอ '{district}'",
                             f"unknown district code '{district}' (4-digit DOPA code, e.g. 9501)")
        if not user.strip():
            raise KnownError("ต้องระบุชื่อผู้ใช้", "a user name is required")
        if role not in lifecycle.ROLES:
            raise KnownError(f"ไม่รู้จักบทบาท '{role}'",
                             f"unknown role '{role}' (one of {', '.join(lifecycle.ROLES)})")
        path = cls.path_in(folder)
        db = Database(path)
        with db.write() as s:
            if store.device(s) is not None:
                db.close()
                raise KnownError("พื้นที่ทำงานนี้ตั้งค่าไว้แล้ว",
                                 f"{path.parent} already holds a workspace")
            s.add(Device(device_id=uuid7(), district=district, user_name=user.strip(),
                         role=role, created_at=utc_now_iso()))
            store.audit(s, user=user.strip(), action="init", detail=district)
        return cls(path.parent, db)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
        self.db.close()

    # -- services built on first use ------------------------------------------------------
    @property
    def sync(self) -> SyncEngine:
        """The sync client of this workspace (one per workspace, built on first use)."""
        if self._sync is None:
            from tambon_desktop.services.sync import SyncEngine

            self._sync = SyncEngine(self)
        return self._sync

    def configure_sync(self, *, verify: bool | str = True, timeout: float = 30.0) -> SyncEngine:
        """Build the sync client with these TLS settings (the command line's --ca/--insecure)."""
        from tambon_desktop.services.sync import SyncEngine

        if self._sync is not None:
            self._sync.close()
        self._sync = SyncEngine(self, verify=verify, timeout=timeout)
        return self._sync

    @property
    def exchange(self) -> Exchange:
        """USB bundles: export, preview, import, the ledger and the relay queue."""
        if self._exchange is None:
            from tambon_desktop.services.exchange import Exchange

            self._exchange = Exchange(self)
        return self._exchange

    @property
    def printing(self) -> Printing:
        """Minutes and monthly reports as PDF, and the office's print style."""
        if self._printing is None:
            from tambon_desktop.services.printing import Printing

            self._printing = Printing(self)
        return self._printing

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- change propagation --------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def publish(self, changes: Changes, initiator: object = None) -> None:
        """Tell the listeners (the app's windows) what a mutation changed and who made it.
        Services return their Changes and never call this: the app's task helper does, once,
        on the GUI thread (ui.tasks), and so does the sync loop's adapter after a round."""
        for listener in list(self._listeners):
            listener(changes, initiator)

    # -- settings ------------------------------------------------------------------------
    def set_user(self, user: str, role: str) -> Changes:
        """Who works at this PC now (the clerk and the ปลัดอำเภอ may share it)."""
        if role not in lifecycle.ROLES:
            raise KnownError(f"ไม่รู้จักบทบาท '{role}'", f"unknown role '{role}'")
        if not user.strip():
            raise KnownError("ต้องระบุชื่อผู้ใช้", "a user name is required")
        with self.db.write() as s:
            dev = store.device(s)
            dev.user_name, dev.role = user.strip(), role
            s.add(dev)
            store.audit(s, user=user.strip(), action="set-user", detail=role)
        self.user, self.role = user.strip(), role
        return Changes(settings=True)

    # -- scope (services.scope) ----------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """A province or region officer's PC: it reads what districts send, writes nothing."""
        return scope.read_only(self.role)

    def scope_codes(self) -> list[str]:
        """A region officer's province and district codes as the server gave them at
        sign-in ([] for other roles, or before the first sign-in)."""
        with self.db.read() as s:
            return store_scope.get_scope(s)

    def set_scope(self, codes: list[str]) -> Changes:
        for code in codes:
            if not (code.isdigit() and len(code) in (2, 4) and geo.name_of(code)):
                raise KnownError(f"ไม่พบรหัสพื้นที่ '{code}'", f"unknown area code '{code}'")
        with self.db.write() as s:
            store_scope.set_scope(s, codes)
            store.audit(s, user=self.user, action="scope", detail=",".join(sorted(codes)))
        return Changes(settings=True)

    def scope_districts(self) -> tuple[str, ...]:
        """The district codes this PC shows: its own; its province's (province officer); every
        district of a region officer's provinces and its single districts."""
        return scope.scope_districts(self.role, self.district, self.scope_codes())

    def scope_label(self) -> str:
        """The same scope in Thai, for headings: 'จังหวัดยะลา', 'จังหวัดปัตตานี จังหวัดยะลา …'."""
        return scope.scope_label(self.role, self.district, self.scope_codes())

    def in_scope(self, district: str) -> bool:
        return district in self.scope_districts()

    def add_village(self, tambon: str, moo: int, name_th: str) -> None:
        problem = geo.check_area(tambon[:2], tambon[:4], tambon)
        if problem:
            raise KnownError(problem, f"unknown tambon code '{tambon}'")
        if not 1 <= moo <= 99 or not name_th.strip():
            raise KnownError("หมู่ที่ต้องเป็น 1–99 และต้องมีชื่อหมู่บ้าน", "moo 1-99 and a name")
        with self.db.write() as s:
            s.merge(Village(tambon=tambon, moo=moo, name_th=name_th.strip()))
            store.audit(s, user=self.user, action="village", detail=f"{tambon}/{moo}")

    def villages(self, tambon: str) -> list[tuple[int, str]]:
        with self.db.read() as s:
            return queries.villages(s, tambon)

    def outbox_counts(self) -> dict[str, int]:
        with self.db.read() as s:
            return queries.outbox_counts(s)

    def backup(self, target_dir: Path | str) -> Path:
        """A consistent copy of the local store, safe while the app writes."""
        target = Path(target_dir) / f"tambon-backup-{utc_now_iso().replace(':', '')}.sqlite3"
        try:
            return self.db.raw_backup(target)
        except OSError as exc:
            raise KnownError(f"สำรองข้อมูลไม่สำเร็จ: {exc.strerror}",
                             f"backup failed: {exc}") from None

    @classmethod
    def restore(cls, folder: Path | str | None, backup_file: Path | str) -> Path:
        """Put a backup in place of the local store (the app must be closed). The current file
        is kept beside it as tambon.sqlite3.replaced-<time>; returns that path."""
        import shutil
        import sqlite3

        source = Path(backup_file)
        try:
            conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                has_device = conn.execute("SELECT count(*) FROM device").fetchone()[0] == 1
            finally:
                conn.close()
        except sqlite3.Error:
            ok = has_device = False
        if not (ok and has_device):
            raise KnownError("ไฟล์สำรองเสียหรือไม่ใช่ไฟล์สำรองของโปรแกรมนี้",
                             f"{source} is not a sound Tambon Desktop backup")
        target = cls.path_in(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = target.with_name(f"{target.name}.replaced-{utc_now_iso().replace(':', '')}")
        if target.exists():
            for suffix in ("-wal", "-shm"):  # fold the WAL in before moving the file aside
                if Path(str(target) + suffix).exists():
                    conn = sqlite3.connect(target)
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    conn.close()
                    break
            shutil.move(target, kept)
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
        tmp = target.with_name(target.name + ".restoring")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        Database(target).close()  # migrate an older backup now, refuse a newer one
        return kept

    # -- demo ----------------------------------------------------------------------------
    def load_samples(self) -> list[str]:
        """Import the seed meeting and project (the demo workspace)."""
        ids = []
        self.records.samples = True
        try:
            for name in ("seed-meeting.json", "seed-project.json"):
                obj = json.loads(resource_path("resources", "samples", name).read_text("utf-8"))
                ids.append(self.records.create(obj["form"], obj["data"]).id)
        finally:
            self.records.samples = False
        return ids
