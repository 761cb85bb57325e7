"""A new meeting from the last one of the same committee: what carries over (committee, venue,
area, the people and their roles, how it is recorded, who writes and signs the minutes) and
what starts afresh (number, date, times, absentees, guests, agenda). Plain Python."""

from __future__ import annotations

import copy

CARRIED = ("committee", "venue", "area", "electronic", "recording_style", "recorder", "checker",
           "certifier")
PERSON = ("prefix", "name", "position", "role")


def next_meeting(last: dict) -> dict:
    """Data for a new meeting that repeats `last` (new item ids: a new record's items)."""
    out = {k: copy.deepcopy(last[k]) for k in CARRIED if last.get(k) not in (None, "", [], {})}
    out["attendees"] = [{k: a[k] for k in PERSON if a.get(k)}
                        for a in last.get("attendees") or []]
    out["absentees"] = []
    return out
