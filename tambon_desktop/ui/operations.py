"""UI operations as verbs with keyword-only arguments (Anki's operations/*.py): each runs
through ui.tasks (writes serialised on the database worker) and calls back on the GUI thread.
Every write returns its Changes; the task announces them once, with the widget that started
it (`parent`), and screens listening to the workspace refresh what they show of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from tambon_desktop.services.changes import Changes
from tambon_desktop.ui.tasks import Progress, Task

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace

Callback = Callable[[Any], None]


def save_record(*, parent: QWidget, ws: Workspace, form_id: str, record_id: str | None,
                data: dict, on_done: Callback, on_failed=None) -> Task:
    def op(_p: Progress):
        if record_id is None:
            return ws.records.create(form_id, data)
        return ws.records.update(record_id, data)

    task = Task(parent=parent, op=op).success(on_done).announce(ws)
    if on_failed:
        task.failure(on_failed)
    return task.run_in_background()


def transition_record(*, parent: QWidget, ws: Workspace, record_id: str, action: str,
                      comment: str, on_done: Callback) -> Task:
    return Task(parent=parent, op=lambda _p: ws.records.transition(
        record_id, action, comment=comment)).success(on_done).announce(ws).run_in_background()


def delete_records(*, parent: QWidget, ws: Workspace, record_ids: list[str],
                   on_done: Callback) -> Task:
    def op(progress: Progress) -> Changes:
        changes = Changes()
        for n, rid in enumerate(record_ids):
            progress.update(n, len(record_ids))
            changes |= ws.records.delete(rid)
        return changes

    return Task(parent=parent, op=op).success(on_done).announce(ws).run_in_background()


def set_user(*, parent: QWidget, ws: Workspace, user: str, role: str, on_done: Callback) -> Task:
    return Task(parent=parent, op=lambda _p: ws.set_user(user, role)).success(
        on_done).announce(ws).run_in_background()


def set_print_style(*, parent: QWidget, ws: Workspace, style: dict[str, bool],
                    on_done: Callback) -> Task:
    return Task(parent=parent, op=lambda _p: ws.printing.set_style(**style)).success(
        on_done).run_in_background()


def import_files(*, parent: QWidget, ws: Workspace, paths: list[Path], label: str,
                 on_done: Callback) -> Task:
    from tambon_desktop.services import interchange
    from tambon_desktop.services.records import RecordIds

    def op(progress: Progress) -> RecordIds:
        ids, changes = [], Changes()
        for n, path in enumerate(paths):
            progress.update(n, len(paths), path.name)
            saved = interchange.import_file(ws, path)
            ids.append(saved.id)
            changes |= saved.op_changes
        return RecordIds(ids, changes)

    return Task(parent=parent, op=op).with_progress(label).success(on_done).announce(
        ws).run_in_background()


def export_record(*, parent: QWidget, ws: Workspace, record_id: str, path: Path,
                  on_done: Callback) -> Task:
    import json

    from tambon_desktop.core.files import write_atomic
    from tambon_desktop.services import interchange

    def op(_p: Progress):
        obj = interchange.export_record(ws, record_id)  # sensitive fields left out
        write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8"))
        return path

    return Task(parent=parent, op=op, kind="io").success(on_done).run_in_background()


def backup(*, parent: QWidget, ws: Workspace, target_dir: Path, on_done: Callback) -> Task:
    return Task(parent=parent, op=lambda _p: ws.backup(target_dir), kind="io").success(
        on_done).run_in_background()
