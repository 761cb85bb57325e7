"""Removable drives a USB bundle can be written to, named the way the clerk's PC names them:
"KINGSTON (E:)" on Windows (GetLogicalDrives, GetDriveTypeW, GetVolumeInformationW), the
mounted stick's folder name under /media or /run/media on Linux."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW
MOUNT_ROOTS = ("/media/", "/run/media/")


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str


def drive_letters(mask: int) -> list[str]:
    """GetLogicalDrives' bit mask as letters: bit 0 is A:."""
    return [f"{chr(ord('A') + i)}:" for i in range(26) if mask >> i & 1]


def windows_label(letter: str, volume: str) -> str:
    """Explorer's way: the volume name, then the letter; a stick with no name is "USB"."""
    return f"{volume or 'USB'} ({letter})"


def _unescape_mount(field: str) -> str:
    r"""/proc/mounts writes space, tab, newline and backslash as \040, \011, \012, \134."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mounted_drives(mounts_text: str) -> list[Drive]:
    """Drives mounted under /media or /run/media (where desktops mount USB sticks), from the
    text of /proc/mounts. The file stores bytes: a Thai volume name arrives as UTF-8."""
    out = []
    for line in mounts_text.splitlines():
        fields = line.split(" ")  # not split(): bytes such as \xa0 of a UTF-8 name are no gap
        if len(fields) < 2:
            continue
        raw = _unescape_mount(fields[1])
        try:
            point = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            point = raw
        if point.startswith(MOUNT_ROOTS) and point.rstrip("/") not in ("/media", "/run/media"):
            out.append(Drive(Path(point), Path(point).name))
    return out


def _windows_drives() -> list[Drive]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    old_mode = kernel32.SetErrorMode(1)  # SEM_FAILCRITICALERRORS: no "insert a disk" box
    try:
        out = []
        for letter in drive_letters(kernel32.GetLogicalDrives()):
            root = letter + "\\"
            if kernel32.GetDriveTypeW(root) != DRIVE_REMOVABLE:
                continue
            name = ctypes.create_unicode_buffer(261)
            if not kernel32.GetVolumeInformationW(root, name, 261, None, None, None, None, 0):
                continue  # a card reader with no card
            out.append(Drive(Path(root), windows_label(letter, name.value)))
        return out
    finally:
        kernel32.SetErrorMode(old_mode)


def removable_drives() -> list[Drive]:
    """The removable drives present now (empty when none, or when the OS cannot say)."""
    try:
        if sys.platform == "win32":
            return _windows_drives()
        text = Path("/proc/mounts").read_text("latin-1")
    except OSError:
        return []
    return mounted_drives(text)
