"""Text search over real SQLite files: a rare phrase made only of common trigrams, a search
restricted to one small form, list order and exact counts, by every strategy queries.py picks
between (index probe, walk in sort order, reading a small form's text)."""

from __future__ import annotations

import sqlite3

import pytest

from tambon_desktop.core.searchtext import fold
from tambon_desktop.services.workspace import Workspace
from tambon_desktop.store import queries
from tambon_desktop.store.queries import ListQuery

# Every trigram of RARE is inside มั่งคั่ง, which every seed record holds; RARE itself is in
# one record only.
RARE = "มั่งคั่งคั่ง"

# (probe size, small-form limit): the index's match set, the walk in sort order, direct read
STRATEGIES = [(2000, 0), (3, 0), (2000, 10_000)]


@pytest.fixture(params=STRATEGIES, ids=["index-set", "index-walk", "small-form-read"])
def strategy(request, monkeypatch):
    probe, small = request.param
    monkeypatch.setattr(queries, "_PROBE", probe)
    monkeypatch.setattr(queries, "_SMALL_FORM", small)
    return request.param


def _projects(ws, seed_project, names):
    return ws.records.create_many([("project", dict(seed_project["data"], name=n))
                                   for n in names])


def test_a_rare_phrase_of_common_trigrams_is_found_and_only_it(workspace, seed_project,
                                                               strategy):
    names = [f"โครงการมั่งคั่ง {i}" for i in range(8)]
    names[5] = "โครงการมั่งคั่งคั่งยืน"
    ids = _projects(workspace, seed_project, names)
    assert [r[0] for r in workspace.records.search(RARE)] == [ids[5]]
    assert [r[0] for r in workspace.records.search(RARE, form_id="project")] == [ids[5]]
    assert [r[0] for r in workspace.records.search("ั่งคั่งคั่งยื")] == [ids[5]]  # mid-word
    q = ListQuery("project", text=RARE, sort="title", descending=False)
    assert [r[0] for r in workspace.records.list(q)] == [ids[5]]
    assert workspace.records.count(q) == 1
    # trigrams all present, whole phrase nowhere
    assert workspace.records.search("คั่งคั่งมั่ง") == []
    assert workspace.records.count(ListQuery("project", text="คั่งคั่งมั่ง")) == 0
    assert len(workspace.records.search("มั่งคั่ง")) == 8


def test_a_search_restricted_to_a_form_returns_only_that_form(workspace, seed_project,
                                                               seed_meeting, strategy):
    word = "ข้าวเกรียบปลา"
    project_ids = _projects(workspace, seed_project, [f"{word} {i}" for i in range(12)])
    meetings = []
    for n in range(1, 5):
        venue = f"ศาลาประชาคม{word}" if n != 3 else "ศาลาประชาคม"
        meetings.append(workspace.records.create(
            "meeting", dict(seed_meeting["data"], number=n, venue=venue)).id)
    _projects(workspace, seed_project, [f"{word} ท้าย"])  # newer than the meetings
    want = [meetings[3], meetings[1], meetings[0]]  # newest first, meeting 3 lacks the word
    assert [r[0] for r in workspace.records.search(word, form_id="meeting")] == want
    assert {r[1] for r in workspace.records.search(word, form_id="meeting")} == {"meeting"}
    assert [r[0] for r in workspace.records.search(word, form_id="meeting", limit=2)] == want[:2]
    assert len(workspace.records.search(word, form_id="project")) == 13
    assert project_ids[0] not in [r[0] for r in workspace.records.search(word, limit=10)]
    q = ListQuery("meeting", text=word)
    assert sorted(r[0] for r in workspace.records.list(q)) == sorted(want)
    assert workspace.records.count(q) == 3
    workspace.records.delete(meetings[1])
    assert [r[0] for r in workspace.records.search(word, form_id="meeting")] == [
        meetings[3], meetings[0]]
    assert workspace.records.count(q) == 2


def test_list_search_keeps_the_sort_order_and_counts_exactly_up_to_the_cap(
        workspace, seed_project, monkeypatch, strategy):
    titles = ["ไก่บ้านมั่งคั่งคั่ง", "กองทุนมั่งคั่งคั่ง", "ขนมมั่งคั่งคั่ง", "เกษตรมั่งคั่งคั่ง",
              "งานจักสาน", "ฆ้องมั่งคั่งคั่ง", "ปลาแห้ง"]
    _projects(workspace, seed_project, titles)
    q = ListQuery("project", text=RARE, sort="title", descending=False)
    want = ["กองทุนมั่งคั่งคั่ง", "เกษตรมั่งคั่งคั่ง", "ไก่บ้านมั่งคั่งคั่ง", "ขนมมั่งคั่งคั่ง",
            "ฆ้องมั่งคั่งคั่ง"]  # Thai dictionary order: a leading vowel sorts after its consonant
    assert [r[2] for r in workspace.records.list(q)] == want
    assert [r[2] for r in workspace.records.list(
        ListQuery("project", text=RARE, sort="title", descending=True))] == want[::-1]
    assert [r[2] for r in workspace.records.list(
        ListQuery("project", text=RARE, sort="title", descending=False, offset=1, limit=2))
    ] == want[1:3]
    assert workspace.records.count(q) == 5
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    assert workspace.records.count(q) == 4  # "more than 3"
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    assert workspace.records.count(q) == 5  # exact at the cap


def test_ascii_text_matches_either_case_and_wildcards_stay_literal(workspace, seed_project,
                                                                   strategy):
    ids = _projects(workspace, seed_project, ["OTOP ตำบล 5%_x", "otop บ้าน 50 x"])
    assert sorted(r[0] for r in workspace.records.search("Otop")) == sorted(ids)
    assert sorted(r[0] for r in workspace.records.search("Otop", form_id="project")) == sorted(
        ids)
    assert [r[0] for r in workspace.records.search("5%_", form_id="project")] == [ids[0]]
    assert workspace.records.count(ListQuery("project", text="%_X")) == 1
    assert workspace.records.count(ListQuery("project", text="oT")) == 2  # under a trigram


def test_index_query_syntax_in_the_text_is_literal(workspace, seed_project, strategy):
    ids = _projects(workspace, seed_project, ['ป้าย "ดี" AND NEAR(x) * ^ : -', "ป้ายดี AND x"])
    for text in ['"ดี"', 'ป้าย "', "AND NEAR(x)", "* ^ : -", '"']:
        assert [r[0] for r in workspace.records.search(text)] == [ids[0]], text
        assert workspace.records.count(ListQuery("project", text=text)) == 1, text
    assert workspace.records.count_and_list(ListQuery("project", text="ป้าย")) == (
        2, workspace.records.list(ListQuery("project", text="ป้าย")))


def test_upgrade_to_a_positional_index_keeps_every_record_findable(tmp_path, seed_project):
    ws = Workspace.init(tmp_path, district="9501", user="ก")
    ids = _projects(ws, seed_project, ["โครงการมั่งคั่งคั่งยืน", "โครงการอื่น"])
    ws.close()
    conn = sqlite3.connect(tmp_path / "tambon.sqlite3", isolation_level=None)
    conn.executescript("""
        BEGIN;
        CREATE VIRTUAL TABLE old_fts USING fts5(body, tokenize = 'trigram', detail = 'none');
        INSERT INTO old_fts(rowid, body) SELECT id, c0 FROM record_fts_content;
        DROP TABLE record_fts;
        ALTER TABLE old_fts RENAME TO record_fts;
        PRAGMA user_version = 4;
        COMMIT;
    """)
    conn.close()
    ws = Workspace.open(tmp_path)
    try:
        conn = sqlite3.connect(tmp_path / "tambon.sqlite3")
        assert "detail = 'full'" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'record_fts'").fetchone()[0]
        # a phrase query needs positions (detail=none refuses it); the index holds the text
        # without tone marks (step 6)
        assert conn.execute("SELECT count(*) FROM record_fts WHERE record_fts MATCH ?",
                            (f'"{fold(RARE)}"',)).fetchone()[0] == 1
        conn.close()
        assert [r[0] for r in ws.records.search(RARE)] == [ids[0]]
        assert sorted(r[0] for r in ws.records.search("สะเตง")) == sorted(ids)
        ws.records.update(ids[1], dict(seed_project["data"], name="โครงการใหม่เอี่ยม"))
        assert [r[0] for r in ws.records.search("ใหม่เอี่ยม")] == [ids[1]]
    finally:
        ws.close()


def test_a_name_is_found_whatever_its_tone_marks(workspace, seed_meeting, strategy):
    data = dict(seed_meeting["data"])
    data["attendees"] = [dict(data["attendees"][0], name="อับดุลเล๊าะ มะแซ")]
    marked = workspace.records.create("meeting", data).id
    plain = workspace.records.create("meeting", dict(
        data, number=2, attendees=[dict(data["attendees"][0], name="ยูโซะ อับดุลเลาะ")])).id
    for text in ("อับดุลเลาะ", "อับดุลเล๊าะ", "อับดุลเล๋าะ"):  # any marks, or none
        assert sorted(r[0] for r in workspace.records.search(text)) == sorted([marked, plain])
        listed = workspace.records.list(ListQuery("meeting", text=text))
        assert sorted(r[0] for r in listed) == sorted([marked, plain])
    assert [r[0] for r in workspace.records.search("ยูโซ๊ะ")] == [plain]
    assert workspace.records.search("อับดุลลาะ") == []  # a missing letter is not a tone mark


def test_the_upgrade_folds_the_index_of_records_saved_before(tmp_path, seed_meeting):
    ws = Workspace.init(tmp_path, district="9501", user="ก")
    data = dict(seed_meeting["data"], attendees=[
        dict(seed_meeting["data"]["attendees"][0], name="อับดุลเล๊าะ มะแซ")])
    rid = ws.records.create("meeting", data).id
    ws.close()
    conn = sqlite3.connect(tmp_path / "tambon.sqlite3", isolation_level=None)
    conn.executescript("""
        BEGIN;
        CREATE VIRTUAL TABLE old_fts USING fts5(body, tokenize = 'trigram', detail = 'full');
        INSERT INTO old_fts(rowid, body)
            SELECT r.rowid, r.data FROM record r;  -- the marks as typed, as step 5 kept them
        DROP TABLE record_fts;
        ALTER TABLE old_fts RENAME TO record_fts;
        PRAGMA user_version = 5;
        COMMIT;
    """)
    conn.close()
    ws = Workspace.open(tmp_path)
    try:
        assert [r[0] for r in ws.records.search("อับดุลเลาะ")] == [rid]
    finally:
        ws.close()
