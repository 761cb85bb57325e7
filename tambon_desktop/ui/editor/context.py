"""What field widgets may ask of the workspace (people used before, villages, records to
reference), behind one small object so the widgets stay testable."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tambon_desktop.core.errors import KnownError

if TYPE_CHECKING:
    from tambon_desktop.services.workspace import Workspace


@dataclass
class EditorContext:
    ws: Workspace | None = None
    folder: Path | None = None
    read_only: bool = False
    _people: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)

    def people(self, text: str) -> list[tuple[str, str, str, str]]:
        """(prefix, name, position, role) of people whose name holds `text` (cached)."""
        if self.ws is None:
            return []
        if text not in self._people:
            self._people[text] = self.ws.records.people(text)
        return self._people[text]

    def villages(self, tambon: str) -> list[tuple[int, str]]:
        return self.ws.villages(tambon) if self.ws and tambon else []

    def records(self, form_id: str) -> list[tuple[str, str, str]]:
        """(id, title, date) of recent records of a form, for a reference picker."""
        if self.ws is None:
            return []
        from tambon_desktop.services.records import ListQuery

        return [(r[0], r[2], r[3]) for r in self.ws.records.list(ListQuery(form_id, limit=500))]

    def record_title(self, record_id: str) -> str:
        try:
            view = self.ws.records.get(record_id) if self.ws else None
        except KnownError:  # a dangling reference shows its id
            return record_id
        return f"{view.title} ({view.record_date})" if view else record_id
