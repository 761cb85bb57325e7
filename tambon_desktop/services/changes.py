"""What a mutation changed (Anki's OpChanges): returned by every write, published once with
the widget that started it, so each screen decides whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    record_ids: tuple[str, ...] = ()
    forms: frozenset[str] = field(default_factory=frozenset)
    outbox: bool = False  # new ops wait to be sent
    settings: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.record_ids + other.record_ids, self.forms | other.forms,
                       self.outbox or other.outbox, self.settings or other.settings)
