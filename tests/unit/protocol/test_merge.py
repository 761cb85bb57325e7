"""protocol.merge: pure three-way field merge; the winner never depends on arrival order."""

from __future__ import annotations

import itertools

from tambon_desktop.protocol.merge import Stamp, merge_fields, merge_items, replay_pending

BASE = {"title": "t", "place": "p", "items": [{"id": "1", "x": 1}]}


def apply(current, meta, incoming, writer, base_version, base=BASE):
    return merge_fields(current=current, meta=meta, base=base, incoming=incoming,
                        writer=writer, base_version=base_version)


def test_sequential_edit_applies():
    meta = {"title": Stamp("001", "A", "o1", 1)}
    r = apply(BASE, meta, {"title": "new"}, Stamp("002", "B", "o2", 2), base_version=1)
    assert r.data["title"] == "new" and not r.conflicts


def test_disjoint_fields_merge():
    meta = {"title": Stamp("005", "A", "o1", 2), "place": Stamp("001", "A", "o0", 1)}
    current = {**BASE, "title": "A's"}
    r = apply(current, meta, {"place": "B's"}, Stamp("003", "B", "o2", 3), base_version=1)
    assert r.data == {**BASE, "title": "A's", "place": "B's"} and not r.conflicts


def test_same_field_keeps_both_and_winner_is_order_free():
    a = ("A's", Stamp("005", "devA", "oa"))
    b = ("B's", Stamp("004", "devB", "ob"))
    results = []
    for first, second in itertools.permutations([a, b]):
        meta = {"title": Stamp("000", "init", "o0", 1)}
        r1 = apply(BASE, meta, {"title": first[0]},
                   Stamp(first[1].hlc, first[1].device_id, first[1].op_id, 2), 1)
        r2 = apply(r1.data, r1.meta, {"title": second[0]},
                   Stamp(second[1].hlc, second[1].device_id, second[1].op_id, 3), 1)
        assert len(r2.conflicts) == 1
        conflict = r2.conflicts[0]
        results.append((r2.data["title"], [c.value for c in conflict.candidates],
                        conflict.winner))
    assert results[0] == results[1] == ("A's", ["B's", "A's"], 1)


def test_tie_on_clock_broken_by_device_id():
    meta = {"title": Stamp("005", "devZ", "oz", 2)}
    r = apply({**BASE, "title": "Z"}, meta, {"title": "A"}, Stamp("005", "devA", "oa", 3), 1)
    assert r.data["title"] == "Z" and r.conflicts[0].candidates[1].value == "Z"


def test_repeat_group_merges_per_item():
    base = [{"id": "1", "x": 1, "y": 1}, {"id": "2", "x": 2}]
    mine = [{"id": "1", "x": 10, "y": 1}, {"id": "2", "x": 2}, {"id": "3", "x": 3}]
    theirs = [{"id": "1", "x": 1, "y": 20}, {"id": "4", "x": 4}]  # deleted item 2
    merged, conflicts = merge_items(base=base, current=theirs, incoming=mine,
                                    current_stamp=Stamp("1", "B"), incoming_stamp=Stamp("2", "A"),
                                    path="items")
    assert merged == [{"id": "1", "x": 10, "y": 20}, {"id": "4", "x": 4}, {"id": "3", "x": 3}]
    assert not conflicts


def test_repeat_group_same_key_conflict_path():
    base = [{"id": "1", "x": 1}]
    merged, conflicts = merge_items(base=base, current=[{"id": "1", "x": 2}],
                                    incoming=[{"id": "1", "x": 3}],
                                    current_stamp=Stamp("9", "B"), incoming_stamp=Stamp("2", "A"),
                                    path="items")
    assert merged == [{"id": "1", "x": 2}] and conflicts[0].path == "items[1].x"


def test_modified_item_beats_deletion():
    base = [{"id": "1", "x": 1}]
    merged, _ = merge_items(base=base, current=[], incoming=[{"id": "1", "x": 5}],
                            current_stamp=Stamp("1", "B"), incoming_stamp=Stamp("2", "A"),
                            path="items")
    assert merged == [{"id": "1", "x": 5}]


def test_replay_pending_keeps_local_on_top_and_server_items():
    server = {"title": "server", "items": [{"id": "1"}, {"id": "S"}]}
    base = {"title": "old", "items": [{"id": "1"}]}
    view = replay_pending(server=server, base=base,
                          edits=[{"title": "mine", "items": [{"id": "1"}, {"id": "L"}]}])
    assert view["title"] == "mine"
    assert [i["id"] for i in view["items"]] == ["1", "S", "L"]
