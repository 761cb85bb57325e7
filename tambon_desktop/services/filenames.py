"""Default file names for what the clerk saves: minutes as "รายงานการประชุม<คณะ> ครั้งที่
2-2568.pdf", a project as "โครงการ<ชื่อ>.pdf"; characters no file system takes are dropped."""

from __future__ import annotations

import re

_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_STEM = 120


def clean_name(stem: str) -> str:
    stem = " ".join(_BAD.sub(" ", stem).split()).strip(" .")
    return stem[:MAX_STEM].rstrip(" .") or "เอกสาร"


def pdf_name(form_id: str, data: dict, title: str = "") -> str:
    if form_id == "meeting":
        stem = "รายงานการประชุม" + str(data.get("committee") or title)
        if data.get("number"):
            stem += f" ครั้งที่ {data['number']}"
            if data.get("year_be"):
                stem += f"-{data['year_be']}"  # "2/2568": a slash cannot be in a file name
    elif form_id == "project":
        name = str(data.get("name") or title)
        stem = name if name.startswith("โครงการ") else "โครงการ" + name
    else:
        stem = title
    return clean_name(stem) + ".pdf"


def openable_copy(folder, entry: dict):
    """An attachment (kept as <data>/attachments/<sha256>, no name) as a file with its own
    name and extension, so the system opens it with the right program."""
    import os
    import shutil
    from pathlib import Path

    from tambon_desktop.core.errors import KnownError
    from tambon_desktop.services import attachments

    sha = str(entry.get("sha256") or "")
    name = str(entry.get("name") or "ไฟล์แนบ")
    if not attachments.is_sha(sha) or not attachments.path_for(folder, sha).is_file():
        raise KnownError(f"ไม่พบไฟล์แนบ {name} ในเครื่องนี้ (อาจยังไม่ได้รับจากการซิงก์)",
                         f"attachment {name} ({sha[:12]}) is not on this PC")
    stem, dot, ext = name.rpartition(".")
    safe = clean_name(stem if dot else name) + (f".{clean_name(ext)}" if dot else "")
    target = Path(folder) / "opened" / sha[:16] / safe
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(attachments.path_for(folder, sha), tmp)
        os.replace(tmp, target)
    return target
