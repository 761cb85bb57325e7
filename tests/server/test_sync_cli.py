"""`tambon login`, `tambon sync`, `tambon sync --status`, `tambon conflicts` end to end."""

from __future__ import annotations

import io
import json

from tambon_desktop import cli
from tests.helpers.sync_harness import PASSWORD, add_user_direct, project, server_db_url


def run(capsys, monkeypatch, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_login_sync_status_conflicts(server, tmp_path, capsys, monkeypatch):
    add_user_direct(server_db_url(server), "cli_user", district="9501")
    d = str(tmp_path / "pc")
    assert run(capsys, monkeypatch, "--data-dir", d, "init", "--district", "9501",
               "--user", "cli_user")[0] == 0
    code, out, err = run(capsys, monkeypatch, "--data-dir", d, "login", "--server", server.url,
                         "--user", "cli_user", "--password-stdin", stdin="wrong-password\n")
    assert code == 1 and "401" in err
    code, out, _ = run(capsys, monkeypatch, "--data-dir", d, "login", "--server", server.url,
                       "--user", "cli_user", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and out.startswith("signed in as cli_user")
    from tambon_desktop.services.workspace import Workspace

    with Workspace.open(d) as ws:
        ws.records.create("project", project("9501"))
    code, out, _ = run(capsys, monkeypatch, "--data-dir", d, "sync", "--status")
    assert "pending 1" in out
    code, out, _ = run(capsys, monkeypatch, "--data-dir", d, "sync")
    assert code == 0 and out.startswith("pushed 1 (acknowledged 1")
    code, out, _ = run(capsys, monkeypatch, "--data-dir", d, "sync", "--status", "--json")
    status = json.loads(out)
    assert (status["pending"], status["acked"], status["rejected"], status["conflicts"]) == (
        0, 1, 0, 0)
    code, out, _ = run(capsys, monkeypatch, "--data-dir", d, "conflicts")
    assert code == 0 and "no open conflicts" in out
    code, _, err = run(capsys, monkeypatch, "--data-dir", d, "conflicts", "resolve", "nope",
                       "--choose", "0")
    assert code == 1 and "no open conflict" in err
