"""The office's print style (this PC): `tambon print-style` shows and sets it, `tambon minutes`
and the app's print action follow it; a bad value changes nothing."""

from __future__ import annotations

import json
import re

import pytest

from tambon_desktop.cli import main
from tests.helpers.pdf_helpers import pdftotext


def tambon(capsys, folder, *args):
    code = main(["--data-dir", str(folder), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def meeting_ws(tmp_path, capsys, seed_meeting):
    folder = tmp_path / "ws"
    assert tambon(capsys, folder, "init", "--district", "9501", "--user", "สมศรี")[0] == 0
    path = tmp_path / "m.json"
    path.write_text(json.dumps(seed_meeting, ensure_ascii=False), "utf-8")
    code, out, err = tambon(capsys, folder, "import", str(path))
    assert code == 0, err
    return folder, out.strip()


def test_print_style_is_kept_and_followed(meeting_ws, capsys, tmp_path):
    folder, record = meeting_ws
    code, out, _ = tambon(capsys, folder, "print-style")
    assert code == 0 and out.splitlines() == [
        "thai-digits: yes", "be-label: no", "weekday: yes", "continuation: no", "justify: yes"]
    default = tmp_path / "default.pdf"
    assert tambon(capsys, folder, "minutes", record, "-o", str(default))[0] == 0
    text = pdftotext(default, "-layout")
    assert "เมื่อวันพฤหัสบดีที่ ๒๐ มกราคม ๒๕๖๕" in text and not re.search(r"/\S+…\s*$", text, re.M)

    code, out, _ = tambon(capsys, folder, "print-style", "--thai-digits", "no", "--be-label",
                          "yes", "--weekday", "no", "--continuation", "yes")
    assert code == 0 and "continuation: yes" in out
    styled = tmp_path / "styled.pdf"
    assert tambon(capsys, folder, "minutes", record, "-o", str(styled))[0] == 0
    text = pdftotext(styled, "-layout")
    assert "เมื่อวันที่ 20 มกราคม พ.ศ. 2565" in text
    assert not re.search("[๐-๙]", text)
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    assert all(re.search(r"/\S.*…\s*$", p.rstrip()) for p in pages[:-1])  # คำต่อ

    # kept across runs; a bad value is refused and changes nothing
    with pytest.raises(SystemExit):
        main(["--data-dir", str(folder), "print-style", "--weekday", "maybe"])
    capsys.readouterr()
    code, out, _ = tambon(capsys, folder, "print-style")
    assert out.splitlines() == [
        "thai-digits: no", "be-label: yes", "weekday: no", "continuation: yes", "justify: yes"]
