"""The workspace holds its services (Anki's Collection): one sync client, USB exchange,
printing and attachments, reached through `ws` instead of module functions over it."""

import pytest

from tambon_desktop.core.errors import KnownError


def test_the_workspace_builds_one_sync_client_and_closes_it(workspace):
    engine = workspace.sync
    assert workspace.sync is engine  # built once: every caller shares its state
    assert engine.ws is workspace and engine.server_url is None
    strict = workspace.configure_sync(verify=False, timeout=5.0)
    assert workspace.sync is strict and strict is not engine


def test_usb_and_printing_are_reached_through_the_workspace(workspace, seed_meeting, tmp_path):
    assert workspace.exchange.ledger() == [] and workspace.exchange.relay_queue() == []
    with pytest.raises(KnownError) as info:  # never enrolled: no key to sign a bundle
        workspace.exchange.export_bundle(tmp_path)
    assert "ลงทะเบียน" in info.value.message_th
    style = workspace.printing.set_style(thai_digits=False)
    assert workspace.printing.style() == style and style["thai_digits"] is False
    meeting = workspace.records.create("meeting", seed_meeting["data"])
    assert workspace.printing.minutes_pdf(meeting.id).startswith(b"%PDF")
