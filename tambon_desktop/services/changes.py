"""What a mutation changed (Anki's OpChanges): returned by every write (as a result's
`.op_changes` where the write returns something else), announced once on the GUI thread with
the widget that started it (ui.tasks, `Workspace.publish`), so each screen decides whether to
refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    record_ids: tuple[str, ...] = ()
    forms: frozenset[str] = field(default_factory=frozenset)
    outbox: bool = False  # new ops wait to be sent
    settings: bool = False

    def __bool__(self) -> bool:
        return bool(self.record_ids or self.forms or self.outbox or self.settings)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.record_ids + other.record_ids, self.forms | other.forms,
                       self.outbox or other.outbox, self.settings or other.settings)


def changes_of(result: object) -> Changes:
    """The Changes a mutation returned: itself, or its result's `.op_changes` (none: empty)."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "op_changes", None)
    return found if isinstance(found, Changes) else Changes()
