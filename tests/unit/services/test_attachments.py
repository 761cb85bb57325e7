"""services/attachments: where an attachment is kept and how it is checked, in one place."""

import hashlib

import pytest

from tambon_desktop.core.errors import KnownError
from tambon_desktop.services import attachments

BODY = "สำเนาหนังสือเชิญประชุม".encode()
SHA = hashlib.sha256(BODY).hexdigest()


def test_an_attachment_is_kept_under_its_sha_in_the_data_folder(tmp_path):
    assert attachments.path_for(tmp_path, SHA) == tmp_path / "attachments" / SHA
    assert attachments.read(tmp_path, SHA) is None  # not on this PC
    assert attachments.save(tmp_path, SHA, BODY) is True
    assert (tmp_path / "attachments" / SHA).read_bytes() == BODY
    assert attachments.save(tmp_path, SHA, BODY) is False  # kept once
    assert attachments.read(tmp_path, SHA) == BODY
    assert not list((tmp_path / "attachments").glob("*.part"))


@pytest.mark.parametrize("bad", ["../" * 21 + "x", SHA.upper(), SHA[:-1], "", SHA + "0"])
def test_a_name_that_is_not_a_sha_is_refused_before_any_file_is_touched(tmp_path, bad):
    with pytest.raises(KnownError) as info:
        attachments.path_for(tmp_path, bad)
    assert "ไฟล์แนบ" in info.value.message_th
    assert not (tmp_path / "attachments").exists()


def test_a_file_whose_content_no_longer_matches_its_name_is_refused(tmp_path):
    path = attachments.path_for(tmp_path, SHA)
    path.parent.mkdir()
    path.write_bytes(BODY + b"!")
    assert not attachments.verify(path.read_bytes(), SHA)
    assert attachments.verify(BODY, SHA)
    with pytest.raises(KnownError) as info:
        attachments.read(tmp_path, SHA)
    assert info.value.message_th == f"ไฟล์แนบ {SHA[:12]} เสียหาย"


def test_a_picked_file_is_copied_in_and_described_for_the_form(tmp_path):
    source = tmp_path / "หนังสือเชิญ.pdf"
    source.write_bytes(BODY)
    entry = attachments.add_file(tmp_path / "data", source)
    assert entry == {"sha256": SHA, "name": "หนังสือเชิญ.pdf", "size": len(BODY),
                     "mime": "application/pdf"}
    assert attachments.read(tmp_path / "data", SHA) == BODY
    assert attachments.file_sha256(source) == SHA
    with pytest.raises(KnownError) as info:
        attachments.add_file(tmp_path / "data", tmp_path / "ไม่มี.pdf")
    assert "แนบไฟล์ไม่สำเร็จ" in info.value.message_th


def test_refs_finds_every_attachment_inside_nested_form_data():
    other = "a" * 64
    data = {"docs": [{"sha256": SHA, "name": "x"}],
            "agenda": [{"items": [{"files": [{"sha256": other}]}]}],
            "note": {"sha256": "not-a-sha"}, "title": SHA}
    assert attachments.refs(data) == {SHA, other}


def test_the_workspace_holds_its_attachments(workspace, tmp_path):
    source = tmp_path / "scan.png"
    source.write_bytes(BODY)
    entry = workspace.attachments.add_file(source)
    assert workspace.attachments.path_for(entry["sha256"]) == (
        workspace.folder / "attachments" / SHA)
    assert workspace.attachments.has(SHA) and workspace.attachments.read(SHA) == BODY
